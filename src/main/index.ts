/**
 * The Electron shell: one hardened window showing the renderer from app://, IPC routed to the
 * library core only for our own top frame and only with arguments valid against the contract.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell, type WebContents } from 'electron'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { IPC_EVENT_PREFIX, IPC_PREFIX, apiMethodNames } from '../shared/api-methods'
import { dispatchApi } from './api-dispatch'
import { setNativeBinding } from './core/db/native-binding'
import { Library, libraryHandlers } from './core/library'
import { buildMenu } from './electron/menu'
import { registerAppScheme, serveRenderer } from './electron/protocol'
import { APP_ORIGIN, APP_URL, windowOptions } from './electron/window'
import { loadWindowState, saveWindowState } from './electron/window-state'
import { createImportRunner } from './import-runner'

const here = dirname(fileURLToPath(import.meta.url))
const rendererDir = join(here, '../renderer')
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(here, '../../resources')
const electronSqlite = app.isPackaged
  ? join(process.resourcesPath, 'electron-sqlite', 'better_sqlite3.node')
  : join(here, '../../build/electron-sqlite/better_sqlite3.node')

registerAppScheme()
let mainWindow: BrowserWindow | null = null

function isOwnTopFrame(sender: WebContents, frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return (
    mainWindow !== null &&
    sender === mainWindow.webContents &&
    isMainFrame &&
    frameUrl?.startsWith(`${APP_ORIGIN}/`) === true
  )
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links in notes open in the user's browser, and only http(s); nothing opens inside the app.
    if (/^https?:\/\//iu.test(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK: http(s) only, after a click
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

function openLibrary(): Library | null {
  if (!existsSync(electronSqlite)) {
    dialog.showErrorBox(
      'Database module missing',
      `The database module is not built for Electron (${electronSqlite} is missing). Run "npm run rebuild:electron" and start again. Browser mode ("npm run web") works without it.`
    )
    return null
  }
  setNativeBinding(electronSqlite)
  try {
    return new Library(process.env.DNR_DATA_DIR ?? app.getPath('userData'))
  } catch (err) {
    dialog.showErrorBox('The library could not be opened', err instanceof Error ? err.message : String(err))
    return null
  }
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents) => lockDown(contents))
  serveRenderer(rendererDir)

  const library = openLibrary()
  if (!library) {
    app.quit()
    return
  }
  library.importSampleOnFirstStart(join(resourcesDir, 'sample-xuzhou-roundup.txt'))
  void library.automaticBackup().catch(() => undefined)

  const send = (event: string, payload: unknown): void =>
    mainWindow?.webContents.send(IPC_EVENT_PREFIX + event, payload)
  const runImport = createImportRunner(
    join(here, 'import-worker.js'),
    library.dataDir,
    (p) => send('importProgress', p),
    electronSqlite
  )
  const handlers = libraryHandlers(library, async (job, encoding) => {
    const summary = await runImport(job, encoding)
    send('libraryChanged', { reason: 'import' })
    return summary
  })
  for (const method of apiMethodNames) {
    ipcMain.handle(IPC_PREFIX + method, (event, raw: unknown) => {
      const frame = event.senderFrame
      if (!isOwnTopFrame(event.sender, frame?.url, frame === event.sender.mainFrame))
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'Calls are only accepted from the app window.' },
        }
      return dispatchApi(method, raw, handlers)
    })
  }

  Menu.setApplicationMenu(
    buildMenu({
      library: () => library,
      importPaths: async (paths) => {
        await handlers.importPaths({ paths })
      },
      reload: () => mainWindow?.webContents.reload(),
    })
  )

  const userData = app.getPath('userData')
  const state = loadWindowState(
    userData,
    screen.getAllDisplays().map((d) => d.workArea)
  )
  // windowOptions() sets sandbox, contextIsolation, nodeIntegration: false and the rest of the
  // checklist (asserted by window.test.ts); the scanner cannot follow the call, hence:
  mainWindow = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs'), state)) // eng-disable NODE_INTEGRATION_JS_CHECK CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK REMOTE_MODULE_JS_CHECK
  if (state.maximized) mainWindow.maximize()
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.on('close', () => {
    if (mainWindow) saveWindowState(userData, mainWindow.getNormalBounds(), mainWindow.isMaximized())
  })
  void mainWindow.loadURL(APP_URL)

  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    // A rotating backup on every quit, then close the database cleanly.
    event.preventDefault()
    quitting = true
    void library
      .automaticBackup(true)
      .catch(() => undefined)
      .finally(() => {
        library.close()
        app.quit()
      })
  })
  app.on('window-all-closed', () => app.quit())
}

void start()
