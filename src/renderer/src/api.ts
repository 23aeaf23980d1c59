/**
 * The renderer's only way to the library. In Electron the preload exposes `window.districtNews`;
 * in browser mode the same methods are POSTed to the local host with the per-launch token.
 */
import type { ApiArgs, ApiClient, ApiEvents, ApiMethod, ApiResults } from '../../shared/api'
import type { ApiResult } from '../../shared/result'

export interface DesktopBridge {
  invoke(method: string, args: unknown): Promise<ApiResult<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    districtNews?: DesktopBridge
  }
}

export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'ApiCallError'
  }
}

const TOKEN_KEY = 'dnr-token'

function browserToken(): string {
  const fromHash = /(?:^#|&)token=([^&]+)/u.exec(window.location.hash)?.[1]
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return fromHash
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

const token = window.districtNews ? '' : browserToken()

async function call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResults[M]> {
  let result: ApiResult<unknown>
  if (window.districtNews) {
    result = await window.districtNews.invoke(method, args)
  } else {
    let response: Response
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dnr-token': token },
        body: JSON.stringify(args),
      })
    } catch {
      throw new ApiCallError('OFFLINE', 'The library is not reachable: is browser mode still running?')
    }
    result = (await response.json()) as ApiResult<unknown>
  }
  if (!result.ok) throw new ApiCallError(result.error.code, result.error.message)
  return result.value as ApiResults[M]
}

export const api: ApiClient = {
  libraryInfo: (args) => call('libraryInfo', args),
  listReports: (args) => call('listReports', args),
  reportDates: (args) => call('reportDates', args),
  getReport: (args) => call('getReport', args),
  search: (args) => call('search', args),
  importFiles: (args) => call('importFiles', args),
  importPaths: (args) => call('importPaths', args),
  previewEncodings: (args) => call('previewEncodings', args),
  listAnnotations: (args) => call('listAnnotations', args),
  addAnnotation: (args) => call('addAnnotation', args),
  updateAnnotation: (args) => call('updateAnnotation', args),
  deleteAnnotation: (args) => call('deleteAnnotation', args),
  restoreAnnotation: (args) => call('restoreAnnotation', args),
  listTags: (args) => call('listTags', args),
  backupNow: (args) => call('backupNow', args),
  listBackups: (args) => call('listBackups', args),
  correctReport: (args) => call('correctReport', args),
  mergeReport: (args) => call('mergeReport', args),
  splitReport: (args) => call('splitReport', args),
  previewImport: (args) => call('previewImport', args),
  restoreBackup: (args) => call('restoreBackup', args),
  exportAnnotations: (args) => call('exportAnnotations', args),
  importAnnotations: (args) => call('importAnnotations', args),
}

/** Subscribes to a pushed event; returns the function that unsubscribes. */
export function onApiEvent<E extends keyof ApiEvents>(
  event: E,
  listener: (payload: ApiEvents[E]) => void
): () => void {
  if (window.districtNews) return window.districtNews.on(event, (p) => listener(p as ApiEvents[E]))
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
  const handler = (e: MessageEvent<string>): void => listener(JSON.parse(e.data) as ApiEvents[E])
  source.addEventListener(event, handler)
  return () => source.close()
}

export const isDesktop = (): boolean => window.districtNews !== undefined
