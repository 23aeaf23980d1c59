import { test, expect, screenshot } from './fixtures'

test('first start shows the nine district reports of the bundled sample', async ({ app }, testInfo) => {
  const { page } = app
  const list = page.getByRole('listbox', { name: '报告' })
  for (const district of [
    '沛县',
    '睢宁',
    '邳州',
    '新沂',
    '铜山区',
    '鼓楼区',
    '云龙区',
    '泉山区',
    '徐州经济技术开发区',
  ])
    await expect(list.getByText(district, { exact: false }).first()).toBeVisible()
  await expect(list.getByRole('option')).toHaveCount(9)
  await screenshot(page, testInfo, 'first-start')
})

test('opening 睢宁 shows its report', async ({ app }, testInfo) => {
  const { page } = app
  await page.getByRole('listbox', { name: '报告' }).getByText('睢宁').first().click()
  await expect(page.getByText('佰斯拓工业风机研发制造项目').first()).toBeVisible()
  await screenshot(page, testInfo, 'reader-suining')
})
