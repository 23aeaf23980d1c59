/**
 * Search benchmark: `npm run bench -- --docs N [--queries Q] [--like-queries L] [--keep DIR] [--no-startup]`.
 * Builds N report-sized documents by resampling paragraphs of real Chinese text (the bundled
 * sample plus Debian's Chinese reference manual, package debian-reference-zh-cn), imports them
 * through the real importer, and times top-20 searches (with snippets and facets), on a worker
 * thread that opens the library as the app's readers do (bench/reader-queries.ts), against a
 * LIKE '%q%' scan of the same rows that returns the same things (total + first 20).
 * Also: the district counts with the results (`facets`), the 50 most frequent two-character
 * words (`common`), the figures views, the window in Chromium (`ui`, bench/ui-bench.ts), and the
 * start-up figures (bench/startup.ts), all on the same library.
 * The last line printed is one JSON object so runs can be compared.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildDocuments, loadParagraphs, pick, random, seedRandom } from './corpus'
import { Library } from '../src/main/core/library'
import { eachSectionText } from '../src/main/core/import/document-texts'
import { indexMergeStep } from '../src/main/core/search/index-store'
import { fillTopHits } from '../src/main/core/search/top-hits'
import { measureStartup } from './startup'
import { ensureBuilt, percentiles, root } from './host'
import { measureOnReader } from './reader-queries'
import { measureUi } from './ui-bench'

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '200' },
    'like-queries': { type: 'string', default: '40' },
    keep: { type: 'string' },
    seed: { type: 'string', default: '42' },
    'ui-runs': { type: 'string', default: '15' },
    // Leaves out the start-up figures (their restore takes about 40 minutes at 1M reports).
    'no-startup': { type: 'boolean', default: false },
  },
})
const DOCS = Number(values.docs)
const QUERIES = Number(values.queries)
const LIKE_QUERIES = Number(values['like-queries'])

type LengthClass = '1' | '2' | '3' | '4+' | 'mixed'
const CLASSES: LengthClass[] = ['1', '2', '3', '4+', 'mixed']
/** The length classes, and `common`: the most frequent two-character words (ranking-heavy). */
type QueryClass = LengthClass | 'common'
const QUERY_CLASSES: QueryClass[] = [...CLASSES, 'common']

/** The `count` most frequent two-character Han words of the texts (ties by first seen). */
function commonWords(texts: readonly string[], count: number): string[] {
  const seen = new Map<string, number>()
  const han = /^\p{Script=Han}{2}$/u
  for (const text of texts)
    for (let i = 0; i + 2 <= text.length; i++) {
      const w = text.slice(i, i + 2)
      if (han.test(w)) seen.set(w, (seen.get(w) ?? 0) + 1)
    }
  return [...seen]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([w]) => w)
}

