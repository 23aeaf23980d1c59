import { test, expect, confirmImportPreview } from './fixtures'

const XSS_HTML = `<!doctype html><html><head><title>沛县 XSS 测试</title>
<meta http-equiv="refresh" content="0;url=https://example.com/">
<base href="https://example.com/">
<script>alert('head')</script><style>body{display:none}</style></head>
<body onload="alert('body')">
<h1>沛县</h1>
<p>招商引资新闻<script>alert(1)</script></p>
<p><img src=x onerror="alert('img')">图片说明</p>
<p><a href="javascript:alert('js')">javascript 链接</a> <a href="data:text/html,<script>alert(1)</script>">data 链接</a>
<a href="file:///etc/passwd">file 链接</a> <a href="smb://evil/share">smb 链接</a></p>
<svg><script>alert('svg')</script></svg>
<iframe srcdoc="<script>alert('iframe')</script>"></iframe>
<p>1月26日，沛县经济开发区举行招商引资动员会议。</p>
</body></html>`

test('an HTML file full of XSS payloads is shown as text: no script runs, nothing opens', async ({ app }) => {
  const { page } = app
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([{ name: 'xss.html', mimeType: 'text/html', buffer: Buffer.from(XSS_HTML) }])
  await confirmImportPreview(page)
  await expect(page.getByRole('dialog', { name: '导入完成' })).toContainText('新增 1 个文件')
  await page.getByRole('searchbox', { name: '搜索' }).fill('javascript 链接')
  const results = page.getByRole('listbox', { name: '报告' }).getByRole('option')
  await expect(results).toHaveCount(1)
  await results.first().click()
  const report = page.locator('.report')
  await expect(report).toContainText('javascript 链接')
  await expect(report).toContainText('沛县经济开发区举行招商引资动员会议')
  await expect(report).not.toContainText('alert(')
  expect(await report.locator('a, img, script, iframe, svg').count()).toBe(0)

  // A note with hostile Markdown is rendered without its script or its javascript: link.
  const box = await report.locator('p').filter({ hasText: '动员会议' }).boundingBox()
  await page.mouse.move(box!.x + 40, box!.y + 10)
  await page.mouse.down()
  await page.mouse.move(box!.x + 160, box!.y + 10, { steps: 6 })
  await page.mouse.up()
  await page.getByRole('toolbar', { name: '高亮' }).getByRole('button', { name: '添加批注' }).click()
  await page
    .getByRole('textbox', { name: '批注' })
    .fill('<img src=x onerror=alert(1)> [点我](javascript:alert(1)) [官网](https://www.xz.gov.cn/)')
  await page.getByRole('button', { name: '保存', exact: true }).click()
  const panel = page.getByRole('complementary', { name: '本文批注' })
  await expect(panel.locator('a')).toHaveCount(2)
  await expect(panel.locator('a').first()).not.toHaveAttribute('href', /.+/u)
  await expect(panel.locator('a').last()).toHaveAttribute('href', 'https://www.xz.gov.cn/')
  expect(await panel.locator('img').count()).toBe(0)
  await page.waitForTimeout(300)
  expect(dialogs).toEqual([])
  expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//u)
})

test('the printed address opens the library once; the session cookie is out of reach of scripts', async ({
  app,
}) => {
  test.skip(app.url.startsWith('app:'), 'browser mode only: the desktop app has no address or cookie')
  const { page } = app
  await expect(page.getByText('9 篇报告')).toBeVisible()
  expect(page.url()).not.toContain('launch=')
  expect(await page.evaluate(() => document.cookie)).toBe('')
  // The address as the browser's history kept it opens nothing any more.
  const other = await page.context().browser()!.newContext()
  const stranger = await other.newPage()
  await stranger.goto(app.url)
  const answer = await stranger.request.post(`${new URL(app.url).origin}/api/libraryInfo`, {
    headers: { 'content-type': 'application/json' },
    data: {},
  })
  expect(answer.status()).toBe(403)
  await other.close()
})
