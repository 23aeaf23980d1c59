/**
 * Imports on a worker thread, one at a time and in order, with progress. Each file has a time
 * budget: a file that takes longer (a pathological document) is refused with a sentence and the
 * import goes on without it in a new worker; an import can be cancelled. Either way what was
 * committed stays, and the summary says exactly what was kept. Used by the Electron shell and the
 * browser-mode host alike.
 */
import { Worker } from 'node:worker_threads'
import type {
  EncodingName,
  ImportFailure,
  ImportFileResult,
  ImportProgress,
  ImportSummary,
} from '../shared/api'
import { CodedError } from '../shared/result'
import type { BackgroundImports, ImportJob as Job } from './core/library'
import type { ImportJob, ImportWorkerMessage } from './core/import/import-worker'

/** How long one file may take to read, extract and split before it is refused. */
export const FILE_BUDGET_MS = Number(process.env.DNR_FILE_BUDGET_MS) || 120_000
/** How long a new worker may take to load before its first file. */
const STARTUP_MS = 60_000

/** Runs tasks one at a time, in the order they were given; a failing task does not stop the next. */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve()
  return (task) => {
    const next = queue.then(task, task)
    queue = next.catch(() => undefined)
    return next
  }
}

export type ImportRunner = BackgroundImports

const basename = (path: string): string => path.split(/[\\/]/u).pop() ?? path

export function createImportRunner(
  workerFile: string,
  dataDir: string,
  onProgress: (p: ImportProgress) => void,
  nativeBinding?: string,
  budgetMs: number = FILE_BUDGET_MS
): ImportRunner {
  const serial = createSerialQueue()
  let stopCurrent: (() => void) | null = null

  const runJob = (job: Job, encoding: EncodingName | undefined): Promise<ImportSummary> =>
    new Promise((resolve, reject) => {
      const results: ImportFileResult[] = []
      const failed: ImportFailure[] = []
      const settledPaths = (): string[] => [...results.map((r) => r.path), ...failed.map((f) => f.path)]
      let worker: Worker | null = null
      let current = ''
      let watchdog: ReturnType<typeof setTimeout> | undefined
      let finished = false

      const summaryOf = (extra: Partial<ImportSummary> = {}): ImportSummary => ({
        documents: results.filter((r) => r.outcome !== 'skipped').length,
        reports: results.reduce((n, r) => n + (r.outcome === 'skipped' ? 0 : r.reports), 0),
        skipped: results.filter((r) => r.outcome === 'skipped').length,
        failed,
        files: results,
        ...extra,
      })
      const finish = (outcome: () => void): void => {
        if (finished) return
        finished = true
        clearTimeout(watchdog)
        stopCurrent = null
        outcome()
      }
      // The worker loads its modules first (seconds on a slow disk); the budget starts with a file.
      const arm = (): void => {
        clearTimeout(watchdog)
        watchdog = setTimeout(overBudget, current === '' ? Math.max(budgetMs, STARTUP_MS) : budgetMs)
      }
      function overBudget(): void {
        const slow = current
        void worker?.terminate()
        if (slow === '')
          return finish(() => reject(new CodedError('INTERNAL', 'The import stopped responding.')))
        failed.push({
          path: slow,
          code: 'TOO_SLOW',
          message: `TOO_SLOW: ${basename(slow)} took more than ${(budgetMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s to read and was left out; the other files go on.`,
        })
        start()
      }
      function start(): void {
        current = ''
        const data: ImportJob = {
          dataDir,
          encoding,
          nativeBinding,
          skip: settledPaths(),
          ...(job.kind === 'paths' ? { paths: job.paths } : { files: job.files }),
        }
        const w = new Worker(workerFile, { workerData: data })
        worker = w
        arm()
        w.on('message', (msg: ImportWorkerMessage) => {
          if (w !== worker || finished) return
          if (msg.type === 'progress') {
            current = msg.current
            arm()
            onProgress({ done: msg.done, total: msg.total, current: basename(msg.current) })
          } else if (msg.type === 'file') results.push(msg.result)
          else if (msg.type === 'failed') {
            if (!failed.some((f) => f.path === msg.failure.path)) failed.push(msg.failure)
          } else if (msg.type === 'done')
            finish(() => resolve(summaryOf({ cancelled: msg.summary.cancelled })))
          else if (msg.type === 'error')
            finish(() => reject(new CodedError('INTERNAL', `The import stopped: ${msg.message}`)))
        })
        w.on('error', (err) => {
          if (w === worker)
            finish(() => reject(new CodedError('INTERNAL', `The import stopped: ${err.message}`)))
        })
        w.on('exit', (code) => {
          if (w === worker && !finished)
            finish(() =>
              reject(new CodedError('INTERNAL', `The import stopped unexpectedly (exit ${code}).`))
            )
        })
      }
      stopCurrent = () => {
        void worker?.terminate()
        finish(() => resolve(summaryOf({ cancelled: true })))
      }
      start()
    })

  return {
    run: (job, encoding) => serial(() => runJob(job, encoding)),
    exclusive: serial,
    cancel: () => {
      if (!stopCurrent) return false
      stopCurrent()
      return true
    },
  }
}

/**
 * The scheduled full integrity check on a worker thread (it reads every page: seconds to minutes
 * for a large library). Resolves to null when sound, else what SQLite found.
 */
export function checkIntegrityInBackground(
  workerFile: string,
  dataDir: string,
  nativeBinding?: string
): Promise<string | null> {
  return new Promise((resolve) => {
    const data: ImportJob = { dataDir, nativeBinding, check: true }
    const worker = new Worker(workerFile, { workerData: data })
    worker.on('message', (msg: ImportWorkerMessage) => {
      if (msg.type === 'checked') {
        resolve(msg.problem)
        void worker.terminate()
      }
    })
    worker.on('error', (err) => resolve(err.message))
  })
}
