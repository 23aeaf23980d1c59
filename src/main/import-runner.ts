import { Worker } from 'node:worker_threads'
import type { EncodingName, ImportProgress, ImportSummary } from '../shared/api'
import { CodedError } from '../shared/result'
import type { ImportJob, ImportWorkerMessage } from './core/import/import-worker'

type Job =
  { kind: 'paths'; paths: string[] } | { kind: 'files'; files: { name: string; dataBase64: string }[] }

/** Runs tasks one at a time, in the order they were given; a failing task does not stop the next. */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve()
  return (task) => {
    const next = queue.then(task, task)
    queue = next.catch(() => undefined)
    return next
  }
}

export type ImportRunner = ((job: Job, encoding: EncodingName | undefined) => Promise<ImportSummary>) & {
  /**
   * Runs a task that replaces the library (a restore) between imports, never during one: an
   * import that is running finishes and commits first, and later ones wait for the task.
   */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>
}

/**
 * Starts imports on a worker thread (one at a time, in order) and reports progress. Used by the
 * Electron shell and the browser-mode host alike.
 */
export function createImportRunner(
  workerFile: string,
  dataDir: string,
  onProgress: (p: ImportProgress) => void,
  nativeBinding?: string
): ImportRunner {
  const serial = createSerialQueue()
  const runner = (job: Job, encoding: EncodingName | undefined): Promise<ImportSummary> => {
    const run = (): Promise<ImportSummary> =>
      new Promise((resolve, reject) => {
        const data: ImportJob = {
          dataDir,
          encoding,
          nativeBinding,
          ...(job.kind === 'paths' ? { paths: job.paths } : { files: job.files }),
        }
        const worker = new Worker(workerFile, { workerData: data })
        let settled = false
        worker.on('message', (msg: ImportWorkerMessage) => {
          if (msg.type === 'progress') onProgress({ done: msg.done, total: msg.total, current: msg.current })
          else if (msg.type === 'done') {
            settled = true
            resolve(msg.summary)
          } else {
            settled = true
            reject(new CodedError('INTERNAL', `The import stopped: ${msg.message}`))
          }
        })
        worker.on('error', (err) => {
          settled = true
          reject(new CodedError('INTERNAL', `The import stopped: ${err.message}`))
        })
        worker.on('exit', (code) => {
          if (!settled) reject(new CodedError('INTERNAL', `The import stopped unexpectedly (exit ${code}).`))
        })
      })
    return serial(run)
  }
  return Object.assign(runner, { exclusive: serial })
}
