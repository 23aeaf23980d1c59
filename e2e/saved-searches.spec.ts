/** Keep watching: save a search, import a file, the saved search shows the new report and opens it first. */
import { test, expect, screenshot } from './fixtures'

const ROUNDUP = Buffer.from(
  '2023年\n新沂\n新沂招商\n2月1日，新沂召开招商大会，签约项目8个，总投资2.6亿元。\n'
)

test('a saved search shows how many reports an import added, and opening it lists them first', async ({
  app,
}, testInfo) => {
  const { page } = app
  const saved = page.getByRole('region', { name: '保存的搜索' })
  await expect(saved.getByText(/把常用的搜索保存下来/u)).toBeVisible()
  await page.getByRole('searchbox', { name: '搜索' }).fill('招商')
  await expect(page.getByText('4 篇报告')).toBeVisible()
  await saved.getByRole('button', { name: '保存当前搜索' }).click()
  const name = saved.getByRole('textbox', { name: '名称' })
  await expect(name).toBeFocused()
  await name.fill('招商动态')
  await name.press('Enter')
  const entry = saved.getByRole('button', { name: '招商动态 共 4' })
  await expect(entry).toBeVisible()

  await page.getByRole('searchbox', { name: '搜索' }).fill('')
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([{ name: '新沂招商.txt', mimeType: 'text/plain', buffer: ROUNDUP }])
  await page.locator('.import-panel.preview .preview-actions .primary').click()
  await expect(page.locator('.import-panel.summary')).toBeVisible()
  const withNew = saved.getByRole('button', { name: '招商动态 1 篇新报告 共 5' })
  await expect(withNew).toBeVisible()
  await screenshot(page, testInfo, 'saved-search-new')

  await withNew.click()
  await expect(page.getByRole('searchbox', { name: '搜索' })).toHaveValue('招商')
  const fresh = page.getByRole('region', { name: /自上次查看后新增 1 篇报告/u })
  await expect(fresh).toBeVisible()
  await expect(page.getByText('5 篇报告')).toBeVisible()
  await fresh.getByRole('button', { name: /新沂招商/u }).click()
  await expect(page.locator('.report h1, .report .headline').first()).toContainText('新沂招商')
  await expect(saved.getByRole('button', { name: '招商动态 共 5' })).toBeVisible()
  await screenshot(page, testInfo, 'saved-search-opened')
})
