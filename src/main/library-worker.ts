/**
 * The library on a worker thread: the Electron main process and the browser-mode host send it
 * every API call (and their own few operations), so no database work ever runs on their thread.
 * A writer worker owns the library (recovery, writes, backups); reader workers answer searches
 * on read-only connections beside it.
 */
import { join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import type { ApiMethod } from '../shared/api'
import type { ApiResult } from '../shared/result'
import { toApiError } from '../shared/result'
import { dispatchApi } from './api-dispatch'
import { giveWayTo, lowerThisThread } from './background-priority'
import { setNativeBinding } from './core/db/native-binding'
import { automaticBackup, backupDue, libraryUnchangedSince } from './core/db/backups'
import { backupInfo, Library, LIBRARY_FILE, libraryHandlers } from './core/library'
import { sectionTable } from './core/search/section-table'
import { buildPreimages } from './core/search/normalize'

export interface LibraryWorkerData {
  dataDir: string
  nativeBinding?: string
  /** The writer owns the library; readers search; the backup worker takes automatic backups. */
  role: 'writer' | 'reader' | 'backup'
  /** Above this many sections the writer builds a stale index again in steps (default: the library's). */
  reindexInBackgroundAbove?: number
  /** What the window is doing (background-priority.ts): automatic backups pause for it. */
  foreground?: SharedArrayBuffer
}

/** The shells' own operations, besides the renderer's API. */
export type LibraryOperation =
  | { op: 'api'; method: ApiMethod; args: unknown }
  | { op: 'importSample'; path: string }
  | {
      op: 'automaticBackup'
      force: boolean
      ifChanged?: boolean
      /** Pauses while the window is in use (not the backup on quit, which the quit waits for). */
      giveWay?: boolean
    }
  | { op: 'backupNow' }
  /** Whether the library is as its newest backup holds it (the writer answers at once). */
  | { op: 'unchangedSinceBackup' }
  | { op: 'backupTo'; file: string }
  | { op: 'restore'; file: string }
  | { op: 'integrityDue' }
  | { op: 'recordIntegrity'; problem: string | null }
  | { op: 'close' }
  /** The answer to `swapping`: the other connections have let go of the library (not queued). */
  | { op: 'readersStopped' }

export type LibraryRequest = LibraryOperation & { id: number }
export type LibraryReply =
  | { id: number; result: ApiResult<unknown> }
  | { id: -1; ready: true; notice: string | null; sqliteVersion: string }
  | { id: -2; restoreProgress: { done: number; total: number } }
  /** A restore is about to replace the library file: answered with `readersStopped`. */
  | { id: -3; swapping: true }

async function perform(library: Library, request: LibraryOperation): Promise<unknown> {
  switch (request.op) {
    case 'api': {
      const result = await dispatchApi(request.method, request.args, libraryHandlers(library))
      if (!result.ok) throw Object.assign(new Error(result.error.message), result.error, { coded: true })
      return result.value
    }
    case 'importSample':
      await library.importSampleOnFirstStart(request.path)
      return { notice: library.notice, sampleReports: library.sampleReports }
    case 'automaticBackup':
      return library.automaticBackup(request.force)
    case 'backupNow':
      return backupInfo((await library.automaticBackup(true)) as string)
    case 'unchangedSinceBackup':
      return library.unchangedSinceBackup()
    case 'backupTo':
      return library.backup(request.file)
    case 'restore':
      return library.restore(request.file)
    case 'integrityDue':
      return library.integrityCheckDue()
    case 'recordIntegrity':
      return library.recordIntegrityCheck(request.problem)
    case 'close':
      library.close()
      return null
    case 'readersStopped':
      return null
  }
}

const reply = (message: LibraryReply): void => parentPort?.postMessage(message)

/**
 * Answers requests one at a time, in order (a library is one SQLite connection). Returns a way to
 * run work of the worker's own in the same line, between requests.
 */
function answer(
  perform: (request: LibraryOperation) => Promise<unknown>,
  readersStopped: () => void = () => undefined
): (work: () => void) => Promise<void> {
  let queue: Promise<void> = Promise.resolve()
  const enqueue = (work: () => void): Promise<void> =>
    (queue = queue.then(work).catch((err) => console.error(`The library's own work failed: ${String(err)}`)))
  parentPort?.on('message', (request: LibraryRequest) => {
    // Awaited by the restore that holds the line: it cannot wait behind it.
    if (request.op === 'readersStopped') return readersStopped()
    queue = queue.then(async () => {
      try {
        reply({ id: request.id, result: { ok: true, value: await perform(request) } })
      } catch (err) {
        const coded = err as { coded?: boolean; code?: string; message?: string }
        reply({
          id: request.id,
          result: {
            ok: false,
            error: coded.coded
              ? { code: coded.code as never, message: coded.message ?? '' }
              : toApiError(err),
          },
        })
      }
    })
  })
  return enqueue
}

/**
 * Automatic backups on a connection of their own: the first one of a large library stores every
 * original and takes a while, and the writer (imports, notes) must not wait for it.
 */
function serveBackups(data: LibraryWorkerData): void {
  // A backup gives way to searches (the first of a large library takes half a minute of a core).
  lowerThisThread()
  setNativeBinding(data.nativeBinding)
  const file = join(data.dataDir, LIBRARY_FILE)
  const take = async (force: boolean, ifChanged = false, giveWay = false): Promise<string | null> => {
    if (ifChanged && libraryUnchangedSince(file, data.dataDir)) return null
    if (!force && !backupDue(data.dataDir)) return null
    const pause = giveWay && data.foreground ? giveWayTo(data.foreground) : undefined
    return automaticBackup(file, data.dataDir, new Date(), pause)
  }
  reply({ id: -1, ready: true, notice: null, sqliteVersion: '' })
  answer(async (request) => {
    if (request.op === 'automaticBackup') return take(request.force, request.ifChanged, request.giveWay)
    if (request.op === 'backupNow') return backupInfo((await take(true)) as string)
    if (request.op === 'close') return null
    throw new Error(`the backup worker does not do ${request.op}`)
  })
}

/**
 * Builds an index that an upgrade made stale again, a step at a time between requests, so the
 * library answers throughout (searches read the text meanwhile) and a quit loses at most a step.
 */
function reindexInBackground(library: Library, enqueue: (work: () => void) => Promise<void>): void {
  if (!library.indexCurrent()) inSteps(library, enqueue, () => library.reindexStep())
}

/** Runs `step` between requests until it says it is done (or the library closes), then `done`. */
function inSteps(
  library: Library,
  enqueue: (work: () => void) => Promise<void>,
  step: () => boolean,
  done: () => void = () => undefined
): void {
  const next = (): void => {
    void enqueue(() => {
      if (library.closed || step()) return done()
      // A timer, not the queue: requests that arrived meanwhile go first.
      setTimeout(next, 0)
    })
  }
  next()
}

/** How long the library must be left unchanged before its common terms are ranked again. */
const TOP_HITS_QUIET_MS = 3_000
/**
 * And before a reader reads its search aids again (the headlines, then the section table and the
 * index's Latin words): a long import changes the library every batch, and a load that a batch
 * interrupts starts over (0.3 s of headlines at 100k reports, 3 s at 1M, on each reader), work
 * taken from the import on two cores. The section table is one step (0.1 s at 100k reports).
 */
const SEARCH_AIDS_QUIET_MS = 3_000
/** When a reader that was asked nothing yet reads what searches need. */
const READER_WARM_UP_MS = 500
/** Characters read into the normalisation's preimage table per step (about 15 ms). */
const PREIMAGES_STEP = 8192

/**
 * Keeps what is derived from the library's state current (`due`, then `step` until it says it is
 * done), a step at a time between requests, once the library has been left unchanged for `quietMs`
 * after a change; searches work without it meanwhile, only slower. Unchanged means the same
 * registry token at two looks `quietMs` apart: requests that only read (opening reports, listing
 * notes) do not put it off, as they did when any request restarted the wait and a reader never saw
 * the common terms' lists.
 */
function keepCurrent(
  library: Library,
  enqueue: (work: () => void) => Promise<void>,
  quietMs: number,
  due: () => boolean,
  step: () => boolean
): void {
  let running = false
  let seen: string | null = null
  const check = (): void => {
    void enqueue(() => {
      if (running || library.closed) return
      const token = library.changeToken()
      const quiet = token === seen
      seen = token
      if (!quiet || !due()) return
      running = true
      inSteps(library, enqueue, step, () => (running = false))
    })
  }
  const timer = setInterval(check, quietMs)
  timer.unref()
  check()
}

function serve(data: LibraryWorkerData): void {
  if (data.role === 'backup') return serveBackups(data)
  setNativeBinding(data.nativeBinding)
  const library = new Library(data.dataDir, {
    readOnly: data.role === 'reader',
    reindexInBackgroundAbove: data.reindexInBackgroundAbove,
  })
  library.onRestoreProgress = (done, total) => reply({ id: -2, restoreProgress: { done, total } })
  // Before a restore replaces the library file, the service stops the readers and backups.
  const swaps: (() => void)[] = []
  library.beforeRestoreSwap = () =>
    new Promise<void>((resolve) => {
      swaps.push(resolve)
      reply({ id: -3, swapping: true })
    })
  const version = library.db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? ''
  reply({ id: -1, ready: true, notice: library.notice, sqliteVersion: version })
  const enqueue = answer(
    (request) => perform(library, request),
    () => swaps.shift()?.()
  )
  if (data.role === 'writer') {
    reindexInBackground(library, enqueue)
    // Once an import is over: the index merged into one segment where it has grown (its searches
    // read one list per term instead of one per segment), then the common terms' best hits
    // (search/top-hits.ts), ranked on the merged index.
    keepCurrent(
      library,
      enqueue,
      TOP_HITS_QUIET_MS,
      () => library.indexMergeDue() || library.topHitsDue(),
      () =>
        library.indexMergeDue() ? library.indexMergeStep() && !library.topHitsDue() : library.topHitsStep()
    )
  } else {
    // Readers count hits by district and date from the section table (about 0.1 s to read at 100k
    // reports): read after the first request (the window's first list, which does not need it),
    // or a moment after the start for a reader that has none yet. The second reader used to meet
    // it in its first search, which took 100–180 ms instead of 5–30: the first time two searches
    // overlapped, a keystroke's. Then the text check's preimage table, and once the library is
    // quiet the headlines they rank by, the table again and the index's Latin words (searchAids).
    let warm = false
    const warmUp = (): void => {
      if (warm) return
      warm = true
      void enqueue(() => void sectionTable(library.db))
      // The table a text check reads when a candidate holds the query only once normalised
      // (Unix for unix, 係統 for 系统): 0.1 s to build, in steps that let requests go first.
      inSteps(library, enqueue, () => buildPreimages(PREIMAGES_STEP))
      keepCurrent(
        library,
        enqueue,
        SEARCH_AIDS_QUIET_MS,
        () => library.searchAidsDue(),
        () => library.searchAidsStep()
      )
    }
    parentPort?.once('message', warmUp)
    setTimeout(warmUp, READER_WARM_UP_MS).unref()
  }
}

if (parentPort) serve(workerData as LibraryWorkerData)
