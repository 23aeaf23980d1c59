import { parseCsv } from '../src/main/core/test-support/csv'
import { test, expect, screenshot } from './fixtures'

test('search as you type shows hits with highlights, and a district filter narrows them', async ({
  app,
}, testInfo) => {
  const { page } = app
  const results = page.getByRole('listbox', { name: '报告' })
  await expect(results.getByRole('option')).toHaveCount(9)
  const box = page.getByRole('searchbox', { name: '搜索' })
  await box.pressSequentially('招商', { delay: 30 })
  await expect(page.getByText('4 篇报告')).toBeVisible()
  await expect(results.getByRole('option')).toHaveCount(4)
  await expect(results.locator('mark').first()).toHaveText('招商')
  // The list says which query (filters included) its hits answer: 招商, not 招 typed before it.
  await expect(page.locator('.results-head')).toHaveAttribute('data-query', '招商')
  await screenshot(page, testInfo, 'search-results')

  await page.getByRole('complementary', { name: '区县' }).getByRole('button', { name: /新沂/u }).click()
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await expect(results.getByRole('option')).toHaveCount(1)
  await expect(results.getByText('新沂', { exact: true })).toBeVisible()
  await expect(page.locator('.results-head')).toHaveAttribute('data-query', /^招商 \S*新沂/u)
  await page.getByRole('button', { name: /移除筛选/u }).click()
  await expect(page.getByText('4 篇报告')).toBeVisible()
})

test('the district counts say so while they are still those of the query before', async ({ app }) => {
  const { page } = app
  const districts = page.locator('.sidebar ul.district-facets')
  // The whole library's counts, once they have come.
  await expect(districts).toHaveAttribute('aria-busy', 'false')
  await expect(districts.locator('.count').first()).toBeVisible()
  // Every state the list goes through from here on.
  await page.evaluate(() => {
    const list = document.querySelector('.sidebar ul.district-facets')!
    const seen: string[] = []
    ;(window as unknown as { busySeen: string[] }).busySeen = seen
    // How a count looks while not current: marked (underlined), in the same font, so marking
    // them lays nothing out again.
    const look = (): string => {
      const count = list.querySelector('.count')
      if (!count) return ''
      const style = getComputedStyle(count)
      return `${style.textDecorationLine} ${style.fontStyle}`
    }
    new MutationObserver(() => seen.push(`${list.getAttribute('aria-busy') ?? ''} ${look()}`)).observe(list, {
      attributes: true,
      attributeFilter: ['aria-busy'],
    })
  })
  await page.getByRole('searchbox', { name: '搜索' }).fill('招商')
  await expect(page.locator('.results-head')).toHaveAttribute('data-query', '招商')
  // The counts of 招商 come once typing pauses: the four reports' districts.
  await expect(districts).toHaveAttribute('aria-busy', 'false')
  const counts = await districts.locator('.count').allTextContents()
  expect(counts.reduce((sum, c) => sum + Number(c), 0)).toBe(4)
  // Meanwhile the library's counts stood there, marked as not current.
  const seen = await page.evaluate(() => (window as unknown as { busySeen: string[] }).busySeen)
  expect(seen).toContain('true underline normal')
  expect(seen.at(-1)).toBe('false none normal')
})

