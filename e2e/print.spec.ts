/** Printing a report prints the report alone, full width, with its highlights and notes. */
import { getDocumentProxy } from 'unpdf'
import { unifyRadicals } from '../src/main/core/import/extract/radicals'
import { test, expect } from './fixtures'

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf))
  let text = ''
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent()
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('')
  }
  // PDF fonts name some characters by their radical code points (⻛ for 风).
  return unifyRadicals(text.normalize('NFKC'))
}

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