function makeQueries(texts: string[], count: number): Record<LengthClass, string[]> {
  const out = { '1': [], '2': [], '3': [], '4+': [], mixed: [] } as Record<LengthClass, string[]>
  const han = /^\p{Script=Han}+$/u
  let guard = 0
  while (CLASSES.some((c) => out[c].length < count) && guard++ < count * 2000) {
    const text = pick(texts)
    const len = 1 + Math.floor(random() * 8)
    const at = Math.floor(random() * Math.max(1, text.length - len))
    const q = text.slice(at, at + len)
    if (han.test(q)) {
      const cls: LengthClass = len >= 4 ? '4+' : (String(len) as LengthClass)
      if (out[cls].length < count) out[cls].push(q)
    } else if (/\p{Script=Han}/u.test(q) && /[A-Za-z0-9]/u.test(q) && !/[\s"]/u.test(q) && q.length >= 3) {
      if (out.mixed.length < count) out.mixed.push(q)
    }
  }
  return out
}

function dirSize(dir: string): number {
  return readdirSync(dir).reduce((n, f) => {
    const stats = statSync(join(dir, f))
    return n + (stats.isDirectory() ? dirSize(join(dir, f)) : stats.size)
  }, 0)
}

async function main(): Promise<void> {
  const dataDir = values.keep ?? mkdtempSync(join(tmpdir(), 'dnr-bench-'))
  const { paragraphs, sources, distinctChars } = loadParagraphs()
  seedRandom(Number(values.seed))
  const docs = buildDocuments(paragraphs, DOCS)
  const library = new Library(dataDir)
  const textBytes = docs.reduce((n, d) => n + d.read().byteLength, 0)

  // As the app imports (its import worker): files prepared on the built prepare workers.
  ensureBuilt()
  // A library kept from an earlier run (`--keep DIR`) is measured as it is: its files are all
  // known, so there is no import to time (importMBps is then null).
  const reused = library.counts().documents > 0
  const t0 = performance.now()
  const summary = await library.importSources(docs, {
    prepareWorker: join(root, 'out/main/prepare-worker.js'),
  })
  const importSeconds = (performance.now() - t0) / 1000
  // What the app's writer does in the background once an import is over: merge the index into one
  // segment (in the steps the app takes), then rank the common terms.
  const t2 = performance.now()
  while (!indexMergeStep(library.db));
  const indexMergeSeconds = (performance.now() - t2) / 1000
  const t1 = performance.now()
  fillTopHits(library.db)
  const topHitsSeconds = (performance.now() - t1) / 1000
  library.db.pragma('wal_checkpoint(TRUNCATE)')

  const ftsBytes =
    (library.db
      .prepare<[], { n: number }>(
        "SELECT sum(pgsize) AS n FROM dbstat WHERE (name LIKE 'report_fts%' OR name LIKE 'report_chars%')"
      )
      .get()?.n as number | undefined) ?? 0
  // The baseline: a LIKE scan over every section's text in a plain table, as the library kept
  // them before its texts were packed (each row with its kind and date), in a file of its own
  // beside the library, so the library's size is not changed by it.
  const scanDir = mkdtempSync(join(tmpdir(), 'dnr-scan-'))
  library.db.prepare('ATTACH DATABASE ? AS scan').run(join(scanDir, 'scan.sqlite3'))
  library.db.exec('CREATE TABLE scan.sections (id INTEGER PRIMARY KEY, kind TEXT, date TEXT, text TEXT)')
  const kinds = library.db.prepare<[], { id: number; kind: string; date: string | null }>(
    'SELECT id, kind, date FROM main.sections'
  )
  const byId = new Map(kinds.all().map((r) => [r.id, r]))
  const putScan = library.db.prepare('INSERT INTO scan.sections (id, kind, date, text) VALUES (?, ?, ?, ?)')
  library.db.transaction(() =>
    eachSectionText(library.db, (id, text) => {
      const row = byId.get(id)!
      putScan.run(id, row.kind, row.date, text)
    })
  )()
  const reportText = library.db
    .prepare<[], { n: number }>(
      "SELECT sum(length(CAST(text AS BLOB))) AS n FROM scan.sections WHERE kind = 'report'"
    )
    .get()!.n
  // The reports the queries are cut from, chosen by the seeded generator (SQLite's random() chose
  // other ones on every run, so two runs of one build timed different queries).
  const reportIds = library.db
    .prepare<[], number>("SELECT id FROM scan.sections WHERE kind = 'report' ORDER BY id")
    .pluck()
    .all()
  for (let i = 0; i < Math.min(2000, reportIds.length); i++) {
    const j = i + Math.floor(random() * (reportIds.length - i))
    ;[reportIds[i], reportIds[j]] = [reportIds[j]!, reportIds[i]!]
  }
  const textOf = library.db.prepare<[number], string>('SELECT text FROM scan.sections WHERE id = ?').pluck()
  const texts = reportIds.slice(0, 2000).map((id) => textOf.get(id)!)
  const queries: Record<QueryClass, string[]> = {
    ...makeQueries(texts, QUERIES),
    common: commonWords(texts, 50),
  }

  const ours = {} as Record<QueryClass, { p50: number; p95: number }>
  const like = {} as Record<QueryClass, { p50: number; p95: number }>
  const likeCount = library.db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM scan.sections WHERE kind = 'report' AND text LIKE ? ESCAPE '\\'"
  )
  const likeTop = library.db.prepare<[string], { id: number }>(
    "SELECT id FROM scan.sections WHERE kind = 'report' AND text LIKE ? ESCAPE '\\' ORDER BY date DESC LIMIT 20"
  )
  // Our searches as the app's readers run them (a worker thread with its own connection and the
  // headlines in memory), each query once; then the same queries with their district counts.
  const onReader = await measureOnReader({
    dataDir,
    classes: QUERY_CLASSES.map((cls) => [cls, queries[cls]]),
  })
  for (const cls of QUERY_CLASSES) {
    ours[cls] = percentiles(onReader.times[cls] ?? [], 2)
    const likeTimes: number[] = []
    for (const q of queries[cls].slice(0, LIKE_QUERIES)) {
      const pattern = `%${q.replace(/[\\%_]/gu, (c) => '\\' + c)}%`
      const start = performance.now()
      likeCount.get(pattern)
      likeTop.all(pattern)
      likeTimes.push(performance.now() - start)
    }
    like[cls] = percentiles(likeTimes, 2)
  }
  // The numbers in the text (issue 12): amount: searches, and for ordinary queries the per-district
  // sums of their figures and the per-district counts (stats), each over every hit.
  const timed = (run: () => unknown, runs: number): number[] =>
    Array.from({ length: runs }, () => {
      const start = performance.now()
      run()
      return performance.now() - start
    })
  const amountQueries = [
    'amount:>1亿',
    'amount:1000万..5亿',
    'amount:>5万亩',
    'amount:>=50%',
    '项目 amount:>1000万',
  ]
  const common = queries['2'].slice(0, 20)
  const figures = {
    facts: library.db.prepare('SELECT count(*) FROM facts').pluck().get() as number,
    amountSearch: percentiles(
      amountQueries.flatMap((q) => timed(() => library.search(q, { limit: 20, facets: false }), 5)),
      2
    ),
    summary: percentiles(
      common.flatMap((q) => timed(() => library.figureSummary(`"${q}"`), 1)),
      2
    ),
    stats: percentiles(
      common.flatMap((q) => timed(() => library.stats(`"${q}"`, 'district'), 1)),
      2
    ),
  }
  // The results with their district counts (the list and the sidebar), for the same queries.
  const facets = percentiles(onReader.facets, 2)
  const speedupP95 = Object.fromEntries(
    QUERY_CLASSES.map((c) => [c, Math.round((like[c].p95 / Math.max(ours[c].p95, 0.001)) * 10) / 10])
  )
  const result = {
    docs: DOCS,
    corpus: { files: sources.length, distinctChars },
    textMB: Math.round((textBytes / 1048576) * 100) / 100,
    // The whole library folder (database, WAL, backups) against the text it holds.
    dbRatio: Math.round((dirSize(dataDir) / textBytes) * 100) / 100,
    importMBps: reused ? null : Math.round((textBytes / 1048576 / importSeconds) * 100) / 100,
    // Merging the index into one segment after the import (index-store.ts), in seconds.
    indexMergeS: Math.round(indexMergeSeconds * 10) / 10,
    // Ranking the common terms' best hits after the import (search/top-hits.ts), in seconds.
    topHitsS: Math.round(topHitsSeconds * 10) / 10,
    // A reader's load of every headline (search/headlines.ts), in seconds.
    headlinesS: Math.round(onReader.headlinesS * 100) / 100,
    indexRatio: Math.round((ftsBytes / reportText) * 100) / 100,
    ours,
    like,
    speedupP95,
    facets,
    figures,
  }
  console.error(
    `imported ${summary.documents} documents (${summary.reports} reports, ${summary.failed.length} failed) in ${importSeconds.toFixed(1)} s; database ${(dirSize(dataDir) / 1048576).toFixed(1)} MB; corpus from ${sources.length} files`
  )
  library.close()
  rmSync(scanDir, { recursive: true, force: true })
  // The window on the same library: first paint, keystroke → results, results → overview.
  // The keystroke is clocked in the page (input event → the frame that shows the hits), and on
  // Playwright's side as well (`keystrokeOutside`: DevTools round trips and polling included).
  const { firstPaint, keystroke, keystrokeOutside, keystrokeWhileOpening, overviewAfterResults } =
    await measureUi(dataDir, Number(values['ui-runs']))
  const ui = { firstPaint, keystroke, keystrokeOutside, keystrokeWhileOpening, overviewAfterResults }
  // Launch, first results, quit, backups and a restore of the same library (issue 13).
  const startup = values['no-startup'] ? null : await measureStartup(dataDir)
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true })
  console.log(JSON.stringify({ ...result, ui, startup }))
}

await main()
