/**
 * Imports on a worker thread, one at a time and in order, with progress. Each file has a time
 * budget: a file that takes longer (a pathological document) is refused with a sentence and the
 * import goes on without it in a new worker; an import can be cancelled. Either way what was
 * committed stays, and the summary says exactly what was kept. Used by the Electron shell and the
 * browser-mode host alike.
 */
import { fork } from 'node:child_process'
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
import type { CheckedMessage } from './integrity-check'

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

/** A process running integrity-check.ts, as a shell starts it (see `forkIntegrityCheck`). */
export interface CheckProcess {
  onMessage(listener: (message: unknown) => void): void
  /** Called once the process is gone, or could not be started. */
  onExit(listener: () => void): void
  kill(): void
}

export interface IntegrityCheck {
  /**
   * What the check found (`problem` null when the library is sound), or null when it did not
   * finish: stopped by a quit, or the process could not run. Then nothing is known and nothing
   * may be recorded: the check is due again at the next start.
   */
  result: Promise<{ problem: string | null } | null>
  /** Ends the check at once (a quit does not wait for it). */
  stop(): void
}

/**
 * The scheduled full integrity check (it reads every page: seconds at 100k reports, a minute or
 * more at 1M) in a process of its own, started by `start` with its arguments: a quit kills it
 * instead of waiting (see integrity-check.ts).
 */
export function startIntegrityCheck(
  start: (args: string[]) => CheckProcess,
  dataDir: string,
  nativeBinding?: string
): IntegrityCheck {
  let settle: (value: { problem: string | null } | null) => void = () => undefined
  const result = new Promise<{ problem: string | null } | null>((resolve) => (settle = resolve))
  let child: CheckProcess | null = null
  /** Answered or stopped: the process's end says nothing more. */
  let over = false
  try {
    child = start(['--data-dir', dataDir, ...(nativeBinding ? ['--native', nativeBinding] : [])])
  } catch (err) {
    console.error(`integrity check not started: ${String(err)}`)
    settle(null)
  }
  child?.onMessage((message) => {
    const checked = message as Partial<CheckedMessage> | null
    if (checked?.type !== 'checked') return
    over = true
    settle({ problem: checked.problem ?? null })
    child?.kill()
  })
  child?.onExit(() => {
    if (!over) console.error('integrity check ended without an answer: it runs again at the next start')
    settle(null)
  })
  return {
    result,
    stop: () => {
      over = true
      settle(null)
      child?.kill()
    },
  }
}

/**
 * The weekly check as both shells run it: `delayMs` after it is scheduled (after the first
 * searches), when `due()`, in a process of its own, what it finds given to `record`. `stop()`, at
 * quit, ends a check at once or keeps it from starting, and nothing is recorded after it.
 */
export function scheduleIntegrityCheck(options: {
  delayMs: number
  due: () => Promise<boolean>
  start: (args: string[]) => CheckProcess
  dataDir: string
  nativeBinding?: string
  record: (problem: string | null) => Promise<void>
}): { stop(): void } {
  let stopped = false
  let check: IntegrityCheck | null = null
  const timer = setTimeout(
    () =>
      void options.due().then((due) => {
        if (!due || stopped) return
        check = startIntegrityCheck(options.start, options.dataDir, options.nativeBinding)
        void check.result.then((checked) =>
          checked && !stopped ? options.record(checked.problem) : undefined
        )
      }),
    options.delayMs
  )
  timer.unref()
  return {
    stop: () => {
      stopped = true
      clearTimeout(timer)
      check?.stop()
    },
  }
}

/** Starts integrity-check.js (`file`) as a forked Node: browser mode, the tests. */
export const forkIntegrityCheck =
  (file: string, execArgv: string[] = []) =>
  (args: string[]): CheckProcess => {
    const child = fork(file, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv })
    return {
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => {
        // 'error' (it could not start, or could not be killed) may come beside 'exit', or alone.
        let gone = false
        const once = (): void => {
          if (!gone) listener()
          gone = true
        }
        child.once('exit', once)
        child.on('error', once)
      },
      kill: () => void child.kill('SIGKILL'),
    }
  }
