/**
 * Runs an import on a worker thread with its own database connection, so the window (Electron's
 * main process or the browser-mode host) keeps answering while thousands of files are read. It
 * reports each file once it is durable, so the runner can stop it (cancel, a file over its time
 * budget) and know exactly what was kept.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { EncodingName, ImportFailure, ImportFileResult, ImportSummary } from '../../../shared/api'
import { setNativeBinding } from '../db/native-binding'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Library, uploadedSources, type ImportJob as LibraryJob } from '../library'
import { importSources } from './importer'
import { collectPathSources } from './sources'

export interface ImportJob {
  dataDir: string
  /** The Electron build of better-sqlite3, when running inside the desktop app. */
  nativeBinding?: string
  encoding?: EncodingName
  paths?: string[]
  files?: Extract<LibraryJob, { kind: 'files' }>['files']
  /** Paths (or upload names) to leave out: already done, or refused by the runner. */
  skip?: string[]
}

export type ImportWorkerMessage =
  | { type: 'progress'; done: number; total: number; current: string }
  | { type: 'file'; result: ImportFileResult }
  | { type: 'failed'; failure: ImportFailure }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string }

const post = (message: ImportWorkerMessage): void => parentPort?.postMessage(message)

/** The prepare worker built beside this one (out/main), if this is the build: files are prepared there. */
function builtPrepareWorker(): string | undefined {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'prepare-worker.js')
  return existsSync(file) ? file : undefined
}

async function run(job: ImportJob): Promise<void> {
  setNativeBinding(job.nativeBinding)
  const library = new Library(job.dataDir)
  try {
    const skip = new Set(job.skip ?? [])
    const collected = job.paths
      ? collectPathSources(job.paths)
      : { sources: uploadedSources(job.files ?? []), failed: [] }
    for (const failure of collected.failed) post({ type: 'failed', failure })
    const summary = await importSources(
      library.db,
      collected.sources.filter((s) => !skip.has(s.path)),
      {
        encoding: job.encoding,
        onProgress: (p) => post({ type: 'progress', ...p }),
        onFileResult: (result) => post({ type: 'file', result }),
        onFailure: (failure) => post({ type: 'failed', failure }),
        prepareWorker: builtPrepareWorker(),
      }
    )
    summary.failed.unshift(...collected.failed)
    post({ type: 'done', summary })
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) })
  } finally {
    library.close()
  }
}

if (parentPort) void run(workerData as ImportJob)
