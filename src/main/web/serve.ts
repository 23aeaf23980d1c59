/**
 * Browser mode entry: `npm run web [-- --port N] [--data-dir DIR]`. Opens the library on worker
 * threads (importing the bundled sample on first start), serves the app on 127.0.0.1 and prints
 * its URL.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../core/data-dir'
import { forkIntegrityCheck, scheduleIntegrityCheck, createImportRunner } from '../import-runner'
import { INTEGRITY_CHECK_DELAY_MS, START_BACKUP_DELAY_MS, startLibraryService } from '../library-service'
import { startHost } from './host'

const here = dirname(fileURLToPath(import.meta.url))
export const SAMPLE_FILE = 'sample-xuzhou-roundup.txt'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'no-sample': { type: 'boolean' } },
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`BAD_REQUEST: --port must be a number from 0 to 65535, got "${values.port}"`)
    process.exit(2)
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  const rendererDir = join(here, '../renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(
      'NOT_BUILT: the renderer is not built; run `npm run build` first (npm run web does it for you).'
    )
    process.exit(1)
  }
  let emit: ((p: { done: number; total: number; current: string }) => void) | null = null
  let host: Awaited<ReturnType<typeof startHost>> | null = null
  let stopIntegrityCheck = (): void => undefined
  const runImport = createImportRunner(join(here, 'import-worker.js'), dataDir, (p) => emit?.(p))
  // Every call goes to the library's worker threads: this thread only serves HTTP.
  const library = await startLibraryService({
    workerFile: join(here, 'library-worker.js'),
    dataDir,
    onRestoreProgress: (p) => host?.emit('restoreProgress', p),
    // A check under way holds the library open and would judge the file being replaced; it is
    // due again at the next start.
    beforeSwap: () => stopIntegrityCheck(),
    imports: {
      ...runImport,
      run: async (job, encoding) => {
        const summary = await runImport.run(job, encoding)
        host?.emit('libraryChanged', { reason: 'import', summary })
        return summary
      },
    },
  })
  if (!values['no-sample']) await library.importSample(join(here, '../../resources', SAMPLE_FILE))
  host = await startHost({
    handlers: library.handlers,
    rendererDir,
    port,
    // Each printed address opens the library once; the next one is printed when it is used.
    onLaunchUrl: (url) => console.log(`To open the library in another browser window: ${url}`),
  })
  const running = host
  emit = (p) => running.emit('importProgress', p)
  console.log(`District News Reader (browser mode) is running at ${running.url}`)
  console.log(`Library: ${dataDir}   Stop with Ctrl+C.`)

  // A rotating backup at least daily and on every quit (SQLite's online backup API).
  // The daily backup waits until the first searches are answered: on two cores, the first backup
  // of a large library (every original stored once) would slow them.
  let quitting = false
  setTimeout(
    () =>
      void library.automaticBackup(false).catch((err: unknown) => {
        // A quit abandons it (it pauses while the window is used; the library is safe on disk).
        if (quitting) console.log('The start-up backup was left unfinished: it is taken at the next start.')
        else console.error(`backup skipped: ${String(err)}`)
      }),
    START_BACKUP_DELAY_MS
  )
  // The weekly full integrity check reads every page: in a process of its own (a quit kills it),
  // after the first searches.
  const integrity = scheduleIntegrityCheck({
    delayMs: INTEGRITY_CHECK_DELAY_MS,
    due: () => library.integrityDue(),
    start: forkIntegrityCheck(join(here, 'integrity-check.js')),
    dataDir,
    record: async (problem) => {
      const notice = await library.recordIntegrity(problem)
      if (notice) running.emit('libraryNotice', { notice })
    },
  })
  stopIntegrityCheck = () => integrity.stop()
  const stop = (): void => {
    quitting = true
    integrity.stop()
    void running
      .close()
      .then(() => library.quitBackup())
      .catch((err: unknown) => console.error(`backup on quit skipped: ${String(err)}`))
      .finally(() => {
        void library.close().finally(() => process.exit(0))
      })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main().catch((err: unknown) => {
  console.error(`INTERNAL: browser mode could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
