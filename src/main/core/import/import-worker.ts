/**
 * Runs an import on a worker thread with its own database connection, so the window (Electron's
 * main process or the browser-mode host) keeps answering while thousands of files are read.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { EncodingName, ImportSummary } from '../../../shared/api'
import { setNativeBinding } from '../db/native-binding'
import { Library, uploadedSources } from '../library'

export interface ImportJob {
  dataDir: string
  /** The Electron build of better-sqlite3, when running inside the desktop app. */
  nativeBinding?: string
  encoding?: EncodingName
  paths?: string[]
  files?: { name: string; dataBase64: string }[]
}

export type ImportWorkerMessage =
  | { type: 'progress'; done: number; total: number; current: string }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string }

async function run(job: ImportJob): Promise<void> {
  setNativeBinding(job.nativeBinding)
  const library = new Library(job.dataDir)
  try {
    const onProgress = (p: { done: number; total: number; current: string }): void =>
      parentPort?.postMessage({ type: 'progress', ...p } satisfies ImportWorkerMessage)
    const summary = job.paths
      ? await library.importPaths(job.paths, { encoding: job.encoding, onProgress })
      : await library.importSources(uploadedSources(job.files ?? []), { encoding: job.encoding, onProgress })
    parentPort?.postMessage({ type: 'done', summary } satisfies ImportWorkerMessage)
  } catch (err) {
    parentPort?.postMessage({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
    } satisfies ImportWorkerMessage)
  } finally {
    library.close()
  }
}

if (parentPort) void run(workerData as ImportJob)
