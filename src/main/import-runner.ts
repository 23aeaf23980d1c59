import { Worker } from 'node:worker_threads'
import type { EncodingName, ImportProgress, ImportSummary } from '../shared/api'
import { CodedError } from '../shared/result'
import type { ImportJob, ImportWorkerMessage } from './core/import/import-worker'

type Job =
  { kind: 'paths'; paths: string[] } | { kind: 'files'; files: { name: string; dataBase64: string }[] }

/**
 * Starts imports on a worker thread (one at a time, in order) and reports progress. Used by the
 * Electron shell and the browser-mode host alike.
 */
export function createImportRunner(
  workerFile: string,
  dataDir: string,
  onProgress: (p: ImportProgress) => void,
  nativeBinding?: string
): (job: Job, encoding: EncodingName | undefined) => Promise<ImportSummary> {
  let queue: Promise<unknown> = Promise.resolve()
  return (job, encoding) => {
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
    const next = queue.then(run, run)
    queue = next.catch(() => undefined)
    return next
  }
}
