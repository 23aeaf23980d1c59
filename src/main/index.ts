/**
 * The Electron shell: one hardened window showing the renderer from app://, IPC routed to the
 * library core after checking the sender and validating arguments against the shared contract.
 */
import { app, BrowserWindow, ipcMain, net, protocol, session, shell, type IpcMainInvokeEvent } from 'electron'
import { dirname, join, normalize, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { IPC_EVENT_PREFIX, IPC_PREFIX, argsSchemas, parseArgs, type ApiMethod } from '../shared/api'
import { toApiError } from '../shared/result'
import { Library, libraryHandlers } from './core/library'
import { createImportRunner } from './import-runner'

const here = dirname(fileURLToPath(import.meta.url))
const rendererDir = join(here, '../renderer')
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(here, '../../resources')

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

let mainWindow: BrowserWindow | null = null

function isOwnFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  return (
    mainWindow !== null &&
    event.sender === mainWindow.webContents &&
    frame !== null &&
    frame === mainWindow.webContents.mainFrame &&
    new URL(frame.url).origin === 'app://reader'
  )
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: '区县新闻阅读器',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//u.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  void win.loadURL('app://reader/index.html')
  return win
}

function serveRenderer(): void {
  protocol.handle('app', (request) => {
    const url = new URL(request.url)
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)))
    if (url.host !== 'reader' || !file.startsWith(normalize(rendererDir) + sep))
      return new Response('Not found', { status: 404 })
    return net.fetch(pathToFileURL(file).toString())
  })
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  serveRenderer()

  const dataDir = process.env.DNR_DATA_DIR ?? app.getPath('userData')
  const library = new Library(dataDir)
  library.importSampleOnFirstStart(join(resourcesDir, 'sample-xuzhou-roundup.txt'))
  const send = (event: string, payload: unknown): void =>
    mainWindow?.webContents.send(IPC_EVENT_PREFIX + event, payload)
  const runImport = createImportRunner(join(here, 'import-worker.js'), dataDir, (p) =>
    send('importProgress', p)
  )
  const handlers = libraryHandlers(library, async (job, encoding) => {
    const summary = await runImport(job, encoding)
    send('libraryChanged', { reason: 'import' })
    return summary
  })
  for (const method of Object.keys(argsSchemas) as ApiMethod[]) {
    ipcMain.handle(IPC_PREFIX + method, async (event, raw: unknown) => {
      if (!isOwnFrame(event)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Unknown sender.' } }
      const parsed = parseArgs(method, raw)
      if (!parsed.ok) return { ok: false, error: { code: 'BAD_REQUEST', message: parsed.message } }
      try {
        const handler = handlers[method] as (args: unknown) => unknown
        return { ok: true, value: await handler(parsed.args) }
      } catch (err) {
        return { ok: false, error: toApiError(err) }
      }
    })
  }

  mainWindow = createWindow()
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('window-all-closed', () => {
    library.close()
    app.quit()
  })
}

void start()
