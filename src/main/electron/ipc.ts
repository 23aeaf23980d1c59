/**
 * Registers the one IPC channel family of the contract (`api:<method>`) and pushes events
 * (`event:<name>`) to the main window only. The checks themselves live in ipc-dispatch.ts.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { IPC_EVENT_PREFIX, IPC_PREFIX, rendererMethodNames } from '../../shared/api-methods'
import type { ApiEvents, ApiHandlers, ApiMethod } from '../../shared/api'
import type { ApiResult } from '../../shared/result'
import { dispatchIpc, isOwnTopFrame, sendToWindow, type IpcSender } from './ipc-dispatch'

function sender(event: IpcMainInvokeEvent, mainWindow: BrowserWindow | null): IpcSender {
  try {
    const frame = event.senderFrame
    return {
      fromMainWindow:
        mainWindow !== null && !mainWindow.isDestroyed() && event.sender === mainWindow.webContents,
      isMainFrame: frame !== null && frame === event.sender.mainFrame,
      frameUrl: frame?.url,
    }
  } catch {
    // The sender went away (closed or navigated) while its call was in flight.
    return { fromMainWindow: false, isMainFrame: false, frameUrl: undefined }
  }
}

export function registerIpc(
  handlers: ApiHandlers,
  mainWindow: () => BrowserWindow | null,
  afterCall: (method: ApiMethod, result: ApiResult<unknown>) => void = () => undefined
): void {
  for (const method of rendererMethodNames) {
    ipcMain.handle(IPC_PREFIX + method, async (event, ...args: unknown[]) => {
      const own = isOwnTopFrame(sender(event, mainWindow()))
      const result = await dispatchIpc(method, args, own, handlers)
      if (own) afterCall(method, result)
      return result
    })
  }
}

export function sendEvent<E extends keyof ApiEvents>(
  window: BrowserWindow | null,
  event: E,
  payload: ApiEvents[E]
): void {
  sendToWindow(window, IPC_EVENT_PREFIX + event, payload)
}
