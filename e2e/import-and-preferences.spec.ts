import { execFileSync } from 'node:child_process'
import { test, expect, screenshot, confirmImportPreview } from './fixtures'
import { pdfFromHtml } from '../src/main/core/test-support/documents'

test('importing files from the UI shows progress and a summary, and the reports appear', async ({
  app,
}, testInfo) => {
  const { page } = app
  const utf8 = Buffer.from(
    '2023年\n新沂\n新沂港区\n再添新航线\n3月2日，新沂港区开通至连云港的集装箱新航线，首批货物4.6万吨。\n来源：新沂发布\n'
  )
  const gb18030 = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], {
    input: '2023年\n丰县\n丰县牛蒡出口\n同比增长两成\n3月5日，丰县牛蒡出口额达1.2亿元，同比增长21%。\n',
  })
  await page.locator('input[type=file]').setInputFiles([
    { name: '新沂港区.txt', mimeType: 'text/plain', buffer: utf8 },
    { name: '丰县.txt', mimeType: 'text/plain', buffer: gb18030 },
    { name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]) },
  ])
  await confirmImportPreview(page)
  const summary = page.getByRole('dialog', { name: '导入完成' })
  await expect(summary).toBeVisible()
  await expect(summary).toContainText('新增 2 个文件，2 篇报告')
  await expect(summary).toContainText('NOT_TEXT')
  await screenshot(page, testInfo, 'import-summary')
  await expect(page.getByText('11 篇报告')).toBeVisible()
  // The welcome counts the sample, not the whole library.
  await expect(page.getByRole('status').filter({ hasText: '欢迎' })).toContainText('9 篇区县报告')

  await page.getByRole('searchbox', { name: '搜索' }).fill('牛蒡')
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await page.getByRole('listbox', { name: '报告' }).getByText('丰县').first().click()
  await expect(page.locator('.report')).toContainText('丰县牛蒡出口额达1.2亿元')
  await page.keyboard.press('Escape')
})

test('dark mode, larger text and English are applied and remembered', async ({ app }, testInfo) => {
  const { page } = app
  await page.getByRole('combobox', { name: '主题' }).selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByRole('button', { name: '切换语言' }).click()
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible()
  await expect(page.getByText('9 reports')).toBeVisible()
  await screenshot(page, testInfo, 'dark-english')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible()
})

test('a file whose encoding is unclear can be previewed in each encoding and imported as one', async ({
  app,
}) => {
  const { page } = app
  const text =
    '2023年\n邳州\n运河新城建设提速\n' +
    '2月3日，邳州运河新城重点项目集中开工，总投资12.8亿元。'.repeat(12) +
    '\n'
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text })
  // One damaged byte in the middle: no encoding reads it perfectly.
  const cut = gb.indexOf(0x0a, 100) + 1
  const damaged = Buffer.concat([gb.subarray(0, cut), Buffer.from([0xff]), gb.subarray(cut)])
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([{ name: '邳州.txt', mimeType: 'text/plain', buffer: damaged }])
  await confirmImportPreview(page)
  const summary = page.getByRole('dialog', { name: '导入完成' })
  await expect(summary).toContainText('ENCODING_UNKNOWN')
  await summary.getByRole('button', { name: '选择编码…' }).click()
  const choices = summary.getByRole('list', { name: '选择编码…' })
  await expect(choices.getByRole('listitem')).toHaveCount(5)
  await expect(choices).toContainText('运河新城建设提速')
  await choices.getByRole('button', { name: '按 GB18030 导入' }).click()
  await expect(summary).toContainText('新增 1 个文件，1 篇报告')
  await expect(summary).not.toContainText('ENCODING_UNKNOWN')
  await page.getByRole('searchbox', { name: '搜索' }).fill('运河新城')
  await expect(page.getByText('1 篇报告', { exact: true })).toBeVisible()
})

