/**
 * UI benchmark: `npm run bench:ui -- --docs N`. Builds a library of N reports, starts browser mode
 * and drives Debian's Chromium: first paint (navigation → the result list shows reports) and time
 * to first results after a keystroke (key press → the list shows the new query's hits, clocked in
 * the page from the input event to the frame that shows them, and on Playwright's side) in a
 * window that has finished opening, and typed the moment the first results show, p50/p95;
 * with the overview open, results on screen → the overview of the same query drawn;
 * then a 2 MB report with more than 10,000 hits (bench/long-report.ts).
 * The last line is one JSON object.
 */
import { chromium, type Browser, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Library } from '../src/main/core/library'
import { optimizeIndex } from '../src/main/core/search/index-store'
import { fillTopHits } from '../src/main/core/search/top-hits'
import { buildDocuments, loadParagraphs } from './corpus'
import { measureLongReport } from './long-report'
import { launch, percentiles, quit } from './host'

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

export interface UiFigures {
  firstPaint: { p50: number; p95: number }
  /**
   * Key press → the new query's hits on screen, in a window that has finished opening: from the
   * input event to the frame that shows them, clocked in the page (Typed.inPage).
   */
  keystroke: { p50: number; p95: number }
  /** The same on Playwright's clock, DevTools round trips and polling included (Typed.outside). */
  keystrokeOutside: { p50: number; p95: number }
  /**
   * The same, typed the moment the first results show, while the window is still loading the
   * rest of what it shows (timeline, district counts) on the same two cores.
   */
  keystrokeWhileOpening: { p50: number; p95: number }
  keystrokeWhileOpeningOutside: { p50: number; p95: number }
  /** Results on screen → the overview (分布) of the same query drawn, with the overview open. */
  overviewAfterResults: { p50: number; p95: number }
  /** Every run's times, in order (the first run meets a cold library). */
  samples: {
    firstPaint: number[]
    keystroke: number[]
    keystrokeOutside: number[]
    keystrokeWhileOpening: number[]
    keystrokeWhileOpeningOutside: number[]
    overviewAfterResults: number[]
  }
}

/** What one typed query took, each way it is measured. */
interface Typed {
  /**
   * In the page: the last character's input event (its timeStamp) → the first frame painted
   * with the list showing the query's hits. What a person at the window waits.
   */
  inPage: number
  /**
   * On this side: Playwright sent the last character → it saw the hits. Adds the DevTools
   * protocol's round trips and the polling of waitForFunction, which no person waits.
   */
  outside: number
}

/**
 * Arms two clocks in the page for the next input event: `__keystroke` resolves with the time
 * from that event (its timeStamp) to the first frame painted with the list showing `wanted`'s
 * hits (not those of the characters typed before the last; a task queued from the frame's
 * animation callback runs once the frame is drawn), and `__shown` turns true when the list
 * shows them. Plain JavaScript in a string: what tsx compiles names its inner functions with a
 * helper the page does not have.
 */
const ARM_KEYSTROKE_CLOCK = `(wanted) => {
  window.__shown = false
  window.__keystroke = new Promise((resolve) => {
    document.addEventListener('input', (event) => {
      const typed = event.timeStamp
      const check = () => {
        const head = document.querySelector('.results-head')
        if (!head || head.dataset.query !== wanted || !document.querySelector('.result mark, .state.empty')) return false
        window.__shown = true
        requestAnimationFrame(() => {
          const painted = new MessageChannel()
          painted.port1.onmessage = () => resolve(performance.now() - typed)
          painted.port2.postMessage(null)
        })
        return true
      }
      if (check()) return
      const observer = new MutationObserver(() => { if (check()) observer.disconnect() })
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    }, { capture: true, once: true })
  })
}`

/** Types a query as an input method commits it; resolves when the list shows its hits. */
async function typeQuery(page: Page, query: string): Promise<Typed> {
  const box = page.getByRole('searchbox')
  await box.focus()
  await box.fill('')
  // Chinese arrives from an input method as committed text, one character after another;
  // the clocks run from the last one.
  for (const ch of query.slice(0, -1)) await page.keyboard.insertText(ch)
  await page.evaluate(`(${ARM_KEYSTROKE_CLOCK})(${JSON.stringify(query.trim())})`)
  const t0 = performance.now()
  await page.keyboard.insertText(query.slice(-1))
  await page.waitForFunction(() => (window as unknown as { __shown: boolean }).__shown, null, {
    timeout: 30_000,
  })
  const outside = performance.now() - t0
  const inPage = await page.evaluate(
    () => (window as unknown as { __keystroke: Promise<number> }).__keystroke
  )
  return { inPage, outside }
}

/** Quiet for this long with no API call in flight: the window has finished opening. */
const SETTLED_MS = 500

/**
 * Resolves once no API call of the page (the event stream aside) has been in flight for
 * SETTLED_MS: the window has loaded what it shows, including the district counts it asks for
 * after a pause.
 */
