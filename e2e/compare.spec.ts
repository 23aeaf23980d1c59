/** Compare districts: two to four districts' reports for the search, side by side by date; each opens. */
import { test, expect, screenshot } from './fixtures'

test('districts side by side: pick them, rows by date, a report opens in the reader', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page.getByRole('searchbox', { name: '搜索' }).fill('项目')
  await page.getByRole('button', { name: '对比几个区县的报告' }).click()
  const compare = page.getByRole('region', { name: '区县对比' })
  const pick = compare.getByRole('group', { name: /选 2 到 4 个区县/u })
  // Two districts are picked to begin with; pick exactly 泉山区, 新沂 and 铜山区.
  const checked = pick.getByRole('checkbox', { checked: true })
  await expect(checked).toHaveCount(2)
  while ((await checked.count()) > 0) await checked.first().uncheck()
  await expect(compare.getByRole('table')).toBeHidden()
  for (const name of ['泉山区', '新沂', '铜山区'])
    await pick.getByRole('checkbox', { name: new RegExp(name, 'u') }).check()
  const table = compare.getByRole('table')
  const headers = table.getByRole('columnheader')
  await expect(headers).toHaveText([/日期/u, /泉山区/u, /新沂/u, /铜山区/u])
  // 新沂 and 铜山区 both reported on 2023-01-27: one row holds both.
  const row = table.getByRole('row', { name: /2023-01-27/u })
  await expect(row.getByRole('cell').nth(1)).toContainText('风劲潮更涌')
  await expect(row.getByRole('cell').nth(2)).toContainText('锚定新目标')
  await expect(row.getByRole('cell').nth(0)).toHaveText('')
  await screenshot(page, testInfo, 'compare')
  // A fifth district cannot be added beyond four.
  await pick.getByRole('checkbox', { name: /睢宁/u }).check()
  await expect(pick.getByRole('checkbox', { checked: false }).first()).toBeDisabled()

  await row.getByRole('button', { name: /锚定新目标/u }).click()
  await expect(compare).toBeHidden()
  await expect(page.locator('.report mark.hit').first()).toHaveText('项目')
})
