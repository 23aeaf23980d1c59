/**
 * An automated accessibility audit (axe-core, WCAG 2.0/2.1/2.2 A and AA) of every screen and state
 * of the app, in the light and dark themes and in English. Any violation, whatever its impact,
 * fails; all of them are printed so they can be fixed in one go.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect, selectWithMouse } from './fixtures'

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
/** Best practices the WCAG tags leave out but a screen-reader user meets at once: a level-one
 *  heading, one main landmark, nothing outside landmarks. */
const STRUCTURE_RULES = ['page-has-heading-one', 'landmark-one-main', 'region', 'landmark-unique']

const ROUNDUP = Buffer.from(
  '2023年\n新沂\n新沂港区\n再添新航线\n3月2日，新沂港区开通至连云港的集装箱新航线，首批货物4.6万吨。\n来源：新沂发布\n'
)

interface Finding {
  state: string
  id: string
  impact: string
  target: string
  summary: string
}

/** Runs axe on the page as it is now and records what it finds under `state`. */
async function audit(page: Page, state: string, findings: Finding[]): Promise<void> {
  const wcag = await new AxeBuilder({ page }).withTags(TAGS).analyze()
  const structure = await new AxeBuilder({ page }).withRules(STRUCTURE_RULES).analyze()
  for (const v of [...wcag.violations, ...structure.violations])
    for (const node of v.nodes)
      findings.push({
        state,
        id: v.id,
        impact: v.impact ?? 'unknown',
        target: node.target.join(' '),
        summary: (node.failureSummary ?? v.help).replace(/\s+/gu, ' ').trim(),
      })
}

/** One line per distinct violation, with the states it was seen in. */
function report(findings: Finding[]): string {
  const seen = new Map<string, { finding: Finding; states: string[] }>()
  for (const f of findings) {
    const key = `${f.id} ${f.target} ${f.summary}`
    const entry = seen.get(key) ?? { finding: f, states: [] }
    entry.states.push(f.state)
    seen.set(key, entry)
  }
  return [...seen.values()]
    .map(
      ({ finding: f, states }) =>
        `${f.id} (${f.impact}) ${f.target}\n    ${f.summary}\n    in: ${states.join(', ')}`
    )
    .join('\n')
}

/** A phrase of plain body text (no search hit inside it) to select in the open report. */
async function plainPhrase(page: Page): Promise<string> {
  const phrase = await page.evaluate(() => {
    for (const p of document.querySelectorAll('.report > p[data-offset]'))
      for (const node of p.childNodes)
        if (node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim().length >= 12)
          return node.textContent!.trim().slice(2, 10)
    return null
  })
  expect(phrase, 'a plain passage to highlight').not.toBeNull()
  return phrase!
}

/** Every screen and state, audited in turn. Selectors avoid interface text: they work in both languages. */
async function walk(page: Page, findings: Finding[]): Promise<void> {
  await expect(page.locator('.result').first()).toBeVisible()
  await audit(page, 'start', findings)

  await page.getByRole('searchbox').fill('招商')
  await expect(page.locator('.result mark').first()).toBeVisible()
  await audit(page, 'search results', findings)
  await page.locator('.figures-toggle').click()
  await expect(page.locator('.figure-summary table')).toBeVisible()
  await audit(page, 'money by district', findings)
  await page.locator('.figures-toggle').click()
  await page.locator('.overview-toggle').click()
  await expect(page.locator('.overview-chart canvas').first()).toBeVisible()
  await page.locator('.overview-table summary').click()
  await expect(page.locator('.overview-table table')).toBeVisible()
  await audit(page, 'overview and its table', findings)
  await page.locator('.overview-toggle').click()
  await page.locator('.compare-toggle').click()
  await expect(page.locator('.compare-table')).toBeVisible()
  await audit(page, 'districts compared', findings)
  await page.locator('.compare-toggle').click()
  await page.locator('.saved-searches > button').click()
  await expect(page.locator('form.save-search')).toBeVisible()
  await audit(page, 'saving a search', findings)
  await page.locator('form.save-search').press('Enter')
  await expect(page.locator('.saved-search')).toHaveCount(1)
  await audit(page, 'a saved search', findings)

  await page.locator('.result').first().click()
  await expect(page.locator('.report mark.hit').first()).toBeVisible()
  await selectWithMouse(page, await plainPhrase(page))
  const toolbar = page.locator('.toolbar-pop')
  await expect(toolbar).toBeVisible()
  await audit(page, 'highlight toolbar', findings)
  await toolbar.locator('.swatch-green').click()
  await expect(page.locator('mark.anno')).toHaveCount(1)
  await audit(page, 'reader with hits and an annotation', findings)

  await page.locator('mark.anno').click()
  const editor = page.locator('.popover.editor')
  await expect(editor).toBeVisible()
  await audit(page, 'annotation editor', findings)
  await page.keyboard.press('Escape')
  await expect(editor).toBeHidden()

  await page.locator('.fix-split').click()
  await expect(page.locator('form.split-editor')).toBeVisible()
  await audit(page, 'split correction', findings)
  await page.locator('form.split-editor').press('Escape')
  await expect(page.locator('form.split-editor')).toBeHidden()

  const notebookToggle = page.locator('.toolbar button[aria-pressed]')
  await notebookToggle.click()
  await expect(page.locator('.notebook-item')).toHaveCount(1)
  await audit(page, 'notebook', findings)
  await notebookToggle.click()

  await page.locator('.library-backups button').nth(1).click()
  await expect(page.locator('.backup-list')).toBeVisible()
  await audit(page, 'backups list', findings)

  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles([{ name: '新沂港区.txt', mimeType: 'text/plain', buffer: ROUNDUP }])
  const preview = page.locator('.import-panel.preview')
  await expect(preview).toBeVisible()
  await audit(page, 'import preview', findings)
  await preview.locator('.preview-actions .primary').click()
  await expect(page.locator('.import-panel.summary')).toBeVisible()
  // The outcome is announced: it is in a live region that was in the page before the import.
  await expect(page.locator('.visually-hidden[role=status][aria-live=polite]')).toHaveText(/\S/u)
  await audit(page, 'import summary', findings)
}

// Each walk audits about a dozen screens with axe: 50–60 s on a slow two-core machine, near the
// default budget of a test (it ran out in CI there, with every audit passing so far).
test.describe.configure({ timeout: 180_000 })

test('light theme: no WCAG A/AA violations on any screen', async ({ app }) => {
  const findings: Finding[] = []
  await app.page.getByRole('combobox', { name: '主题' }).selectOption('light')
  await walk(app.page, findings)
  expect(findings.length, report(findings)).toBe(0)
})

test('dark theme: no WCAG A/AA violations on any screen', async ({ app }) => {
  const findings: Finding[] = []
  await app.page.getByRole('combobox', { name: '主题' }).selectOption('dark')
  await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await walk(app.page, findings)
  expect(findings.length, report(findings)).toBe(0)
})

test('English: no WCAG A/AA violations on any screen', async ({ app }) => {
  const findings: Finding[] = []
  await app.page.getByRole('button', { name: '切换语言' }).click()
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'en')
  await walk(app.page, findings)
  expect(findings.length, report(findings)).toBe(0)
})
