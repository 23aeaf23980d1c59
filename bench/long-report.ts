/**
 * The reader on a long report (issue 15): one report of about 2 MB of real Chinese text in which
 * the query has more than 10,000 hits, in browser mode, in Chromium.
 *
 * - `openP95`: click on the result → the report's first hit is on screen;
 * - `findP95`: the last keystroke of a word in the find bar (Ctrl+F) → the count and the current
 *   match shown;
 * - `scrollLongTaskMaxMs`: the longest task while the report is scrolled from top to bottom.
 */
import type { Browser } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from '../src/main/core/library'
import { pick } from './corpus'
import { launch, percentiles, quit } from './host'

export interface LongReportFigures {
  bytes: number
  hits: number
  openP50: number
  openP95: number
  findP50: number
  findP95: number
  scrollLongTaskMaxMs: number
}

const QUERY = '的'
const TARGET_BYTES = 2 * 1024 * 1024

/** One hard-wrapped report of about 2 MB (what a yearbook or work report as .txt becomes). */
function longReportText(paragraphs: readonly string[]): string {
  const lines = ['2023年', '睢宁', '睢宁县2023年政府工作报告（全文）']
  let bytes = 0
  let count = 0
  // Paragraphs, not short lines: a line like 赤壁 (a poem's title) is a district heading and would
  // split the file into several reports.
  const long = paragraphs.filter((p) => p.length >= 20)
  while (bytes < TARGET_BYTES || count < 10_000) {
    const p = pick(long)
    lines.push(p)
    bytes += Buffer.byteLength(p) + 1
    count += p.split(QUERY).length - 1
  }
  return `${lines.join('\n')}\n`
}

/** A two-character word of the report found a few hundred times: what a reader looks for. */
function findWord(text: string): string {
  const counts = new Map<string, number>()
  for (const m of text.matchAll(/(?=(\p{Script=Han}{2}))/gu)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1)
  const words = [...counts].filter(([, n]) => n >= 200 && n <= 2000).sort((a, b) => b[1] - a[1])
  return words[0]?.[0] ?? '的'
}

export async function measureLongReport(
  browser: Browser,
  paragraphs: readonly string[],
  runs: number
): Promise<LongReportFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dnr-long-report-'))
  const text = longReportText(paragraphs)
  const word = findWord(text)
  const library = new Library(dataDir)
  const bytes = Buffer.from(text)
  await library.importSources([{ path: 'long.txt', name: '睢宁政府工作报告.txt', read: () => bytes }])
  library.close()
  const launched = await launch(dataDir)
  try {
    const url = launched.url
    const open: number[] = []
    const find: number[] = []
    let longest = 0
    // The printed address opens the library once; later runs come back with the session cookie.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    // Each run starts as a new window would: no query or open report kept from the last run.
    await context.addInitScript('try { sessionStorage.clear(); localStorage.clear() } catch {}')
    for (let run = 0; run < runs; run++) {
      const page = await context.newPage()
      await page.goto(run === 0 ? url : new URL(url).origin)
      await page.getByRole('searchbox').fill(QUERY)
      const result = page.locator('.result').first()
      await result.locator('mark').first().waitFor()
      const t0 = performance.now()
      await result.click()
      await page.locator('.report mark.hit').first().waitFor()
      open.push(performance.now() - t0)

      await page.keyboard.press('Control+f')
      const box = page.getByRole('searchbox', { name: '查找' })
      await box.waitFor()
      await page.keyboard.insertText(word.slice(0, -1))
      const t1 = performance.now()
      await page.keyboard.insertText(word.slice(-1))
      await page
        .locator('.find-count')
        .filter({ hasText: /\d+ \/ \d+/u })
        .waitFor({ timeout: 60_000 })
      await page.locator('mark.find.current').first().waitFor({ timeout: 60_000 })
      find.push(performance.now() - t1)
      await page.keyboard.press('Escape')

      if (run === 0) {
        // Scrolling the whole report, a screen at a time, while long tasks are recorded.
        /* eslint-disable @typescript-eslint/no-explicit-any -- runs in the page, typed here for Node */
        longest = await page.evaluate(async () => {
          const w = globalThis as any
          const tasks: number[] = []
          const observer = new w.PerformanceObserver((list: any) => {
            for (const e of list.getEntries()) tasks.push(e.duration as number)
          })
          observer.observe({ type: 'longtask', buffered: false })
          const scroller = w.document.querySelector('.reader-scroll')
          scroller.scrollTop = 0
          for (
            let i = 0;
            i < 400 && scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 2;
            i++
          ) {
            scroller.scrollTop += scroller.clientHeight
            // Inline (no named helper: the bundler would wrap it in a name the page does not have).
            await new Promise((r) => w.requestAnimationFrame(() => w.requestAnimationFrame(r)))
          }
          await new Promise((r) => setTimeout(r, 100))
          observer.disconnect()
          return Math.round(Math.max(0, ...tasks))
        })
        /* eslint-enable @typescript-eslint/no-explicit-any */
      }
      await page.close()
    }
    await context.close()
    const hits = text.split(QUERY).length - 1
    const opened = percentiles(open)
    const found = percentiles(find)
    return {
      bytes: bytes.length,
      hits,
      openP50: opened.p50,
      openP95: opened.p95,
      findP50: found.p50,
      findP95: found.p95,
      scrollLongTaskMaxMs: longest,
    }
  } finally {
    await quit(launched)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
