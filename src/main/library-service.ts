/**
 * The library as the shells use it: every API call goes to a worker thread (library-worker.ts),
 * so the Electron main process and the browser-mode host never wait on SQLite. One writer worker
 * owns the library; searches go to reader workers beside it, and a search that a newer one has
 * made stale is abandoned (its worker replaced) instead of holding up the next.
 */
import { Worker } from 'node:worker_threads'
import { rendererMethodNames } from '../shared/api-methods'
import type { ApiHandlers, ApiMethod } from '../shared/api'
import { CodedError, type ApiResult } from '../shared/result'
import { createForeground } from './background-priority'
import type { BackgroundImports } from './core/library'
import type { LibraryOperation, LibraryReply, LibraryRequest, LibraryWorkerData } from './library-worker'

/** How long after start the daily backup waits (the first searches come first). */
export const START_BACKUP_DELAY_MS = 15_000
/**
 * The weekly full integrity check reads every page of the library (1.2 GB at 100k reports): it
 * starts after the first searches too, and after the daily backup has begun, so the three do not
 * share two cores at launch (the first results came 0.5 s later when it ran at once).
 */
export const INTEGRITY_CHECK_DELAY_MS = 30_000
/**
 * After an import, how long the library must stay without another before the new registry is
 * backed up: then a quit only copies the user's own rows (db/backups.ts takes the registry from
 * the newest backup), instead of the whole registry (about a second at 100k reports).
 */
export const AFTER_IMPORT_BACKUP_DELAY_MS = 20_000

/** A search running longer than this when one for another query arrives is abandoned. */
const STALE_AFTER_MS = 150

interface Connection {
  worker: Worker
  ready: Promise<{ notice: string | null; sqliteVersion: string }>
  pending: Map<number, { resolve: (r: ApiResult<unknown>) => void }>
  busySince: number | null
  running: number
  /** Its thread has ended: nothing sent to it would be answered. */
  exited: boolean
  /** The query of each search it is answering (one entry per request). */
  queries: string[]
}

export interface LibraryService {
  /** The renderer's API, answered by the workers (imports by `imports`). */
  handlers: ApiHandlers
  /** A notice from opening the library (recovery), if any. */
  notice: string | null
  /** The SQLite the workers use (for the About box). */
  sqliteVersion: string
  importSample(path: string): Promise<{ notice: string | null; sampleReports: number | null }>
  /**
   * A rotating backup (when one is due, or always when forced), on the backup worker. It pauses
   * while the window is in use (background-priority.ts).
   */
  automaticBackup(force: boolean): Promise<string | null>
  /**
   * The backup on quit, unless nothing was written since the newest one. Abandons a backup still
   * running (the start-up one of a large library can take a while; the library itself is safe on
   * disk) instead of holding the quit for it. It does not pause for the window: the quit waits on it.
   */
  quitBackup(): Promise<string | null>
  backupTo(file: string): Promise<void>
  restore(file: string): Promise<void>
  integrityDue(): Promise<boolean>
  recordIntegrity(problem: string | null): Promise<string | null>
  close(): Promise<void>
}

let nextId = 1

function connect(
  workerFile: string,
  data: LibraryWorkerData,
  onRestoreProgress?: (p: { done: number; total: number }) => void,
  /** Before a restore replaces the library file (the writer waits for it). */
  onSwapping?: () => Promise<void>
): Connection {
  const worker = new Worker(workerFile, { workerData: data })
  const pending = new Map<number, { resolve: (r: ApiResult<unknown>) => void }>()
  const connection: Connection = {
    worker,
    ready: Promise.resolve({ notice: null, sqliteVersion: '' }),
    pending,
    busySince: null,
    running: 0,
    exited: false,
    queries: [],
  }
  connection.ready = new Promise((resolve, reject) => {
    worker.on('message', (message: LibraryReply) => {
      if ('ready' in message) return resolve({ notice: message.notice, sqliteVersion: message.sqliteVersion })
      if ('restoreProgress' in message) return onRestoreProgress?.(message.restoreProgress)
      if ('swapping' in message) {
        const stopped: LibraryRequest = { op: 'readersStopped', id: 0 }
        void (onSwapping ? onSwapping() : Promise.resolve())
          .catch(() => undefined)
          .then(() => worker.postMessage(stopped))
        return
      }
      const waiting = pending.get(message.id)
      pending.delete(message.id)
      waiting?.resolve(message.result)
    })
    worker.once('error', reject)
    // A worker stopped before it was ready (a restore, a stale search): no request waits forever.
    worker.once('exit', () => reject(new Error('The library stopped.')))
  })
  // Nobody may be waiting for it when it fails.
  connection.ready.catch(() => undefined)
  const failAll = (message: string): void => {
    for (const [, waiting] of pending) waiting.resolve({ ok: false, error: { code: 'INTERNAL', message } })
    pending.clear()
  }
  worker.on('error', (err) => failAll(`The library stopped: ${err.message}`))
  worker.on('exit', () => {
    connection.exited = true
    failAll('The library stopped.')
  })
  return connection
}

