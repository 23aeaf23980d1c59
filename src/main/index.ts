/**
 * The Electron shell: one hardened window showing the renderer from app://, IPC routed to the
 * library (on its worker threads) only for our own top frame and only with arguments valid
 * against the contract.
 */
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  nativeTheme,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ApiMethod } from '../shared/api'
import type { BackgroundImports } from './core/library'
import { denyPermissions, guardContents } from './electron/content-guards'
import { databaseModuleMessage, isNativeModuleMismatch } from './electron/database-module'
import { registerIpc, sendEvent } from './electron/ipc'
import { finishBeforeQuit } from './electron/lifecycle'
import { buildMenu, setExportEnabled } from './electron/menu'
import { shellPaths } from './electron/paths'
import { registerAppScheme, serveRenderer } from './electron/protocol'
import { APP_URL, showWhenReady, windowOptions } from './electron/window'
import { loadWindowState, saveWindowState, type WindowState } from './electron/window-state'
import { createImportRunner, scheduleIntegrityCheck, type CheckProcess } from './import-runner'
import {
  INTEGRITY_CHECK_DELAY_MS,
  START_BACKUP_DELAY_MS,
  startLibraryService,
  type LibraryService,
} from './library-service'

const paths = shellPaths(
  dirname(fileURLToPath(import.meta.url)),
  app.isPackaged ? { resourcesPath: process.resourcesPath } : null
)
/**
 * integrity-check.js in an Electron utility process (a Node.js child that Chromium's service
 * launcher starts; the app's RunAsNode fuse is off, so a forked Node is not available). Its
 * messages come from `process.parentPort.postMessage`; `kill()` ends it (SIGTERM on POSIX).
 */
