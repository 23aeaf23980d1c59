/**
 * The background importer as the shells use it, on a real worker thread: a file over its time
 * budget is refused and the others go on; a cancelled import keeps exactly what it committed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Library } from './core/library'
import {
  createImportRunner,
  forkIntegrityCheck,
  scheduleIntegrityCheck,
  startIntegrityCheck,
} from './import-runner'

let dir: string
let workerFile: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-runner-'))
  // The worker runs the TypeScript source through tsx, as the built app runs the bundle.
  workerFile = join(dir, 'worker.mjs')
  const tsx = pathToFileURL(join(__dirname, '../../node_modules/tsx/dist/esm/api/index.mjs')).href
  const source = pathToFileURL(join(__dirname, 'core/import/import-worker.ts')).href
  writeFileSync(
    workerFile,
    `import { register } from ${JSON.stringify(tsx)}\nregister()\nawait import(${JSON.stringify(source)})\n`
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const roundup = (district: string, n: number): string =>
  `2023年\n${district}\n第${n}号动态\n1月${(n % 28) + 1}日，${district}召开会议，部署第${n}项重点工作。\n`

it('refuses a file over its time budget with a sentence and imports the others', async () => {
  const data = join(dir, 'budget')
  const files = join(dir, 'budget-files')
  const { mkdirSync } = await import('node:fs')
  mkdirSync(files, { recursive: true })
  writeFileSync(join(files, 'a.txt'), roundup('沛县', 1))
  // Large enough to take far longer than the tiny budget below to split.
  writeFileSync(join(files, 'b-slow.txt'), roundup('睢宁', 2).repeat(120_000))
  writeFileSync(join(files, 'c.txt'), roundup('邳州', 3))
  new Library(data).close()
  const runner = createImportRunner(workerFile, data, () => undefined, undefined, 400)
  const summary = await runner.run({ kind: 'paths', paths: [files] }, undefined)
  expect(summary.failed.map((f) => [f.path.split('/').pop(), f.code])).toEqual([['b-slow.txt', 'TOO_SLOW']])
  expect(summary.failed[0]!.message).toBe(
    'TOO_SLOW: b-slow.txt took more than 0.4 s to read and was left out; the other files go on.'
  )
  const library = new Library(data)
  expect(
    library
      .listReports()
      .map((r) => r.district)
      .sort()
  ).toEqual(['沛县', '邳州'].sort())
  library.close()
}, 120_000)

it('keeps exactly what a cancelled import committed, and says it was cancelled', async () => {
  const data = join(dir, 'cancel')
  const files = Array.from({ length: 400 }, (_, n) => ({
    name: `r${n}.txt`,
    dataBase64: Buffer.from(roundup('新沂', n)).toString('base64'),
  }))
  new Library(data).close()
  let progressSeen = 0
  const runner = createImportRunner(workerFile, data, (p) => {
    progressSeen = p.done
    if (p.done >= 150) runner.cancel()
  })
  const summary = await runner.run({ kind: 'files', files }, undefined)
  expect(progressSeen).toBeGreaterThanOrEqual(150)
  expect(summary.cancelled).toBe(true)
  expect(summary.documents).toBeLessThan(400)
  const library = new Library(data)
  expect(library.counts().documents).toBe(summary.documents)
  expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok')
  library.close()
  expect(runner.cancel()).toBe(false)
}, 120_000)

it('lets annotations be saved while an import writes', async () => {
  const data = join(dir, 'saves')
  const seed = new Library(data)
  await seed.importPaths([join(__dirname, '../../resources/sample-xuzhou-roundup.txt')])
  seed.close()
  const library = new Library(data)
  const report = library.listReports()[0]!
  const files = Array.from({ length: 1500 }, (_, n) => ({
    name: `s${n}.txt`,
    dataBase64: Buffer.from(roundup('丰县', n).repeat(20)).toString('base64'),
  }))
  const runner = createImportRunner(workerFile, data, () => undefined)
  const importing = runner.run({ kind: 'files', files }, undefined)
  const { addAnnotation } = await import('./core/annotations/store')
  let saved = 0
  let done = false
  void importing.finally(() => (done = true))
  while (!done) {
    addAnnotation(library.db, { reportId: report.id, start: 0, end: 2, note: `第${saved}条` })
    saved++
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const summary = await importing
  expect(summary.documents).toBe(1500)
  expect(saved).toBeGreaterThan(10)
  expect(library.db.prepare('SELECT count(*) AS n FROM annotations').get()).toEqual({ n: saved })
  library.close()
}, 120_000)

/** A library in `dir/name` holding the bundled sample, open. */
async function sampleLibrary(name: string): Promise<{ data: string; library: Library }> {
  const data = join(dir, name)
  const library = new Library(data)
  await library.importPaths([join(__dirname, '../../resources/sample-xuzhou-roundup.txt')])
  return { data, library }
}