async function send(connection: Connection, operation: LibraryOperation): Promise<ApiResult<unknown>> {
  // Counted as busy at once, before waiting for the worker: the next call must see it taken.
  connection.running++
  let stopped = false
  try {
    await connection.ready
  } catch {
    stopped = true
  }
  // Busy from when the worker has the request: a reader still starting is never stale.
  if (!stopped && !connection.exited) connection.busySince ??= Date.now()
  if (stopped || connection.exited) {
    connection.running--
    if (connection.running === 0) connection.busySince = null
    return { ok: false, error: { code: 'INTERNAL', message: 'The library stopped.' } }
  }
  const id = nextId++
  return new Promise((resolve) => {
    connection.pending.set(id, {
      resolve: (result) => {
        connection.running--
        if (connection.running === 0) connection.busySince = null
        resolve(result)
      },
    })
    connection.worker.postMessage({ ...operation, id })
  })
}

/** The query a search, a summary or an overview is asked for (all carry one). */
const queryOf = (args: unknown): string =>
  typeof args === 'object' && args !== null && typeof (args as { query?: unknown }).query === 'string'
    ? (args as { query: string }).query
    : ''

function unwrap<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new CodedError(result.error.code, result.error.message)
  return result.value as T
}

export async function startLibraryService(options: {
  workerFile: string
  dataDir: string
  nativeBinding?: string
  readers?: number
  imports?: BackgroundImports
  /** How a restore's rebuild goes (documents done of total). */
  onRestoreProgress?: (p: { done: number; total: number }) => void
  /** After a restore replaced the library (readers reconnect; the window reloads its lists). */
  onRestored?: () => void
  /**
   * Right before a restore replaces the library file, after the readers stopped: the shells stop
   * their own connections to it (the weekly integrity check's process).
   */
  beforeSwap?: () => void
  /** Above this many sections a stale index is built again in the background (tests lower it). */
  reindexInBackgroundAbove?: number
  /** Tests shorten AFTER_IMPORT_BACKUP_DELAY_MS. */
  afterImportBackupDelayMs?: number
}): Promise<LibraryService> {
  const base = { dataDir: options.dataDir, nativeBinding: options.nativeBinding }
  // The window's requests, which automatic backups pause for (background-priority.ts).
  const foreground = createForeground()
  const writer = connect(
    options.workerFile,
    { ...base, role: 'writer', reindexInBackgroundAbove: options.reindexInBackgroundAbove },
    options.onRestoreProgress,
    () => stopReaders()
  )
  const { notice, sqliteVersion } = await writer.ready
  const spawnReader = (): Connection => connect(options.workerFile, { ...base, role: 'reader' })
  let readers = Array.from({ length: options.readers ?? 2 }, spawnReader)

  const onWriter = async <T>(operation: LibraryOperation): Promise<T> =>
    unwrap<T>(await send(writer, operation))

  /**
   * A search (or a summary of one) on an idle reader; with none idle, the longest-running (stale)
   * one is abandoned. One that a restore stopped is asked again of the new readers.
   */
  async function search(
    args: unknown,
    method: 'search' | 'figureSummary' | 'searchOverview' = 'search'
  ): Promise<unknown> {
    const query = queryOf(args)
    for (;;) {
      while (readersBack) await readersBack
      const reader = pickReader(query)
      reader.queries.push(query)
      let result: ApiResult<unknown>
      try {
        result = await send(reader, { op: 'api', method, args })
      } finally {
        reader.queries.splice(reader.queries.indexOf(query), 1)
      }
      if (result.ok) return unwrap(result)
      // Cut off by quitting: nobody waits for it (and it is no failure to report).
      if (closing) throw new CodedError('CANCELLED', 'CANCELLED: the library is closing.')
      // Stopped for a restore, or abandoned while this request was on its way to it (it was not
      // one of the searches that were running, which are cancelled): asked again of a reader.
      if (stoppedForRestore.has(reader)) continue
      if (abandoned.has(reader) && result.error.code !== 'CANCELLED') continue
      return unwrap(result)
    }
  }

  /**
   * An idle reader; with none, one answering only other queries that has run for STALE_AFTER_MS
   * is abandoned (their answers would come too late to be shown: the query was typed over), else
   * the request waits on the least busy. A search for the same query is never abandoned for
   * another: the list's next page, its district counts and its overview are all still wanted
   * (the overview of a cold query, cut off by the district counts of the same query, showed
   * "a newer search replaced this one" instead of its chart).
   */
  function pickReader(query: string): Connection {
    let reader = readers.find((r) => r.running === 0)
    if (!reader) {
      const replaceable = readers.filter((r) => !r.queries.includes(query))
      const stalest = replaceable.sort((a, b) => (a.busySince ?? Infinity) - (b.busySince ?? Infinity))[0]
      if (stalest && Date.now() - (stalest.busySince ?? Date.now()) >= STALE_AFTER_MS) {
        for (const [, waiting] of stalest.pending)
          waiting.resolve({
            ok: false,
            error: { code: 'CANCELLED', message: 'CANCELLED: a newer search replaced this one.' },
          })
        stalest.pending.clear()
        abandoned.add(stalest)
        void retire(stalest)
        reader = spawnReader()
        readers = readers.map((r) => (r === stalest ? reader! : r))
      } else reader = [...readers].sort((a, b) => a.running - b.running)[0]!
    }
    return reader
  }

  // Automatic backups run one at a time on a worker of their own, never beside a restore.
  let backups: Connection | null = null
  let backupRunning = false
  let backupChain: Promise<unknown> = Promise.resolve()
  const inBackupOrder = <T>(job: () => Promise<T>): Promise<T> => {
    const run = backupChain.then(job, job)
    backupChain = run.catch(() => undefined)
    return run
  }
  const onBackupWorker = <T>(operation: LibraryOperation): Promise<T> =>
    inBackupOrder(async () => {
      backups ??= connect(options.workerFile, { ...base, role: 'backup', foreground: foreground.buffer })
      backupRunning = true
      try {
        return unwrap<T>(await send(backups, operation))
      } finally {
        backupRunning = false
      }
    })
  const stopBackups = async (): Promise<void> => {
    const running = backups
    backups = null
    await running?.worker.terminate()
  }

  let afterImport: ReturnType<typeof setTimeout> | null = null
  const cancelBackupAfterImport = (): void => {
    if (afterImport) clearTimeout(afterImport)
    afterImport = null
  }
  const backupAfterImport = (): void => {
    cancelBackupAfterImport()
    afterImport = setTimeout(() => {
      afterImport = null
      void onBackupWorker({ op: 'automaticBackup', force: true, ifChanged: true, giveWay: true }).catch(
        () => undefined
      )
    }, options.afterImportBackupDelayMs ?? AFTER_IMPORT_BACKUP_DELAY_MS)
    afterImport.unref?.()
  }

  /**
   * While a restore replaces the library file, no other connection may hold it open (on Windows
   * an open file cannot be removed or renamed over): once the restored copy is ready, the writer
   * asks for the readers and the backup worker to stop (stopReaders), searches asked for meanwhile
   * wait (those a stopped reader was answering are asked again), and new readers open the
   * restored library when the restore is over (startReaders). Until then searches are answered
   * from the library as it was.
   */
  let readersBack: Promise<void> | null = null
  let back: () => void = () => undefined
  let closing = false
  const stoppedForRestore = new WeakSet<Connection>()
  /** Readers left to stop because their searches were stale (pickReader). */
  const abandoned = new WeakSet<Connection>()
  /** Readers being stopped (a stale one is left to stop on its own): a restore waits for them. */
  const stopping = new Set<Promise<number>>()
  const retire = (connection: Connection): Promise<number> => {
    const gone = connection.worker.terminate()
    stopping.add(gone)
    void gone.finally(() => stopping.delete(gone))
    return gone
  }
  const stopReaders = async (): Promise<void> => {
    if (readersBack) return
    readersBack = new Promise((resolve) => (back = resolve))
    for (const r of readers) stoppedForRestore.add(r)
    await Promise.all([...readers.map(retire), ...stopping])
    await stopBackups()
    options.beforeSwap?.()
  }
  const startReaders = (): void => {
    if (!readersBack) return
    if (!closing) readers = readers.map(() => spawnReader())
    readersBack = null
    back()
  }

  const viaWriter = (method: ApiMethod) => (args: unknown) => onWriter({ op: 'api', method, args })
  const handlers = Object.fromEntries(
    [...rendererMethodNames, 'importPaths' as const].map((method) => [method, viaWriter(method)])
  ) as unknown as ApiHandlers
  handlers.search = (args) => search(args) as ReturnType<ApiHandlers['search']>
  handlers.figureSummary = (args) => search(args, 'figureSummary') as ReturnType<ApiHandlers['figureSummary']>
  handlers.searchOverview = (args) =>
    search(args, 'searchOverview') as ReturnType<ApiHandlers['searchOverview']>
  if (options.imports) {
    const imports = options.imports
    handlers.importFiles = ({ files, encoding }) => imports.run({ kind: 'files', files }, encoding)
    handlers.importPaths = ({ paths, encoding }) => imports.run({ kind: 'paths', paths }, encoding)
    handlers.cancelImport = () => ({ cancelled: imports.cancel() })
  }
  // An import is followed, once things are quiet, by a backup of the new registry.
  const importing = handlers as unknown as Record<
    'importFiles' | 'importPaths',
    (args: unknown) => Promise<unknown>
  >
  for (const method of ['importFiles', 'importPaths'] as const) {
    const run = importing[method]
    importing[method] = async (args) => {
      const imported = foreground.importing()
      let result: unknown
      try {
        result = await run(args)
      } finally {
        imported()
      }
      backupAfterImport()
      return result
    }
  }
  /**
   * A restore, however asked for: never beside a backup or an import (one that runs commits
   * first), and the readers reconnect to the new library afterwards.
   */
  const restoring = <T>(restore: () => Promise<T>): Promise<T> => {
    const run = async (): Promise<T> => {
      let value: T
      try {
        value = await restore()
      } finally {
        startReaders()
      }
      options.onRestored?.()
      return value
    }
    return inBackupOrder(() => (options.imports ? options.imports.exclusive(run) : run()))
  }
  const writerRestore = handlers.restoreBackup
  handlers.restoreBackup = (args) => restoring(() => Promise.resolve(writerRestore(args)))
  handlers.backupNow = () => onBackupWorker({ op: 'backupNow' })
  // Whatever else the window asks is something a person waits for: automatic backups pause.
  const notWaitedOn = new Set<string>([
    'importFiles',
    'importPaths',
    'cancelImport',
    'backupNow',
    'restoreBackup',
  ])
  const asked = handlers as unknown as Record<string, (args: unknown) => unknown>
  for (const method of Object.keys(asked).filter((m) => !notWaitedOn.has(m))) {
    const answer = asked[method]!
    asked[method] = async (args) => {
      const answered = foreground.request()
      try {
        return await answer(args)
      } finally {
        answered()
      }
    }
  }

  return {
    handlers,
    notice,
    sqliteVersion,
    importSample: (path) => onWriter({ op: 'importSample', path }),
    automaticBackup: (force) => onBackupWorker({ op: 'automaticBackup', force, giveWay: true }),
    quitBackup: async () => {
      cancelBackupAfterImport()
      if (backupRunning) {
        await stopBackups()
        return null
      }
      // Nothing written since the newest backup: it already holds what another would. Asked of the
      // writer when the backup worker is not up (a quit in the first seconds after launch): its
      // start took 0.5–1 s of the quit at 100k reports, for no backup at all.
      const unchanged = (): Promise<boolean> =>
        onWriter<boolean>({ op: 'unchangedSinceBackup' }).catch(() => false)
      if (!backups && (await unchanged())) return null
      return onBackupWorker({ op: 'automaticBackup', force: true, ifChanged: true })
    },
    backupTo: (file) => onWriter({ op: 'backupTo', file }),
    restore: (file) => restoring(() => onWriter<void>({ op: 'restore', file })),
    integrityDue: () => onWriter({ op: 'integrityDue' }),
    recordIntegrity: (problem) => onWriter({ op: 'recordIntegrity', problem }),
    close: async () => {
      closing = true
      cancelBackupAfterImport()
      await stopBackups()
      await Promise.all(readers.map((r) => r.worker.terminate()))
      await onWriter({ op: 'close' }).catch(() => undefined)
      await writer.worker.terminate()
    },
  }
}