const utilityCheck = (args: string[]): CheckProcess => {
  const child = utilityProcess.fork(paths.integrityCheck, args, {
    serviceName: 'District News Reader integrity check',
    // Its errors (a failed load) go to the app's stderr.
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return {
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', () => listener()),
    // Before 'spawn' there is no pid to kill yet.
    kill: () => {
      if (child.pid === undefined) child.once('spawn', () => child.kill())
      else child.kill()
    },
  }
}

/** Calls after which the Export annotations item may need enabling or disabling. */
const ANNOTATION_CHANGES = new Set<ApiMethod>([
  'addAnnotation',
  'deleteAnnotation',
  'restoreAnnotation',
  'importAnnotations',
  'restoreBackup',
])

app.enableSandbox()
registerAppScheme()
let mainWindow: BrowserWindow | null = null

function fail(title: string, message: string): void {
  console.error(message)
  dialog.showErrorBox(title, message)
}

/** Stops the weekly integrity check (set once it is scheduled). */
let stopIntegrityCheck = (): void => undefined

/**
 * Starts the library on its worker threads with the Electron build of the database module; null
 * (after telling the user) on failure. No database work ever runs on this thread.
 */
async function openLibrary(imports: BackgroundImports): Promise<LibraryService | null> {
  const moduleMissing = databaseModuleMessage(paths.electronSqlite, app.isPackaged)
  if (!existsSync(paths.electronSqlite)) {
    fail('Database module missing', moduleMissing)
    return null
  }
  try {
    return await startLibraryService({
      workerFile: paths.libraryWorker,
      dataDir: libraryDir(),
      nativeBinding: paths.electronSqlite,
      imports,
      onRestoreProgress: (p) => sendEvent(mainWindow, 'restoreProgress', p),
      onRestored: () => mainWindow?.webContents.reload(),
      // A check under way holds the library open and would judge the file being replaced; it is
      // due again at the next start.
      beforeSwap: () => stopIntegrityCheck(),
    })
  } catch (err) {
    if (isNativeModuleMismatch(err)) fail('Database module missing', moduleMissing)
    else fail('The library could not be opened', err instanceof Error ? err.message : String(err))
    return null
  }
}

const libraryDir = (): string => process.env.DNR_DATA_DIR ?? app.getPath('userData')

function createWindow(state: WindowState): BrowserWindow {
  // windowOptions() sets sandbox, contextIsolation, nodeIntegration: false and the rest of the
  // checklist (asserted by window.test.ts); the scanner cannot follow the call, hence:
  const window = new BrowserWindow(windowOptions(paths.preload, state.bounds, { devTools: !app.isPackaged })) // eng-disable NODE_INTEGRATION_JS_CHECK CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK REMOTE_MODULE_JS_CHECK
  showWhenReady(window, state.maximized)
  window.on('close', () => {
    state.bounds = window.getNormalBounds()
    state.maximized = window.isMaximized()
    saveWindowState(app.getPath('userData'), state)
  })
  // loadURL rejects when the page cannot load; the window would otherwise never show.
  window.loadURL(APP_URL).catch((err: unknown) => {
    fail('The window could not be loaded', err instanceof Error ? err.message : String(err))
    app.quit()
  })
  return window
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  // Every web contents (the window, and anything a page might try to create) is locked down.
  // guardContents passes only http(s) URLs, right after a click or key press.
  const openInBrowser = (url: string) => shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK
  app.on('web-contents-created', (_event, contents) => guardContents(contents, openInBrowser))
  await app.whenReady()
  denyPermissions(session.defaultSession)
  serveRenderer(paths.rendererDir)

  const runImport = createImportRunner(
    paths.importWorker,
    libraryDir(),
    (p) => sendEvent(mainWindow, 'importProgress', p),
    paths.electronSqlite
  )
  const library = await openLibrary({
    ...runImport,
    run: async (job, encoding) => {
      const summary = await runImport.run(job, encoding)
      // Imports started from the menu end in the window too: progress cleared, summary shown.
      sendEvent(mainWindow, 'libraryChanged', { reason: 'import', summary })
      return summary
    },
  })
  if (!library) {
    app.quit()
    return
  }
  const { handlers, sqliteVersion } = library
  // The weekly full integrity check, in a utility process of its own (a quit kills it instead of
  // waiting for SQLite's one long call), after the first searches.
  const integrity = scheduleIntegrityCheck({
    delayMs: INTEGRITY_CHECK_DELAY_MS,
    due: () => library.integrityDue(),
    start: utilityCheck,
    dataDir: libraryDir(),
    nativeBinding: paths.electronSqlite,
    record: async (problem) => {
      const notice = await library.recordIntegrity(problem)
      if (notice) sendEvent(mainWindow, 'libraryNotice', { notice })
    },
  })
  stopIntegrityCheck = () => integrity.stop()
  // A rotating backup on every quit (held until it is written; a start-up backup still running is
  // abandoned instead), the library closed at will-quit
  // once every window is gone.
  finishBeforeQuit(
    app,
    () => {
      integrity.stop()
      return library.quitBackup()
    },
    () => library.close()
  )
  await library.importSample(paths.sampleFile)
  // The daily backup waits until the first searches are answered: on two cores, the first backup
  // of a large library (every original stored once) would slow them.
  setTimeout(() => void library.automaticBackup(false).catch(() => undefined), START_BACKUP_DELAY_MS)

  const hasAnnotations = async (): Promise<boolean> => (await handlers.listAnnotations({})).length > 0
  const refreshMenu = (): void => {
    void hasAnnotations().then((has) => setExportEnabled(Menu.getApplicationMenu(), has))
  }
  registerIpc(
    handlers,
    () => mainWindow,
    (method) => {
      if (ANNOTATION_CHANGES.has(method)) refreshMenu()
    }
  )

  const userData = app.getPath('userData')
  const primary = screen.getPrimaryDisplay()
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)]
  const state = loadWindowState(
    userData,
    displays.map((d) => d.workArea)
  )
  nativeTheme.themeSource = state.theme
  Menu.setApplicationMenu(
    buildMenu({
      handlers,
      backupTo: (file) => library.backupTo(file),
      restoreFrom: async (file) => {
        await library.restore(file)
        refreshMenu()
      },
      reload: () => mainWindow?.webContents.reload(),
      setTheme: (theme) => {
        state.theme = theme
        saveWindowState(userData, state)
      },
      hasAnnotations: await hasAnnotations(),
      sqliteVersion,
      devTools: !app.isPackaged,
    })
  )
  mainWindow = createWindow(state)
  mainWindow.on('closed', () => {
    mainWindow = null
  })
  // The app is its one window, on macOS too: closing it quits (there is no 'activate' to reopen it).
  app.on('window-all-closed', () => app.quit())
}

// A failure during start-up would otherwise leave a process with no window and nothing to quit it.
start().catch((err: unknown) => {
  fail(
    'District News Reader could not start',
    err instanceof Error ? (err.stack ?? err.message) : String(err)
  )
  app.exit(1)
})
