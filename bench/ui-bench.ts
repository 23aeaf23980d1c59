/**
 * UI benchmark: `npm run bench:ui -- --docs N`. Builds a library of N reports, starts browser mode
 * and drives Debian's Chromium: first paint (navigation → the result list shows reports) and time
 * to first results after a keystroke (key press → the list shows the new query's hits), p50/p95;
 * then a 2 MB report with more than 10,000 hits (bench/long-report.ts).
 * The last line is one JSON object.
 */
import { chromium } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Library } from '../src/main/core/library'
import { optimizeIndex } from '../src/main/core/search/index-store'
import { buildDocuments, loadParagraphs } from './corpus'
import { measureLongReport } from './long-report'
import { launch, percentiles, quit } from './host'

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '15' },
    // An existing library to use as it is (kept afterwards), instead of building one.
    'data-dir': { type: 'string' },
  },
})
const DOCS = Number(values.docs)
const RUNS = Number(values.runs)
const QUERIES = [
  '招',
  '项目',
  '开门红',
  '徐州',
  '发展',
  '系统',
  '投资',
  '经济',
  '建设',
  '会议',
  '软件',
  '安装',
  '区',
  '新',
  '文件',
]

async function main(): Promise<void> {
  const given = values['data-dir']
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'dnr-ui-bench-'))
  const { paragraphs } = loadParagraphs()
  const library = new Library(dataDir)
  if (!given) {
    await library.importSources(buildDocuments(paragraphs, DOCS))
    optimizeIndex(library.db)
  }
  const reports = library.counts().reports
  library.close()

  const launched = await launch(dataDir)
  const url = launched.url
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
  const firstPaint: number[] = []
  const keystroke: number[] = []
  let longReport: Awaited<ReturnType<typeof measureLongReport>>
  try {
    // The printed address opens the library once (its code is traded for a session cookie): the
    // runs share one browser context and come back by the bare address.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    // Each run starts as a new window would: no query or open report kept from the last run.
    await context.addInitScript('try { sessionStorage.clear(); localStorage.clear() } catch {}')
    for (let run = 0; run < RUNS; run++) {
      const page = await context.newPage()
      const start = performance.now()
      await page.goto(run === 0 ? url : new URL(url).origin)
      await page.locator('.result-headline').first().waitFor()
      firstPaint.push(performance.now() - start)

      const box = page.getByRole('searchbox')
      const query = QUERIES[run % QUERIES.length]!
      const before = await page.locator('.results-head span').first().textContent()
      await box.focus()
      // Chinese arrives from an input method as committed text, one character after another;
      // the clock runs from the last one.
      for (const ch of query.slice(0, -1)) await page.keyboard.insertText(ch)
      const t0 = performance.now()
      await page.keyboard.insertText(query.slice(-1))
      await page.waitForFunction(
        (prev) => {
          const head = document.querySelector('.results-head span')?.textContent
          return head !== prev && document.querySelector('.result mark, .state.empty') !== null
        },
        before,
        { timeout: 30_000 }
      )
      keystroke.push(performance.now() - t0)
      await page.close()
    }
    await context.close()
    longReport = await measureLongReport(browser, paragraphs, RUNS)
  } finally {
    await browser.close()
    await quit(launched)
    if (!given) rmSync(dataDir, { recursive: true, force: true })
  }
  console.log(
    JSON.stringify({
      docs: reports,
      firstPaintMs: percentiles(firstPaint),
      keystrokeToResultsMs: percentiles(keystroke),
      longReport,
    })
  )
}

void main()
