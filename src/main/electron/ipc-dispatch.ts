/**
 * The IPC boundary without Electron: who may call (only our own top frame at app://reader), how
 * many arguments (exactly one), and then the same dispatch as the HTTP host, so every call is
 * validated against the contract and answers `{ ok, value }` or `{ ok: false, error }`.
 */
import type { ApiHandlers } from '../../shared/api'
import type { ApiResult } from '../../shared/result'
import { dispatchApi } from '../api-dispatch'
import { APP_HOST, APP_SCHEME } from './window'

export interface IpcSender {
  /** The sender is the web contents of our main window (not another window, webview or devtools). */
  fromMainWindow: boolean
  /** The sending frame is that window's main frame (not an iframe). */
  isMainFrame: boolean
  /** The URL of the sending frame, when the frame still exists. */
  frameUrl: string | undefined
}

export function isOwnTopFrame(sender: IpcSender): boolean {
  if (!sender.fromMainWindow || !sender.isMainFrame || typeof sender.frameUrl !== 'string') return false
  let url: URL
  try {
    url = new URL(sender.frameUrl)
  } catch {
    return false
  }
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  )
}

/** `args` is everything the renderer passed to ipcRenderer.invoke after the channel. */
export async function dispatchIpc(
  method: string,
  args: readonly unknown[],
  isOwnFrame: boolean,
  handlers: ApiHandlers
): Promise<ApiResult<unknown>> {
  if (!isOwnFrame)
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Calls are only accepted from the app window.' },
    }
  if (args.length !== 1)
    return {
      ok: false,
      error: { code: 'BAD_REQUEST', message: `A call takes one argument object, got ${args.length}.` },
    }
  return dispatchApi(method, args[0], handlers)
}

/** The part of a BrowserWindow that events are pushed through. */
export interface EventTargetWindow {
  isDestroyed(): boolean
  readonly webContents: { isDestroyed(): boolean; send(channel: string, ...args: unknown[]): void }
}

/**
 * Pushes an event to the window if it can still receive one; false when it cannot. A window's web
 * contents is destroyed before the window itself while it closes, and send() on destroyed contents
 * throws ("Object has been destroyed"), which from an import-progress callback would surface as an
 * uncaught main-process exception. An event nobody can receive is simply dropped.
 */
export function sendToWindow(window: EventTargetWindow | null, channel: string, payload: unknown): boolean {
  try {
    if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return false
    window.webContents.send(channel, payload)
    return true
  } catch {
    return false
  }
}
