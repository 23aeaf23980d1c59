/**
 * Where and when: the overview follows the search; brushing the bars sets a date filter, a
 * heatmap cell (here through its table, the same handler) sets a district and a date; both show
 * as chips that can be removed. Screenshots in light and dark.
 */
import { test, expect, screenshot } from './fixtures'

test('the overview follows the search: brush a time range, pick a district and day, remove the chips', async ({
  app,
}, testInfo) => {
  const { page } = app
  const box = page.getByRole('searchbox', { name: '搜索' })
  await box.fill('项目')
  await expect(page.getByText(/^\d+ 篇报告$/u)).toBeVisible()
  const before = await page.getByText(/^\d+ 篇报告$/u).textContent()
  await page.getByRole('button', { name: '查看这些报告的时间和区县分布' }).click()
  const overview = page.getByRole('region', { name: '时间与区县分布' })
  const chart = overview.getByRole('img')
  await expect(chart).toHaveAttribute('aria-label', /篇有日期的报告，从 2023-01-\d+ 到 2023-01-\d+（按日）/u)
  await expect(chart.locator('canvas').first()).toBeVisible()
  await screenshot(page, testInfo, 'overview')

  // Brush the left half of the bars: a date range chip appears and the list narrows.
  const area = (await chart.boundingBox())!
  await page.mouse.move(area.x + 100, area.y + 50)
  await page.mouse.down()
  await page.mouse.move(area.x + 100 + (area.width - 116) * 0.45, area.y + 50, { steps: 8 })
  await page.mouse.up()
  const dateChip = page.getByRole('button', { name: /移除筛选 日期: 2023-01-\d+\.\.2023-01-\d+/u })
  await expect(dateChip).toBeVisible()
  await expect(page.getByText(/^\d+ 篇报告$/u)).not.toHaveText(before!)
  await dateChip.click()
  await expect(page.getByText(/^\d+ 篇报告$/u)).toHaveText(before!)

  // The same numbers as a table: a cell filters by its district and day.
  await overview.getByText('以表格查看').click()
  const table = overview.getByRole('table')
  const cell = table.getByRole('button', { name: /^1 篇：只看泉山区 2023-01-21/u })
  await cell.click()
  await expect(page.getByRole('button', { name: '移除筛选 区县: 泉山区' })).toBeVisible()
  await expect(page.getByRole('button', { name: '移除筛选 日期: 2023-01-21' })).toBeVisible()
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await expect(chart).toHaveAttribute('aria-label', /^1 篇有日期的报告/u)

  await page.getByRole('combobox', { name: '主题' }).selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByRole('button', { name: '移除筛选 日期: 2023-01-21' }).click()
  await page.getByRole('button', { name: '移除筛选 区县: 泉山区' }).click()
  await expect(page.getByText(before!)).toBeVisible()
  await screenshot(page, testInfo, 'overview-dark')
})
