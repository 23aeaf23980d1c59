/**
 * The shells' library runs on worker threads: while a slow search runs, other calls are answered,
 * and a search that a newer one made stale is abandoned instead of holding it up.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { constants, tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Library } from './core/library'
import { threadNices } from './core/test-support/threads'
import { QUIET_MS } from './background-priority'
import { startLibraryService, type LibraryService } from './library-service'

let dir: string
let service: LibraryService
/**
 * Found by the index (会， and a 召 somewhere) but not in the text (it has 会，部署 and 召开):
 * every 会， is checked.
 */
const SLOW = '会，召'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-service-'))
  const workerFile = join(dir, 'worker.mjs')
  const tsx = pathToFileURL(join(__dirname, '../../node_modules/tsx/dist/esm/api/index.mjs')).href
  const source = pathToFileURL(join(__dirname, 'library-worker.ts')).href
  writeFileSync(
    workerFile,
    `import { register } from ${JSON.stringify(tsx)}\nregister()\nawait import(${JSON.stringify(source)})\n`
  )
  const data = join(dir, 'data')
  const seed = new Library(data)
  await seed.importPaths([join(__dirname, '../../resources/sample-xuzhou-roundup.txt')])
  for (const district of ['沛县', '丰县']) {
    const big = join(dir, `${district}.txt`)
    writeFileSync(
      big,
      `2023年\n${district}\n全年报告\n${'1月5日，召开招商引资推进会，部署全年项目建设。'.repeat(300_000)}\n`
    )
    await seed.importPaths([big])
  }
  seed.close()
  service = await startLibraryService({ workerFile, dataDir: data })
  // Both readers up and warm before anything is timed.
  await Promise.all([service.handlers.search({ query: '睢宁' }), service.handlers.search({ query: '邳州' })])
  const started = performance.now()
  await service.handlers.search({ query: SLOW, limit: 20 })
  console.log(`the slow search takes ${Math.round(performance.now() - started)} ms here`)
}, 180_000)
afterAll(async () => {
  await service.close()
  rmSync(dir, { recursive: true, force: true })
})

const timed = async <T>(work: Promise<T>): Promise<{ value: T; ms: number; at: number }> => {
  const started = performance.now()
  const value = await work
  return { value, ms: performance.now() - started, at: performance.now() }
}

/** How a call ended: 'answered', or its error's code. */
const outcome = (work: unknown): Promise<string> =>
  Promise.resolve(work).then(
    () => 'answered',
    (err: { code?: string }) => err.code ?? String(err)
  )

it('answers other calls while a slow search runs on a reader', async () => {
  const slow = timed(Promise.resolve(service.handlers.search({ query: SLOW, limit: 20 })))
  await new Promise((resolve) => setTimeout(resolve, 20))
  const info = await timed(Promise.resolve(service.handlers.libraryInfo({})))
  const quick = await timed(Promise.resolve(service.handlers.search({ query: '睢宁', limit: 20 })))
  const done = await slow
  expect(info.value.reports).toBe(11)
  expect(quick.value.total).toBeGreaterThan(0)
  // The slow search was still running when the others had their answers.
  expect(done.ms).toBeGreaterThan(quick.ms)
  expect(info.at).toBeLessThan(done.at)
  expect(quick.at).toBeLessThan(done.at)
}, 60_000)

it('abandons a search made stale by newer ones, and answers the newest', async () => {
  const first = outcome(service.handlers.search({ query: SLOW, limit: 20 }))
  const second = outcome(service.handlers.search({ query: `推进${SLOW}`, limit: 20 }))
  await new Promise((resolve) => setTimeout(resolve, 300))
  const newest = await timed(Promise.resolve(service.handlers.search({ query: '邳州', limit: 20 })))
  expect(newest.value.hits.map((h) => h.district)).toContain('邳州')
  expect([await first, await second]).toContain('CANCELLED')
}, 60_000)

it('abandons nothing for the query on screen: its pages, its district counts and its overview are all answered', async () => {
  // Both readers busy with the slow query (a page and the next one) for longer than a stale search…
  const page = outcome(service.handlers.search({ query: SLOW, limit: 20 }))
  const next = outcome(service.handlers.search({ query: SLOW, limit: 20, offset: 20 }))
  await new Promise((resolve) => setTimeout(resolve, 300))
  // …when the window asks for its district counts and its overview.
  const counts = outcome(service.handlers.search({ query: SLOW, limit: 1, facets: true }))
  const overview = outcome(service.handlers.searchOverview({ query: SLOW }))
  expect(await Promise.all([page, next, counts, overview])).toEqual([
    'answered',
    'answered',
    'answered',
    'answered',
  ])
}, 60_000)