test('back up the library in the app, change it, and restore the backup', async ({ app }) => {
  const { page } = app
  const sidebar = page.getByRole('region', { name: '文库' })
  await sidebar.getByRole('button', { name: '备份文库' }).click()
  await expect(sidebar.getByRole('status')).toContainText('已备份')
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([
      {
        name: '贾汪.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('2023年\n贾汪区\n潘安湖畔\n2月9日，贾汪区召开会议。\n'),
      },
    ])
  await confirmImportPreview(page)
  await expect(page.getByText('10 篇报告')).toBeVisible()
  page.once('dialog', (d) => void d.accept())
  await sidebar.getByRole('button', { name: '恢复…' }).click()
  await sidebar.getByRole('list', { name: '备份' }).getByRole('button').first().click()
  await expect(sidebar.getByRole('status')).toContainText('已从备份恢复文库')
  await expect(page.getByText('9 篇报告')).toBeVisible()
  // The backup held no search index and no report texts: both were made again on restore.
  await page.getByRole('searchbox', { name: '搜索' }).fill('佰斯拓')
  await expect(page.getByText('1 篇报告', { exact: true })).toBeVisible()
  await page.getByRole('listbox', { name: '报告' }).getByText('睢宁').first().click()
  await expect(page.locator('.report')).toContainText('佰斯拓工业风机研发制造项目成功签约')
})

test('an import the window did not start (the desktop menu, another window) ends with its summary too', async ({
  app,
}) => {
  test.skip(
    app.url.startsWith('app:'),
    'the desktop menu is driven by hand; browser mode shows the same event'
  )
  const { page } = app
  await expect(page.getByText('9 篇报告')).toBeVisible()
  const origin = new URL(app.url).origin
  const text = '2023年\n丰县\n丰县牛蒡出口\n3月5日，丰县牛蒡出口额达1.2亿元。\n'
  // Another client of the same session (the page's cookie), as the desktop menu is.
  const response = await page.request.post(`${origin}/api/importFiles`, {
    headers: { 'content-type': 'application/json' },
    data: { files: [{ name: '丰县.txt', dataBase64: Buffer.from(text).toString('base64') }] },
  })
  expect(response.status()).toBe(200)
  const summary = page.getByRole('dialog', { name: '导入完成' })
  await expect(summary).toContainText('新增 1 个文件，1 篇报告')
  await expect(page.getByText('10 篇报告')).toBeVisible()
})

test('browser mode keeps one event stream for the window, and what it pushes still arrives', async ({
  app,
}) => {
  test.skip(app.url.startsWith('app:'), 'browser mode only: the desktop app gets its events over IPC')
  const { page } = app
  // The first load's own stream opened (its session is open once its list shows), then a fresh load.
  await expect(page.getByText('9 篇报告')).toBeVisible()
  const streams: string[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/events') streams.push(r.url())
  })
  await page.reload()
  await expect(page.getByText('9 篇报告')).toBeVisible()
  // An import made beside the window (as another tab would): the pushed change refreshes its list.
  const answer = await page.request.post(`${new URL(page.url()).origin}/api/importFiles`, {
    data: {
      files: [
        {
          name: '睢宁.txt',
          dataBase64: Buffer.from('2023年\n睢宁\n睢宁新闻\n3月9日，睢宁县召开招商推介会。\n').toString(
            'base64'
          ),
        },
      ],
    },
  })
  expect(answer.ok()).toBe(true)
  await expect(page.getByText('10 篇报告')).toBeVisible()
  // Each stream holds one of the browser's six connections to the host: the calls keep the rest.
  expect(streams).toHaveLength(1)
})

test('a PDF saved as .txt is read as a PDF; an old .doc is refused with what to do', async ({ app }) => {
  const { page } = app
  const pdf = await pdfFromHtml('<h2>贾汪区</h2><p>2月9日，贾汪区召开潘安湖片区招商推介会，签约项目6个。</p>')
  const ole = Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(600),
  ])
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([
      { name: '打印件.txt', mimeType: 'text/plain', buffer: pdf },
      { name: '旧版简报.doc', mimeType: 'application/msword', buffer: ole },
    ])
  await confirmImportPreview(page)
  const summary = page.getByRole('dialog', { name: '导入完成' })
  await expect(summary).toContainText('新增 1 个文件，1 篇报告')
  await expect(summary).toContainText(
    '旧版简报.doc：这是旧版 Word/WPS 或 RTF 文件，请在 Word 或 WPS 中另存为 Word 文档（.docx）再导入。'
  )
  await summary.getByRole('button', { name: '关闭' }).click()
  await page.getByRole('searchbox', { name: '搜索' }).fill('潘安湖片区')
  await expect(page.getByText('1 篇报告', { exact: true })).toBeVisible()
})
