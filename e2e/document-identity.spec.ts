/**
 * A file never silently replaces another: two cities' roundup.txt stay two documents, and a changed
 * copy of the same roundup becomes a new version whose summary says what changed.
 */
import { test, expect, confirmImportPreview } from './fixtures'

const YANGZHOU =
  '扬州各地\n2024-02-18 来源：扬州发布\n广陵区\n广陵项目推进\n2月17日，广陵区召开全区重大项目推进会，部署全年重点项目建设任务。\n邗江区\n邗江集中开工\n2月18日，邗江区举行重大项目集中开工活动。\n'
const ZHENJIANG =
  '镇江各地\n2024-04-20 来源：镇江日报\n京口区\n京口项目签约\n4月19日，京口区举行项目签约仪式。\n丹阳市\n丹阳集中开工\n4月18日，丹阳市举行一季度重大项目集中开工活动。\n'
const file = (text: string) => [{ name: 'roundup.txt', mimeType: 'text/plain', buffer: Buffer.from(text) }]

test('two roundup.txt of different cities stay two documents', async ({ app }) => {
  const { page } = app
  const input = page.locator('input[type=file]')
  await input.setInputFiles(file(YANGZHOU))
  await confirmImportPreview(page)
  await expect(page.getByText('11 篇报告')).toBeVisible()
  await input.setInputFiles(file(ZHENJIANG))
  const preview = page.getByRole('dialog', { name: '导入预览' })
  await expect(preview).toContainText('文库中已有同名文档')
  await expect(preview.getByRole('radio', { name: '作为单独的文档' })).toBeChecked()
  await confirmImportPreview(page)
  await expect(page.getByText('13 篇报告')).toBeVisible()
  await page.getByRole('searchbox', { name: '搜索' }).fill('广陵')
  await expect(page.getByRole('listbox', { name: '报告' }).getByText('广陵区').first()).toBeVisible()
})

test('a changed copy is a new version, and the summary lists the notes to check', async ({ app }) => {
  const { page } = app
  const input = page.locator('input[type=file]')
  await input.setInputFiles(file(YANGZHOU))
  await confirmImportPreview(page)
  const list = page.getByRole('listbox', { name: '报告' })
  await list.getByText('广陵区').first().click()
  const passage = page.locator('.report p').filter({ hasText: '部署全年重点项目建设任务' })
  await passage.scrollIntoViewIfNeeded()
  await passage.evaluate((p) => {
    const text = p.firstChild!
    const at = text.textContent!.indexOf('召开全区重大项目推进会')
    const range = document.createRange()
    range.setStart(text, at)
    range.setEnd(text, text.textContent!.indexOf('任务') + 2)
    const selection = window.getSelection()!
    selection.removeAllRanges()
    selection.addRange(range)
    p.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }))
  })
  await page.getByRole('toolbar', { name: '高亮' }).getByRole('button', { name: '高亮 黄色' }).click()
  await expect(page.locator('mark.anno')).toHaveCount(1)

  await input.setInputFiles(file(YANGZHOU.replace('建设任务', '建设工作')))
  const preview = page.getByRole('dialog', { name: '导入预览' })
  await expect(preview.getByRole('radio', { name: '作为它的新版本' })).toBeChecked()
  await confirmImportPreview(page)
  const summary = page.getByRole('dialog', { name: '导入完成' })
  await expect(summary).toContainText('新版本：roundup.txt')
  await expect(summary).toContainText('1 条按相近文字重新定位')
  await summary.getByRole('button', { name: /召开全区重大项目推进会/u }).click()
  await expect(page.locator('.report')).toContainText('部署全年重点项目建设工作')
  await expect(page.getByText('11 篇报告')).toBeVisible()
})
