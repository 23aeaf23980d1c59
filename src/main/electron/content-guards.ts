/**
 * What every web contents may not do: navigate away, open windows, attach webviews or get
 * permissions. Links to http(s) open in the user's browser, and only right after a click or key
 * press, so a script cannot open pages on its own. Electron is passed in (not imported) so the
 * rules can be tested in plain Node.
 */
import type { Session, WebContents } from 'electron'
import { APP_HOST, APP_SCHEME } from './window'

/** How long after a click or key press a link may still open in the browser. */
export const GESTURE_WINDOW_MS = 1_000

const GESTURES = new Set(['mouseUp', 'keyDown', 'rawKeyDown', 'gestureTap'])

/** http(s) with no user name or password: the only URLs handed to the user's browser. */
export function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      parsed.username === '' &&
      parsed.password === ''
    )
  } catch {
    return false
  }
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

export function guardContents(
  contents: GuardedContents,
  openExternal: (url: string) => Promise<void>,
  now: () => number = Date.now
): void {
  let lastGesture = Number.NEGATIVE_INFINITY
  const openAfterGesture = (url: string): void => {
    if (!isWebUrl(url) || now() - lastGesture > GESTURE_WINDOW_MS) return
    lastGesture = Number.NEGATIVE_INFINITY // one click opens one page
    void openExternal(url).catch(() => undefined)
  }
  contents.on('input-event', (_event, input) => {
    if (GESTURES.has(input.type)) lastGesture = now()
  })
  contents.setWindowOpenHandler(({ url }) => {
    openAfterGesture(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    openAfterGesture(event.url)
  })
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/**
 * Every permission is refused, except writing text to the clipboard from our own page (the
 * reader's "copy quote"); reading the clipboard stays refused.
 */
export function permissionAllowed(permission: string, origin: string | undefined): boolean {
  if (permission !== 'clipboard-sanitized-write' || origin === undefined) return false
  try {
    const url = new URL(origin)
    return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === ''
  } catch {
    return false
  }
}

type GuardedSession = Pick<
  Session,
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  | 'setDisplayMediaRequestHandler'
>

export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl))
  )
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin)
  )
  session.setDevicePermissionHandler(() => false)
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null))
}
