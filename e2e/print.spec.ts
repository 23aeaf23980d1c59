/** Printing a report prints the report alone, full width, with its highlights and notes. */
import { test, expect, pdfText } from './fixtures'

test('a printed report holds the report and its notes, not the app around it', async ({ app }) => {
  test.skip(app.url.startsWith('app:'), 'printing to PDF from a page is checked in browser mode')
  const { page } = app
  await page.getByRole('listbox', { name: '报告' }).getByText('睢宁').first().click()
  await expect(page.locator('.report')).toContainText('佰斯拓工业风机')
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.sidebar')).toBeHidden()
  await expect(page.locator('.results')).toBeHidden()
  await expect(page.locator('.report')).toBeVisible()
  const text = await pdfText(await page.pdf({ format: 'A4', printBackground: true }))
  expect(text).toContain('佰斯拓工业风机研发制造项目')
  expect(text).toContain('本文批注')
  expect(text).not.toContain('时间分布')
  expect(text).not.toContain('备份文库')
})
