/**
 * The numbers in the reports: amount: finds reports by the sums they name, and the money in a
 * result set adds up district by district, each district narrowing the search, each largest sum
 * opening its report with the sum marked.
 */
import { test, expect, screenshot } from './fixtures'

test('amount: finds reports by value and marks the sums it found', async ({ app }, testInfo) => {
  const { page } = app
  const results = page.getByRole('listbox', { name: '报告' })
  await page.getByRole('searchbox', { name: '搜索' }).fill('amount:>1亿')
  await expect(page.getByText('2 篇报告')).toBeVisible()
  await expect(results.getByText('睢宁', { exact: true })).toBeVisible()
  await expect(results.getByText('泉山区', { exact: true })).toBeVisible()
  const marked = await results.locator('mark').allTextContents()
  expect(marked.length).toBeGreaterThan(0)
  for (const m of marked) expect(m).toMatch(/亿元$/u)
  await page.getByRole('searchbox', { name: '搜索' }).fill('amount:1000万..2亿')
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await expect(results.getByText('睢宁', { exact: true })).toBeVisible()
  await screenshot(page, testInfo, 'amount-search')
})

test('the money in the results adds up by district; a district narrows, the largest sum opens', async ({
  app,
}, testInfo) => {
  const { page } = app
  const toggle = page.getByRole('button', { name: '按区县汇总这些报告里的金额' })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const table = page.getByRole('region', { name: '金额汇总' }).getByRole('table')
  await expect(table.getByRole('caption')).toHaveText('6 处金额，合计 93.2亿元')
  const suining = table.getByRole('row', { name: /睢宁/u })
  await expect(suining.getByRole('cell').nth(1)).toHaveText('3.2亿')
  await screenshot(page, testInfo, 'figures-by-district')

  await suining.getByRole('button', { name: /打开睢宁县最大一笔金额/u }).click()
  const mark = page.locator('.report mark.hit')
  await expect(mark.first()).toHaveText('1.6亿元')
  await expect(mark.first()).toBeInViewport()

  await table.getByRole('button', { name: '只看泉山区' }).click()
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await expect(page.getByRole('button', { name: /移除筛选/u })).toBeVisible()
  await expect(table.getByRole('row')).toHaveCount(2)

  await page.getByRole('combobox', { name: '主题' }).selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await screenshot(page, testInfo, 'figures-by-district-dark')
})
