/** Back and forward between reports and searches, and the place kept across a reload. */
import { test, expect } from './fixtures'

test('Alt+← and Alt+→ walk back and forward; a reload keeps the query and the open report', async ({
  app,
}) => {
  const { page } = app
  const list = page.getByRole('listbox', { name: '报告' })
  const box = page.getByRole('searchbox', { name: '搜索' })
  const report = page.locator('.report')
  await list.getByText('睢宁').first().click()
  await expect(report).toContainText('佰斯拓工业风机')
  await box.fill('招商')
  await expect(list.getByRole('option')).toHaveCount(4)
  await page.waitForTimeout(900) // typing settles into a step
  await list.getByText('沛县').first().click()
  await expect(report).toContainText('沛县经济开发区举行招商引资动员会议')

  await page.locator('body').click({ position: { x: 5, y: 400 } })
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(report).toContainText('佰斯拓工业风机')
  await expect(box).toHaveValue('招商')
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(box).toHaveValue('')
  await expect(report).toContainText('佰斯拓工业风机')
  await page.keyboard.press('Alt+ArrowRight')
  await page.keyboard.press('Alt+ArrowRight')
  await expect(box).toHaveValue('招商')
  await expect(report).toContainText('沛县经济开发区举行招商引资动员会议')

  await page.reload()
  await expect(box).toHaveValue('招商')
  await expect(report).toContainText('沛县经济开发区举行招商引资动员会议')
  await expect(list.getByRole('option')).toHaveCount(4)
})