/** integrity-check.ts as a forked Node, through tsx (the built app forks the bundle). */
const checkProcess = (): ReturnType<typeof forkIntegrityCheck> =>
  forkIntegrityCheck(join(__dirname, 'integrity-check.ts'), [
    '--import',
    pathToFileURL(join(__dirname, '../../node_modules/tsx/dist/esm/index.mjs')).href,
  ])

it('runs the full integrity check in a process of its own: sound, then damaged pages found', async () => {
  const { data, library } = await sampleLibrary('integrity')
  library.db.pragma('wal_checkpoint(TRUNCATE)')
  expect(await startIntegrityCheck(checkProcess(), data).result).toEqual({ problem: null })
  library.close()
  const { openSync, writeSync, closeSync, statSync } = await import('node:fs')
  const file = join(data, 'library.sqlite3')
  const size = statSync(file).size
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(Math.floor(size * 0.4), 0xab), 0, Math.floor(size * 0.4), Math.floor(size * 0.3))
  closeSync(fd)
  const damaged = await startIntegrityCheck(checkProcess(), data).result
  expect(damaged?.problem).toMatch(/\S/u)
}, 60_000)

it('stops the integrity check at once when the app quits: nothing found, nothing to record', async () => {
  const { data, library } = await sampleLibrary('integrity-stopped')
  library.close()
  const check = startIntegrityCheck(checkProcess(), data)
  check.stop()
  expect(await check.result).toBeNull()
  // The process is killed, not waited for: one that would never end is gone at once.
  const endless = join(dir, 'endless.mjs')
  writeFileSync(endless, 'setInterval(() => {}, 1000)\n')
  let exited = false
  const start = forkIntegrityCheck(endless)
  const stuck = startIntegrityCheck((args) => {
    const child = start(args)
    return { ...child, onExit: (listener) => child.onExit(() => ((exited = true), listener())) }
  }, data)
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(exited).toBe(false)
  stuck.stop()
  expect(await stuck.result).toBeNull()
  await expect.poll(() => exited).toBe(true)
  // A check that could not start at all records nothing either.
  const failed = startIntegrityCheck(() => {
    throw new Error('no such executable')
  }, data)
  expect(await failed.result).toBeNull()
}, 60_000)

it('schedules the check as the shells do: run when due and recorded, never started or recorded after a stop', async () => {
  const { data, library } = await sampleLibrary('integrity-scheduled')
  library.close()
  const recorded: (string | null)[] = []
  let asked = 0
  const schedule = (due: boolean, delayMs = 0): { stop(): void } =>
    scheduleIntegrityCheck({
      delayMs,
      due: () => (asked++, Promise.resolve(due)),
      start: checkProcess(),
      dataDir: data,
      record: (problem) => (recorded.push(problem), Promise.resolve()),
    })
  schedule(true)
  await expect.poll(() => recorded, { timeout: 20_000 }).toEqual([null])
  schedule(false)
  await expect.poll(() => asked).toBe(2)
  // Stopped before its time: it is not even asked whether it is due.
  schedule(true, 200).stop()
  await new Promise((resolve) => setTimeout(resolve, 400))
  expect(asked).toBe(2)
  // Stopped while it runs: what it would have found is not recorded.
  const running = schedule(true)
  await expect.poll(() => asked).toBe(3)
  running.stop()
  await new Promise((resolve) => setTimeout(resolve, 2_000))
  expect(recorded).toEqual([null])
}, 60_000)