test('a new query leaves the last hits up, marked busy, until its own come', async ({ app }) => {
  const { page } = app
  const results = page.getByRole('listbox', { name: '报告' })
  const box = page.getByRole('searchbox', { name: '搜索' })
  await box.fill('招')
  await expect(page.locator('.results-head')).toHaveAttribute('data-query', '招')
  await expect(results.locator('mark').first()).toHaveText('招')
  // From here on: every busy state of the list, the hits it showed then, and any placeholder row.
  await page.evaluate(() => {
    const list = document.querySelector('.result-list')!
    const seen: { busy: string; hits: number }[] = []
    const log = { seen, placeholders: 0 }
    ;(window as unknown as { listLog: typeof log }).listLog = log
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes')
          seen.push({
            busy: list.getAttribute('aria-busy') ?? '',
            hits: list.querySelectorAll('.result mark').length,
          })
        for (const n of r.addedNodes)
          if (
            n instanceof Element &&
            (n.matches('.result-placeholder') || n.querySelector('.result-placeholder'))
          )
            log.placeholders++
      }
    }).observe(list, { attributes: true, attributeFilter: ['aria-busy'], subtree: true, childList: true })
  })
  await box.press('End')
  await page.keyboard.insertText('商')
  await expect(page.getByText('4 篇报告')).toBeVisible()
  await expect(results.getByRole('option')).toHaveCount(4)
  await expect(results.locator('mark').first()).toHaveText('招商')
  await expect(results).toHaveAttribute('aria-busy', 'false')
  const log = await page.evaluate(
    () =>
      (window as unknown as { listLog: { seen: { busy: string; hits: number }[]; placeholders: number } })
        .listLog
  )
  // Busy while 招商 was answered, with 招's hits still there (not an empty list of placeholders).
  const busy = log.seen.find((s) => s.busy === 'true')
  expect(busy).toBeDefined()
  expect(busy!.hits).toBeGreaterThan(0)
  expect(log.seen.at(-1)!.busy).toBe('false')
  expect(log.placeholders).toBe(0)
})

test('mixed Chinese and numbers, and a query with no hits', async ({ app }) => {
  const { page } = app
  const box = page.getByRole('searchbox', { name: '搜索' })
  await box.fill('1.6亿元')
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await box.fill('不存在的词语组合')
  await expect(page.getByText('没有找到匹配的报告')).toBeVisible()
  await box.fill('"(((')
  await expect(page.getByText('没有找到匹配的报告')).toBeVisible()
})

test('a district named in the search box, which its report never names, is one click away', async ({
  app,
}, testInfo) => {
  const { page } = app
  const results = page.getByRole('listbox', { name: '报告' })
  const box = page.getByRole('searchbox', { name: '搜索' })
  // The sample's report under the heading 徐州经济技术开发区 calls it 经开区 throughout.
  await box.fill('徐州经济技术开发区')
  await expect(page.getByText('没有找到匹配的报告')).toBeVisible()
  const show = page.getByRole('button', { name: '列出徐州经济技术开发区的全部 1 篇报告' })
  await expect(show).toBeVisible()
  await screenshot(page, testInfo, 'named-district')
  await show.click()
  await expect(box).toHaveValue('')
  await expect(page.getByText('1 篇报告')).toBeVisible()
  await expect(results.getByRole('option')).toHaveCount(1)
  await expect(results.getByText('徐州经济技术开发区', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: /移除筛选/u })).toBeVisible()
  await expect(show).toBeHidden()
  // A word in no district's name offers none.
  await box.fill('招商')
  await page.getByRole('button', { name: /移除筛选/u }).click()
  await expect(page.getByText('4 篇报告')).toBeVisible()
  await expect(page.locator('.named-districts')).toHaveCount(0)
})

test('opening a hit scrolls to it and highlights every hit in the report', async ({ app }, testInfo) => {
  const { page } = app
  await page.getByRole('searchbox', { name: '搜索' }).fill('项目')
  const results = page.getByRole('listbox', { name: '报告' })
  await expect(results.locator('mark').first()).toHaveText('项目')
  await results.getByText('泉山区').first().click()
  const marks = page.locator('.report mark.hit')
  await expect(marks.first()).toBeVisible()
  expect(await marks.count()).toBeGreaterThan(10)
  for (const text of await marks.allTextContents()) expect(text).toBe('项目')
  await screenshot(page, testInfo, 'reader-hits')

  await page.keyboard.press('Control+f')
  const find = page.getByRole('searchbox', { name: '在本文中查找' })
  await expect(find).toBeFocused()
  await find.fill('招商')
  await expect(page.locator('.find-count')).toHaveText(/^1 \/ \d+$/u)
  await find.press('Enter')
  await expect(page.locator('.find-count')).toHaveText(/^2 \/ \d+$/u)
})