it('asks a live reader again for a search that was on its way to one being abandoned', async () => {
  // The first reader, then the second, busy with the slow query for longer than a stale search.
  const first = outcome(service.handlers.search({ query: SLOW, limit: 20 }))
  await new Promise((resolve) => setTimeout(resolve, 20))
  const second = outcome(service.handlers.search({ query: SLOW, limit: 20, offset: 20 }))
  await new Promise((resolve) => setTimeout(resolve, 300))
  // In one go: the district counts of the slow query wait on the first reader, and a search for
  // another query abandons that reader (the stalest) before the counts have reached it.
  const counts = outcome(service.handlers.search({ query: SLOW, limit: 1, facets: true }))
  const other = outcome(service.handlers.search({ query: '邳州', limit: 20 }))
  expect(await Promise.all([first, second, counts, other])).toEqual([
    'CANCELLED',
    'answered',
    'answered',
    'answered',
  ])
}, 60_000)

it('leaves no database work on the threads that answer the window: no SQLite in their code', async () => {
  const { readdirSync, readFileSync } = await import('node:fs')
  const shellFiles = [
    'index.ts',
    'import-runner.ts',
    'library-service.ts',
    ...readdirSync(join(__dirname, 'electron')).map((f) => `electron/${f}`),
    ...readdirSync(join(__dirname, 'web')).map((f) => `web/${f}`),
  ].filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  for (const file of shellFiles) {
    const source = readFileSync(join(__dirname, file), 'utf8')
    expect(source, file).not.toMatch(/from 'better-sqlite3'/u)
    // The core is reached through the workers; only its types and pure helpers may be imported.
    for (const line of source.split('\n').filter((l) => /^import (?!type ).*from '.*core\//u.test(l)))
      expect(line, file).toMatch(/core\/data-dir'/u)
  }
})

it('takes automatic backups on a worker of its own: the writer answers meanwhile, and quitting abandons one', async () => {
  // The first backup stores every original (two of them large): it takes a while.
  const first = timed(service.automaticBackup(true))
  await new Promise((resolve) => setTimeout(resolve, 20))
  const info = await timed(Promise.resolve(service.handlers.libraryInfo({})))
  const tags = await timed(Promise.resolve(service.handlers.listTags({})))
  const done = await first
  console.log(`the first backup takes ${Math.round(done.ms)} ms here`)
  expect(done.value).toMatch(/library-.*\.sqlite3$/u)
  if (process.platform === 'linux') {
    // Its thread gives way to searches: the one thread of this process below normal priority.
    const nices = threadNices()
    expect(nices.filter((n) => n === constants.priority.PRIORITY_BELOW_NORMAL)).toHaveLength(1)
  }
  expect(info.value.reports).toBe(11)
  expect(info.at).toBeLessThan(done.at)
  expect(tags.at).toBeLessThan(done.at)

  // A quit while a backup runs does not wait for it.
  rmSync(join(dir, 'data', 'backups'), { recursive: true, force: true })
  const running = service.automaticBackup(true).then(
    () => 'finished',
    () => 'abandoned'
  )
  await new Promise((resolve) => setTimeout(resolve, 50))
  const quit = await timed(service.quitBackup())
  expect(quit.value).toBeNull()
  expect(await running).toBe('abandoned')
  expect(quit.ms).toBeLessThan(done.ms)
  // The next backup starts a new worker and clears what the abandoned one left.
  const next = await service.automaticBackup(true)
  expect(readdirSync(join(dir, 'data', 'backups')).filter((f) => f.endsWith('.partial'))).toEqual([])
  expect(next).toMatch(/library-.*\.sqlite3$/u)
}, 120_000)

it('pauses an automatic backup while the window searches; one the user asks for does not wait', async () => {
  // A backup of an unchanged registry copies the user's rows alone: quick when nothing is asked.
  await service.automaticBackup(true)
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS + 100))
  const quiet = await timed(service.automaticBackup(true))
  expect(quiet.ms).toBeLessThan(QUIET_MS)

  // A person typing: a search every few tens of milliseconds for a second and a half.
  const backup = timed(service.automaticBackup(true))
  let lastAnswered = 0
  for (const started = performance.now(); performance.now() - started < 1_500;) {
    await service.handlers.search({ query: lastAnswered % 2 ? '睢宁' : '邳州', limit: 20 })
    lastAnswered = performance.now()
    await new Promise((resolve) => setTimeout(resolve, 30))
  }
  const paused = await backup
  expect(paused.value).toMatch(/library-.*\.sqlite3$/u)
  // It went on only once the window had been quiet a moment.
  expect(paused.at).toBeGreaterThanOrEqual(lastAnswered + QUIET_MS - 50)

  // Asked for with the button, it goes ahead.
  await service.handlers.search({ query: '睢宁' })
  const asked = await timed(Promise.resolve(service.handlers.backupNow({})))
  expect(asked.value.name).toMatch(/library-.*\.sqlite3$/u)
  expect(asked.ms).toBeLessThan(QUIET_MS)

  // Nor does the backup on quit, right after the window wrote something.
  await service.handlers.saveSearch({ name: '招商 在睢宁', query: '招商 睢宁' })
  const onQuit = await timed(service.quitBackup())
  expect(onQuit.value).toMatch(/library-.*\.sqlite3$/u)
  expect(onQuit.ms).toBeLessThan(QUIET_MS)
}, 60_000)

it.runIf(process.platform === 'linux')(
  'quits soon after launch without starting the backup worker when nothing changed since the newest backup',
  async () => {
    const data = join(dir, 'quit-data')
    const seed = new Library(data)
    await seed.importPaths([join(__dirname, '../../resources/sample-xuzhou-roundup.txt')])
    await seed.automaticBackup(true)
    seed.close()
    const below = (): number =>
      threadNices().filter((n) => n === constants.priority.PRIORITY_BELOW_NORMAL).length
    const before = below()
    const quick = await startLibraryService({ workerFile: join(dir, 'worker.mjs'), dataDir: data })
    try {
      await quick.handlers.search({ query: '睢宁' })
      expect(await quick.quitBackup()).toBeNull()
      // The backup worker lowers its thread's priority as it starts: none was started.
      expect(below()).toBe(before)
      // Once something is written, the quit takes a backup (on the backup worker).
      await quick.handlers.saveSearch({ name: '睢宁', query: '睢宁' })
      expect(await quick.quitBackup()).toMatch(/library-.*\.sqlite3$/u)
    } finally {
      await quick.close()
    }
  },
  60_000
)

it('restores with its readers stopped for the swap alone (Windows cannot replace a file they hold open)', async () => {
  const data = join(dir, 'restore-data')
  const seed = new Library(data)
  await seed.importPaths([join(__dirname, '../../resources/sample-xuzhou-roundup.txt')])
  seed.close()
  let whilePreparing: Promise<number> | null = null
  const swaps: string[] = []
  const restoring = await startLibraryService({
    workerFile: join(dir, 'worker.mjs'),
    dataDir: data,
    onRestoreProgress: () => {
      whilePreparing ??= notes()
    },
    // The shells stop their own connections here (the integrity check's process).
    beforeSwap: () =>
      swaps.push(
        readdirSync(data)
          .filter((f) => f.endsWith('.restoring'))
          .join()
      ),
  })
  const notes = (): Promise<number> =>
    Promise.resolve(restoring.handlers.search({ query: 'in:notes 复原以前', limit: 1 })).then((r) => r.total)
  try {
    const reportId = (await restoring.handlers.search({ query: '睢宁', limit: 1 })).hits[0]!.reportId
    const before = basename((await restoring.automaticBackup(true)) as string)
    await restoring.handlers.addAnnotation({ reportId, start: 0, end: 2, note: '复原以前写的批注' })
    expect(await notes()).toBe(1)
    // Searches all through the restore: each is answered, from the library before or after it.
    const asked: Promise<number>[] = []
    const asking = setInterval(() => asked.push(notes()), 2)
    try {
      await restoring.handlers.restoreBackup({ name: before })
    } finally {
      clearInterval(asking)
    }
    // While the restored copy was made, the library as it was answered.
    expect(whilePreparing).not.toBeNull()
    expect(await whilePreparing).toBe(1)
    const answers = await Promise.all(asked)
    expect(answers.length).toBeGreaterThan(0)
    expect(answers.every((n) => n === 0 || n === 1)).toBe(true)
    expect(await notes()).toBe(0)
    // Once more: readers started by a restore are stopped by the next one in the same way.
    await restoring.handlers.restoreBackup({ name: before })
    expect(await notes()).toBe(0)
    // Once per restore, with the restored copy made and the library not yet replaced.
    expect(swaps).toEqual(['library.sqlite3.restoring', 'library.sqlite3.restoring'])
  } finally {
    await restoring.close()
  }
}, 120_000)

it('answers a search that quitting cut off as cancelled, not as a failure (the last test: it closes the library)', async () => {
  const cut = outcome(service.handlers.search({ query: SLOW, limit: 20 }))
  await new Promise((resolve) => setTimeout(resolve, 50))
  await service.close()
  expect(await cut).toBe('CANCELLED')
}, 60_000)
