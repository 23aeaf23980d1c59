/**
 * The preload exposes one function per API method and event subscription, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC_EVENT_PREFIX, IPC_PREFIX, isApiEventName, isRendererMethodName } from '../shared/api-methods'

const bridge = {
  invoke(method: string, args: unknown): Promise<unknown> {
    if (!isRendererMethodName(method))
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: method } })
    return ipcRenderer.invoke(IPC_PREFIX + method, args)
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!isApiEventName(event) || typeof listener !== 'function') return () => undefined
    const channel = IPC_EVENT_PREFIX + event
    const wrapped = (_e: unknown, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.removeListener(channel, wrapped)
  },
}

contextBridge.exposeInMainWorld('districtNews', bridge)
