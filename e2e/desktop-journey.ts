/**
 * The desktop smoke test's journey (list, search, open, highlight, annotation), shared by
 * `npm run smoke:desktop` (the built or packaged Electron app, in the release workflow) and
 * e2e/desktop-journey.spec.ts (every e2e run), so the journey cannot drift from the UI unseen.
 * Each step's failure names the step, for the smoke test's `FAIL: <step>: <reason>` line.
 */
import { expect, type Page } from '@playwright/test'

export const PHRASE = '佰斯拓工业风机研发制造项目'
export const TIMEOUT = 20_000
const check = expect.configure({ timeout: TIMEOUT })

export class StepFailure extends Error {
  step = ''
}
export const failure = (step: string, reason: string): StepFailure =>
  Object.assign(new StepFailure(reason), { step })

export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof StepFailure) throw err
    const text = err instanceof Error ? err.message : String(err)
    // Playwright's messages end in a call log; what was expected and received is enough.
    const reason = text.replace(/\u001b\[\d+m/gu, '').split(/Call log:/u)[0]!
    throw failure(name, reason.replace(/\s+/gu, ' ').trim())
  }
}

/** Drags the mouse across `phrase` in the reader, scrolled into view first, as a person selects. */
export async function selectWithMouse(page: Page, phrase: string): Promise<void> {
  const box = await page.evaluate(async (text) => {
    // After the frame in which a report that just opened restores its reading position: a person
    // cannot start selecting sooner, and a drag measured before it would land elsewhere.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    const walker = document.createTreeWalker(document.querySelector('.report')!, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text)
      if (at < 0) continue
      node.parentElement!.scrollIntoView({ block: 'center' })
      const range = document.createRange()
      range.setStart(node, at)
      range.setEnd(node, at + 1)
      const first = range.getBoundingClientRect()
      range.setStart(node, at + text.length - 1)
      range.setEnd(node, at + text.length)
      const last = range.getBoundingClientRect()
      return [first.left + 1, first.top + first.height / 2, last.right - 1, last.top + last.height / 2]
    }
    return null
  }, phrase)
  if (!box) throw new Error(`"${phrase}" is not on screen`)
  const [x1, y1, x2, y2] = box as [number, number, number, number]
  await page.mouse.move(x1, y1)
  await page.mouse.down()
  await page.mouse.move(x2, y2, { steps: 8 })
  await page.mouse.up()
}

export async function journey(page: Page): Promise<void> {
  const list = page.getByRole('listbox', { name: '报告' })
  const search = page.getByRole('searchbox', { name: '搜索' })
  page.setDefaultTimeout(TIMEOUT)
  await step('list', () => check(list.getByRole('option')).toHaveCount(9))
  await step('search', async () => {
    await search.fill('招商')
    await check(list.locator('mark').first()).toHaveText('招商')
    await check(page.getByText(/^[1-8] 篇报告$/u)).toBeVisible()
    await search.fill('')
    await check(list.getByRole('option')).toHaveCount(9)
  })
  await step('open', async () => {
    await list.getByText('睢宁').first().click()
    await check(page.locator('.report')).toContainText(PHRASE)
  })
  await step('highlight', async () => {
    await selectWithMouse(page, PHRASE)
    await page.getByRole('toolbar', { name: '高亮' }).getByRole('button', { name: '高亮 绿色' }).click()
    await check(page.locator('mark.anno')).toHaveText(PHRASE)
  })
  await step('annotation', () =>
    check(page.getByRole('complementary', { name: '本文批注' })).toContainText(PHRASE)
  )
}
