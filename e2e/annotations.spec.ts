import { test, expect, screenshot, selectWithMouse } from './fixtures'

test('highlight a passage with the mouse, add a note, and find it again after a reload', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page.getByRole('listbox', { name: '报告' }).getByText('睢宁').first().click()
  await expect(page.locator('.report')).toContainText('佰斯拓工业风机研发制造项目')

  await selectWithMouse(page, '佰斯拓工业风机研发制造项目')
  const toolbar = page.getByRole('toolbar', { name: '高亮' })
  await expect(toolbar).toBeVisible()
  await toolbar.getByRole('button', { name: '添加批注' }).click()
  const editor = page.getByRole('dialog', { name: '批注' })
  await editor.getByRole('textbox', { name: '批注' }).fill('签约项目：**1.6亿元**，关注落地进度')
  await editor.getByRole('textbox', { name: '标签' }).fill('招商, 睢宁')
  await editor.getByRole('button', { name: '保存' }).click()
  await expect(page.locator('mark.anno')).toHaveText('佰斯拓工业风机研发制造项目')
  await screenshot(page, testInfo, 'annotated-report')

  await page.reload()
  await page.getByRole('listbox', { name: '报告' }).getByText('睢宁').first().click()
  await expect(page.locator('mark.anno')).toHaveText('佰斯拓工业风机研发制造项目')
  const panel = page.getByRole('complementary', { name: '本文批注' })
  await expect(panel).toContainText('佰斯拓工业风机研发制造项目')
  await expect(panel.locator('strong')).toHaveText('1.6亿元')
  await expect(panel).toContainText('#招商 #睢宁')

  await page.getByRole('complementary', { name: '区县' }).getByRole('button', { name: /#招商/u }).click()
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await page.getByRole('button', { name: '批注本' }).click()
  const notebook = page.getByRole('main', { name: '批注本' })
  await expect(notebook).toContainText('佰斯拓工业风机研发制造项目')
  await screenshot(page, testInfo, 'notebook')
  const downloading = page.waitForEvent('download')
  await notebook.getByRole('button', { name: '导出 Markdown' }).click()
  const download = await downloading
  const markdown = await (await download.createReadStream()).toArray()
  const text = Buffer.concat(markdown).toString('utf8')
  expect(text).toContain('> 佰斯拓工业风机研发制造项目')
  expect(text).toContain('签约项目：**1.6亿元**，关注落地进度')

  await notebook.getByRole('button', { name: /佰斯拓/u }).click()
  await expect(page.locator('mark.anno')).toBeFocused()
})

test('a colour highlight can be edited, deleted and restored with undo', async ({ app }) => {
  const { page } = app
  await page.getByRole('listbox', { name: '报告' }).getByText('泉山区').first().click()
  await selectWithMouse(page, '发展是第一要务')
  await page.getByRole('toolbar', { name: '高亮' }).getByRole('button', { name: '高亮 绿色' }).click()
  const mark = page.locator('mark.anno')
  await expect(mark).toHaveClass(/anno-green/u)
  await mark.click()
  const editor = page.getByRole('dialog', { name: '批注' })
  await editor.getByRole('button', { name: '高亮 紫色' }).click()
  await editor.getByRole('button', { name: '保存' }).click()
  await expect(mark).toHaveClass(/anno-purple/u)
  await mark.click()
  await page.getByRole('dialog', { name: '批注' }).getByRole('button', { name: '删除' }).click()
  await expect(page.locator('mark.anno')).toHaveCount(0)
  await page.getByRole('status').getByRole('button', { name: '撤销' }).click()
  await expect(page.locator('mark.anno')).toHaveText('发展是第一要务')
  // Ctrl+Z undoes a delete too.
  await mark.click()
  await page.getByRole('dialog', { name: '批注' }).getByRole('button', { name: '删除' }).click()
  await expect(page.locator('mark.anno')).toHaveCount(0)
  await page.keyboard.press('Control+z')
  await expect(page.locator('mark.anno')).toHaveText('发展是第一要务')
  await page.getByRole('searchbox', { name: '搜索' }).fill('color:purple')
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await page.getByRole('searchbox', { name: '搜索' }).fill('')
  await expect(page.getByText('9 篇报告')).toBeVisible()
  const sidebar = page.getByRole('complementary', { name: '区县' })
  await sidebar.getByRole('group', { name: '高亮' }).getByRole('button', { name: '高亮 紫色' }).click()
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await expect(page.getByRole('button', { name: /移除筛选/u })).toBeVisible()
})
