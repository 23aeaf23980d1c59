/**
 * A library of many districts: the sidebar lists the most frequent 50 and shows the rest on
 * request; a district chosen among the rest stays listed (and chosen) when the list is shortened;
 * the timeline stacks the rest of the districts in one colour. A county written two ways (睢宁,
 * 睢宁县) is one district there.
 */
import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { test, expect, confirmImportPreview, screenshot } from './fixtures'

/** Counties of Jiangsu whose name no other Jiangsu county has (a heading names one place). */
function jiangsuCounties(count: number): string[] {
  const gazetteer = JSON.parse(readFileSync('src/main/core/import/county-names.json', 'utf8')) as {
    rows: string[][]
  }
  const names = gazetteer.rows.filter((r) => r[3] === '江苏省').map((r) => r[1]!)
  return names.filter((n) => names.indexOf(n) === names.lastIndexOf(n)).slice(0, count)
}

test('the sidebar lists the first 50 districts, and all of them on request', async ({ app }, testInfo) => {
  const { page } = app
  const counties = jiangsuCounties(60)
  expect(counties).toHaveLength(60)
  const roundup =
    '江苏各地一季度招商引资\n2024-04-01 来源：新华日报\n' +
    counties
      .map(
        (c, i) =>
          `${c}\n${c}签约项目${i + 1}个\n3月28日，${c}举行招商引资推介会，签约项目${i + 1}个，总投资1.6亿元。\n`
      )
      .join('')
  await page
    .locator('input[type=file]')
    .setInputFiles([{ name: '江苏各地招商.txt', mimeType: 'text/plain', buffer: Buffer.from(roundup) }])
  await confirmImportPreview(page)
  await expect(page.getByRole('dialog', { name: '导入完成' })).toContainText('60 篇报告')
  await page.getByRole('dialog', { name: '导入完成' }).getByRole('button', { name: '关闭' }).click()

  // The timeline stacks its most frequent districts in colours of their own and the rest in one:
  // the 60 counties of one month are at most 9 segments (and the bar's hit area).
  const bars = page.locator('.timeline g.bar')
  await expect(bars.first()).toBeVisible()
  for (const bar of await bars.all()) expect(await bar.locator('rect').count()).toBeLessThanOrEqual(10)

  await page.getByRole('searchbox', { name: '搜索' }).fill('签约项目')
  await expect(page.locator('.results-head')).toHaveAttribute('data-query', '签约项目')
  const districts = page.locator('.sidebar ul.facets', {
    has: page.getByRole('button', { name: '全部区县' }),
  })
  const more = districts.getByRole('button', { name: /^显示全部 \d+ 个区县$/u })
  await expect(more).toBeVisible()
  const total = Number(/\d+/u.exec((await more.textContent()) ?? '')![0])
  expect(total).toBeGreaterThanOrEqual(60)
  // 全部区县, the first 50, and the button.
  await expect(districts.getByRole('listitem')).toHaveCount(52)
  await expect(more).toHaveAttribute('aria-expanded', 'false')

  await more.click()
  await expect(districts.getByRole('listitem')).toHaveCount(total + 2)
  // The last district of the list (among the ones the short list leaves out): chosen.
  const lastButton = districts.getByRole('listitem').nth(total).getByRole('button')
  const last = (await lastButton.locator('span').first().textContent())!.trim()
  expect(counties).toContain(last)
  await lastButton.scrollIntoViewIfNeeded()
  await lastButton.click()
  await expect(lastButton).toHaveAttribute('aria-pressed', 'true')
  const list = page.getByRole('listbox', { name: '报告' })
  await expect(list.getByRole('option')).toHaveCount(1)
  await expect(list).toContainText(`${last}签约项目`)

  // Shortened again, the chosen district stays in the list, still chosen.
  await districts.getByRole('button', { name: '只显示前 50 个区县' }).click()
  await expect(districts.getByRole('listitem')).toHaveCount(53)
  const chosen = districts.getByRole('button', { name: new RegExp(`^${last}`, 'u') })
  await expect(chosen).toHaveAttribute('aria-pressed', 'true')
  await expect(districts.getByRole('listitem').nth(51)).toContainText(last)
  await screenshot(page, testInfo, 'many-districts')
})

test('a county written short and in full is one district of the sidebar, and its button finds both', async ({
  app,
}, testInfo) => {
  const { page } = app
  // The sample writes 睢宁 and 邳州; this bulletin (GB18030) writes 睢宁县 and 【邳州市】.
  const bulletin =
    '徐州市县区工作简报\n2024年第3期\n\n睢宁县\n睢宁县招商引资签约项目5个\n' +
    '2024年3月6日，睢宁县招商引资集中签约5个项目，总投资3亿元。\n\n' +
    '【邳州市】邳州市推进项目建设。2024年3月7日，邳州市重大项目集中开工，总投资12亿元。\n'
  await page
    .locator('input[type=file]')
    .setInputFiles([
      { name: '工作简报.txt', mimeType: 'text/plain', buffer: iconv.encode(bulletin, 'gb18030') },
    ])
  await confirmImportPreview(page)
  await expect(page.getByRole('dialog', { name: '导入完成' })).toContainText('2 篇报告')
  await page.getByRole('dialog', { name: '导入完成' }).getByRole('button', { name: '关闭' }).click()

  await page.getByRole('searchbox', { name: '搜索' }).fill('项目')
  await expect(page.locator('.results-head')).toHaveAttribute('data-query', '项目')
  const districts = page.locator('.sidebar ul.facets', {
    has: page.getByRole('button', { name: '全部区县' }),
  })
  const suining = districts.getByRole('button', { name: /^睢宁/u })
  await expect(suining).toHaveCount(1)
  await expect(suining).toContainText('睢宁县')
  await expect(suining).toContainText('2')
  await expect(districts.getByRole('button', { name: /^邳州/u })).toHaveCount(1)
  // 【邳州市】 has no headline line: its title sentence is its headline in the list.
  await expect(
    page.getByRole('listbox', { name: '报告' }).locator('.result-headline', { hasText: '邳州市推进项目建设' })
  ).toHaveText('邳州市推进项目建设')
  await suining.click()
  const list = page.getByRole('listbox', { name: '报告' })
  await expect(list.getByRole('option')).toHaveCount(2)
  await expect(list).toContainText('大项目落户睢宁县庆安镇')
  await expect(list).toContainText('睢宁县招商引资签约项目5个')
  // The timeline follows the chosen county too: both reports' months (a year apart: by month).
  await expect(page.locator('.timeline g.bar')).toHaveCount(2)
  await expect(page.locator('.timeline g.bar').first()).toHaveAttribute('aria-label', '2023-01')
  await screenshot(page, testInfo, 'one-county-two-spellings')
})
