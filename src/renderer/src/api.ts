/**
 * The renderer's only way to the library. In Electron the preload exposes `window.districtNews`;
 * in browser mode the same methods are POSTed to the local host with its session cookie.
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

/**
 * Browser mode: the printed address carries a one-time launch code, traded here for an HttpOnly
 * session cookie (which scripts cannot read); the code leaves the address bar at once and is
 * worthless afterwards, so the browser's history keeps nothing that opens the library.
 */
function startSession(): Promise<void> {
  const code = /(?:^#|&)launch=([^&]+)/u.exec(window.location.hash)?.[1]
  if (!code) return Promise.resolve()
  history.replaceState(null, '', window.location.pathname + window.location.search)
  return fetch('/api/session', { method: 'POST', headers: { 'x-dnr-launch': code } }).then(
    () => undefined,
    () => undefined
  )
}

const session = window.districtNews ? Promise.resolve() : startSession()
/** Once the session is open, requests leave at once (not a microtask later, after the page redraws). */
let sessionOpen = false
void session.then(() => (sessionOpen = true))

async function call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResults[M]> {
  let result: ApiResult<unknown>
  if (window.districtNews) {
    result = await window.districtNews.invoke(method, args)
  } else {
    let response: Response
    if (!sessionOpen) await session
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
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
  cancelImport: (args) => call('cancelImport', args),
  restoreBackup: (args) => call('restoreBackup', args),
  exportAnnotations: (args) => call('exportAnnotations', args),
  exportResults: (args) => call('exportResults', args),
  figureSummary: (args) => call('figureSummary', args),
  searchOverview: (args) => call('searchOverview', args),
  listSavedSearches: (args) => call('listSavedSearches', args),
  saveSearch: (args) => call('saveSearch', args),
  openSavedSearch: (args) => call('openSavedSearch', args),
  deleteSavedSearch: (args) => call('deleteSavedSearch', args),
  importAnnotations: (args) => call('importAnnotations', args),
}

/**
 * Browser mode's one event stream, shared by every subscriber. Each EventSource holds one of the
 * six connections a browser keeps to a host, and the window had five: every call then waited for
 * the one left, so a keystroke's search sat behind the timeline's dates (130–180 ms at 100k
 * while a page loads).
 * It stays open for the page's life (the window's own subscribers always are).
 */
let stream: EventSource | null = null

/** Subscribes to a pushed event; returns the function that unsubscribes. */
export function onApiEvent<E extends keyof ApiEvents>(
  event: E,
  listener: (payload: ApiEvents[E]) => void
): () => void {
  if (window.districtNews) return window.districtNews.on(event, (p) => listener(p as ApiEvents[E]))
  const handler = (e: MessageEvent<string>): void => listener(JSON.parse(e.data) as ApiEvents[E])
  let attached: EventSource | null = null
  let closed = false
  void session.then(() => {
    if (closed) return
    stream ??= new EventSource('/api/events')
    attached = stream
    attached.addEventListener(event, handler)
  })
  return () => {
    if (closed) return
    closed = true
    attached?.removeEventListener(event, handler)
  }
}

export const isDesktop = (): boolean => window.districtNews !== undefined