function settled(page: Page): () => Promise<void> {
  let inFlight = 0
  let quietSince = performance.now()
  // The event stream stays open, and the first page's session handshake is left behind by the
  // navigation it makes; neither is the window loading.
  const isCall = (url: string): boolean =>
    url.includes('/api/') && !url.includes('/api/events') && !url.includes('/api/session')
  page.on('request', (r) => {
    if (isCall(r.url())) inFlight++
  })
  const done = (r: { url(): string }): void => {
    if (!isCall(r.url())) return
    inFlight--
    quietSince = performance.now()
  }
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  return async () => {
    const deadline = performance.now() + 30_000
    while (inFlight > 0 || performance.now() - quietSince < SETTLED_MS) {
      if (performance.now() > deadline) throw new Error(`the window never settled (${inFlight} calls open)`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/**
 * First paint, keystroke → results, and results → overview, in Chromium on the library in
 * `dataDir` (browser mode, launched and quit here), `runs` times each.
 */
export async function measureUi(dataDir: string, runs: number, browser?: Browser): Promise<UiFigures> {
  const launched = await launch(dataDir)
  const own = browser ?? (await launchChromium())
  const firstPaint: number[] = []
  const keystroke: number[] = []
  const keystrokeOutside: number[] = []
  const whileOpening: number[] = []
  const whileOpeningOutside: number[] = []
  const overview: number[] = []
  try {
    // The printed address opens the library once (its code is traded for a session cookie): the
    // runs share one browser context and come back by the bare address.
    const context = await own.newContext({ viewport: { width: 1280, height: 800 } })
    // Each run starts as a new window would: no query or open report kept from the last run.
    await context.addInitScript('try { sessionStorage.clear(); localStorage.clear() } catch {}')
    for (let run = 0; run < runs; run++) {
      const page = await context.newPage()
      const whenSettled = settled(page)
      const start = performance.now()
      await page.goto(run === 0 ? launched.url : new URL(launched.url).origin)
      await page.locator('.result-headline').first().waitFor()
      firstPaint.push(performance.now() - start)

      // A query typed at once, while the window still loads the rest of what it shows.
      const early = await typeQuery(page, QUERIES[(run + 3) % QUERIES.length]!)
      whileOpening.push(early.inPage)
      whileOpeningOutside.push(early.outside)
      // And one typed into the window once it has finished opening: a person searching.
      await whenSettled()
      const typed = await typeQuery(page, QUERIES[run % QUERIES.length]!)
      keystroke.push(typed.inPage)
      keystrokeOutside.push(typed.outside)

      // With the overview open, another query: from its results on screen to its overview drawn.
      await page.locator('.overview-toggle').click()
      const chart = page.locator('.overview-chart')
      await page.waitForFunction(() => {
        const el = document.querySelector<HTMLElement>('.overview-chart')
        return el !== null && el.dataset.drawn === el.getAttribute('aria-label')
      })
      const drawnBefore = await chart.getAttribute('data-drawn')
      await typeQuery(page, QUERIES[(run + 7) % QUERIES.length]!)
      const shown = performance.now()
      await page.waitForFunction(
        (prev) => {
          const el = document.querySelector<HTMLElement>('.overview-chart')
          return (
            el !== null && el.dataset.drawn !== prev && el.dataset.drawn === el.getAttribute('aria-label')
          )
        },
        drawnBefore,
        { timeout: 30_000 }
      )
      overview.push(performance.now() - shown)
      await page.close()
    }
    await context.close()
  } finally {
    if (!browser) await own.close()
    await quit(launched)
  }
  return {
    firstPaint: percentiles(firstPaint),
    keystroke: percentiles(keystroke),
    keystrokeOutside: percentiles(keystrokeOutside),
    keystrokeWhileOpening: percentiles(whileOpening),
    keystrokeWhileOpeningOutside: percentiles(whileOpeningOutside),
    overviewAfterResults: percentiles(overview),
    samples: {
      firstPaint,
      keystroke,
      keystrokeOutside,
      keystrokeWhileOpening: whileOpening,
      keystrokeWhileOpeningOutside: whileOpeningOutside,
      overviewAfterResults: overview,
    },
  }
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '15' },
      // An existing library to use as it is (kept afterwards), instead of building one.
      'data-dir': { type: 'string' },
      // Every run's times besides the percentiles.
      samples: { type: 'boolean', default: false },
    },
  })
  const DOCS = Number(values.docs)
  const RUNS = Number(values.runs)
  const given = values['data-dir']
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'dnr-ui-bench-'))
  const { paragraphs } = loadParagraphs()
  const library = new Library(dataDir)
  if (!given) {
    await library.importSources(buildDocuments(paragraphs, DOCS))
    optimizeIndex(library.db)
    fillTopHits(library.db)
  }
  const reports = library.counts().reports
  library.close()

  const browser = await launchChromium()
  let ui: UiFigures
  let longReport: Awaited<ReturnType<typeof measureLongReport>>
  try {
    ui = await measureUi(dataDir, RUNS, browser)
    longReport = await measureLongReport(browser, paragraphs, RUNS)
  } finally {
    await browser.close()
    if (!given) rmSync(dataDir, { recursive: true, force: true })
  }
  console.log(
    JSON.stringify({
      docs: reports,
      firstPaintMs: ui.firstPaint,
      keystrokeToResultsMs: ui.keystroke,
      keystrokeToResultsOutsideMs: ui.keystrokeOutside,
      keystrokeWhileOpeningMs: ui.keystrokeWhileOpening,
      keystrokeWhileOpeningOutsideMs: ui.keystrokeWhileOpeningOutside,
      overviewAfterResultsMs: ui.overviewAfterResults,
      ...(values.samples
        ? { samples: Object.fromEntries(Object.entries(ui.samples).map(([k, v]) => [k, v.map(Math.round)])) }
        : {}),
      longReport,
    })
  )
}

// Run as a script (npm run bench:ui), not when the search benchmark imports measureUi.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) void main()
