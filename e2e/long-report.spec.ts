/**
 * A long report (3,000 paragraphs, a search hit in each) renders only the paragraphs near the
 * viewport, and everything that reaches into it still works: hit navigation to the far end,
 * find-in-report, scrolling to the end, a highlight there, and the annotation list bringing it back.
 */
import AxeBuilder from '@axe-core/playwright'
import { test, expect, screenshot, confirmImportPreview, pdfText, selectWithMouse } from './fixtures'

const PARAGRAPHS = 3000
const text = [
  '2023年',
  '睢宁',
  '睢宁县全年工作报告（全文）',
  ...Array.from({ length: PARAGRAPHS }, (_, i) =>
    i === 2500
      ? `第${i}段：睢宁县终章标记，今年签约项目56个，总投资120亿元。`
      : // Paragraphs of different lengths (lines of one width would read as a hard-wrapped file).
        `第${i}段：睢宁县推进招商引资工作，第${i}个项目开工建设。${'围绕“项目为王”抓落实。'.repeat(i % 5)}`
  ),
].join('\n')

test('a long report renders a window of paragraphs, and hits, find, scrolling and notes reach all of it', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([{ name: '睢宁全年报告.txt', mimeType: 'text/plain', buffer: Buffer.from(text) }])
  await confirmImportPreview(page)
  await page.getByRole('dialog', { name: '导入完成' }).getByRole('button', { name: '关闭' }).click()

  await page.getByRole('searchbox', { name: '搜索' }).fill('招商引资')
  // The search's own list (its hits marked), not the library list it replaces: a click on that
  // opens the report without hits.
  const results = page.getByRole('listbox', { name: '报告' })
  await expect(results.locator('mark').first()).toHaveText('招商引资')
  await results.getByText('全年工作报告').first().click()
  const report = page.locator('.report')
  await expect(report.locator('mark.hit').first()).toBeVisible()
  // Only a window of the 3,000 paragraphs is in the document.
  const rendered = await report.locator('p[data-line]').count()
  expect(rendered).toBeGreaterThan(20)
  expect(rendered).toBeLessThan(400)
  await screenshot(page, testInfo, 'long-report')
  // The spacers that stand for the paragraphs not rendered are nothing to assistive technology.
  const audit = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  expect(audit.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`)).toEqual([])

  // Shift+F3 from the start goes round to the last hit, 2,998 paragraphs down.
  await page.keyboard.press('Shift+F3')
  const last = report.locator(`mark.hit[data-hit="${PARAGRAPHS - 2}"]`)
  await expect(last).toBeInViewport()
  await expect(last).toBeFocused()
  await expect(report.locator('p[data-line="2999"]')).toContainText('第2999段')

  // Find in the report: the one paragraph with the marker, far from where the reader is now.
  await page.locator('.reader-scroll').evaluate((el) => (el.scrollTop = 0))
  await page.keyboard.press('Control+f')
  await page.getByRole('searchbox', { name: '在本文中查找' }).fill('终章标记')
  await expect(page.locator('.find-count')).toHaveText('1 / 1')
  const found = report.locator('mark.find.current')
  await expect(found).toHaveText('终章标记')
  await expect(found).toBeInViewport()
  await page.keyboard.press('Escape')

  // Scrolling to the very end renders the last paragraphs, a screen at a time.
  await page.locator('.reader-scroll').evaluate(async (el) => {
    for (let i = 0; i < 200 && el.scrollTop + el.clientHeight < el.scrollHeight - 2; i++) {
      el.scrollTop += el.clientHeight
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    }
  })
  await expect(report.locator('p[data-line="2999"]')).toBeInViewport()

  // A highlight near the end, then back to the top: the annotation list brings it into view.
  await selectWithMouse(page, '第2990个项目开工建设')
  await page.getByRole('toolbar', { name: '高亮' }).getByRole('button', { name: '绿色' }).click()
  const note = report.locator('mark.anno')
  await expect(note).toHaveText('第2990个项目开工建设')
  await page.locator('.reader-scroll').evaluate((el) => (el.scrollTop = 0))
  await expect(report.locator('mark.anno')).toHaveCount(0)
  await page
    .getByRole('complementary', { name: '本文批注' })
    .getByRole('button', { name: /第2990个项目开工建设/u })
    .click()
  await expect(report.locator('mark.anno')).toBeInViewport()
  expect(await report.locator('p[data-line]').count()).toBeLessThan(400)

  // A selection made with the keyboard keeps its start while it grows past the window.
  await page.locator('.reader-scroll').evaluate((el) => (el.scrollTop = 0))
  await page.keyboard.press('F3')
  await expect(report.locator('mark.hit.current').first()).toBeFocused()
  for (let i = 0; i < 560; i++) await page.keyboard.press('Shift+ArrowDown')
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '')
  expect(selected).toContain('第1段')
  // Past the 120 paragraphs rendered at first.
  expect(selected).toContain('第125段')

  // Printing (and Export PDF) holds every paragraph, not the window on screen.
  if (!app.url.startsWith('app:')) {
    const printed = await pdfText(await page.pdf({ format: 'A4' }))
    for (const words of ['第0段', '第1500段', '终章标记', '第2999段']) expect(printed).toContain(words)
    expect(await report.locator('p[data-line]').count()).toBeLessThan(400)
  }
})