test('keyboard only: Ctrl+K, arrows and j/k, Enter opens, Esc closes', async ({ app }) => {
  const { page } = app
  await page.keyboard.press('Control+k')
  const box = page.getByRole('searchbox', { name: '搜索' })
  await expect(box).toBeFocused()
  await box.fill('开门红')
  await expect(page.getByText('4 篇报告')).toBeVisible()
  await box.press('ArrowDown')
  await page.keyboard.press('j')
  await page.keyboard.press('k')
  await page.keyboard.press('Enter')
  await expect(page.locator('.report h1')).toBeVisible()
  await expect(page.locator('.report mark.hit').first()).toHaveText('开门红')
  await page.keyboard.press('Escape')
  await expect(page.getByText('从左侧选择一篇报告开始阅读')).toBeVisible()
})

test('the figures of a report stand beside it, normalised, and each opens its passage', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page.getByRole('searchbox', { name: '搜索' }).fill('佰斯拓')
  const results = page.getByRole('listbox', { name: '报告' })
  await results.getByText('睢宁').first().click()
  const facts = page.getByRole('complementary', { name: '文中数字' })
  const investment = facts.getByRole('button', { name: /总投资1\.6亿元/u })
  await expect(investment).toBeVisible()
  await expect(investment).toContainText('160,000,000 元')
  await expect(investment).toContainText('金额')
  await expect(facts.getByRole('button', { name: /30000平方米.*30,000 平方米/u })).toBeVisible()
  // Pointing at a figure in the list marks it in the text; pointing away unmarks it.
  await investment.hover()
  await expect(page.locator('.report mark.fact')).toHaveText('1.6亿元')
  await screenshot(page, testInfo, 'reader-facts')
  await page.locator('.report h1').hover()
  await expect(page.locator('.report mark.fact')).toHaveCount(0)
  await investment.focus()
  await expect(page.locator('.report mark.fact')).toHaveText('1.6亿元')

  const area = facts.getByRole('button', { name: /10000平方米/u })
  await area.click()
  const paragraph = page.locator('.report p.flash')
  await expect(paragraph).toContainText('10000平方米')
  await expect(paragraph).toBeInViewport()
})

test('the reports a search finds are exported from the list as CSV and as Markdown with citations', async ({
  app,
}) => {
  const { page } = app
  await page.getByRole('searchbox', { name: '搜索' }).fill('开门红')
  await expect(page.getByText('4 篇报告')).toBeVisible()
  const read = async (name: string): Promise<{ file: string; text: string }> => {
    const downloading = page.waitForEvent('download')
    await page.getByRole('button', { name }).click()
    const download = await downloading
    const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8')
    return { file: download.suggestedFilename(), text }
  }
  const csv = await read('把这些报告导出为 CSV')
  expect(csv.file).toMatch(/^reports-\d{4}-\d{2}-\d{2}\.csv$/u)
  const rows = parseCsv(csv.text.replace(/^\uFEFF/u, ''))
  expect(rows[0]).toEqual(
    expect.arrayContaining(['district', 'date', 'headline', 'source', 'file', 'snippet', 'amounts'])
  )
  expect(rows.slice(1).filter((r) => r.length > 1)).toHaveLength(4)
  expect(csv.text).toContain('新沂')

  // A district chip narrows the export as it narrows the list.
  await page.getByRole('complementary', { name: '区县' }).getByRole('button', { name: /新沂/u }).click()
  await expect(page.getByText('1 篇报告', { exact: true })).toBeVisible()
  const md = await read('把这些报告导出为 Markdown')
  expect(md.text).toContain('新沂')
  expect(md.text).not.toContain('邳州')
})
