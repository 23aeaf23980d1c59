/** Navigation, new windows, webviews and permissions are refused; links open outside only after a click. */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import {
  denyPermissions,
  GESTURE_WINDOW_MS,
  guardContents,
  isWebUrl,
  permissionAllowed,
} from './content-guards'

type OpenHandler = (details: { url: string }) => { action: string }

/** Stands in for Electron's WebContents: an event emitter with a window-open handler slot. */
class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler
  }
  /** Emits like Electron does and tells whether a listener called preventDefault(). */
  attempt(event: string, details: Record<string, unknown> = {}): boolean {
    let prevented = false
    this.emit(event, { ...details, preventDefault: () => (prevented = true) }, {})
    return prevented
  }
  input(type: string): void {
    this.emit('input-event', {}, { type })
  }
}

function guarded() {
  const contents = new FakeContents()
  const opened: string[] = []
  let clock = 1_000_000
  guardContents(
    contents as never,
    async (url) => void opened.push(url),
    () => clock
  )
  return { contents, opened, tick: (ms: number) => (clock += ms) }
}

describe('content guards', () => {
  it('blocks in-app navigation, subframe navigation, redirects and webviews', () => {
    const { contents } = guarded()
    expect(contents.attempt('will-navigate', { url: 'app://reader/other.html' })).toBe(true)
    expect(contents.attempt('will-navigate', { url: 'https://example.com/' })).toBe(true)
    expect(contents.attempt('will-frame-navigate', { url: 'https://example.com/', isMainFrame: false })).toBe(
      true
    )
    expect(contents.attempt('will-redirect', { url: 'https://example.com/' })).toBe(true)
    expect(contents.attempt('will-attach-webview', {})).toBe(true)
  })

  it('denies every new window; http(s) goes to the browser only right after a click or key', () => {
    const { contents, opened, tick } = guarded()
    const open = (url: string) => contents.openHandler!({ url }).action
    expect(open('https://example.com/a')).toBe('deny')
    expect(opened).toEqual([]) // no click: a script cannot open pages

    contents.input('mouseMove')
    expect(open('https://example.com/b')).toBe('deny')
    expect(opened).toEqual([])

    contents.input('mouseUp')
    expect(open('https://example.com/c')).toBe('deny')
    expect(open('https://example.com/d')).toBe('deny') // one click, one page
    expect(opened).toEqual(['https://example.com/c'])

    contents.input('keyDown')
    tick(GESTURE_WINDOW_MS + 1)
    expect(open('https://example.com/e')).toBe('deny') // too long after the key press
    expect(opened).toEqual(['https://example.com/c'])

    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://reader/x']) {
      contents.input('mouseUp')
      expect(open(url)).toBe('deny')
    }
    contents.input('mouseUp')
    expect(contents.attempt('will-navigate', { url: 'http://example.org/' })).toBe(true)
    expect(opened).toEqual(['https://example.com/c', 'http://example.org/'])
  })

  it('hands only plain http(s) URLs to the browser', () => {
    expect(isWebUrl('https://example.com/path?q=1')).toBe(true)
    expect(isWebUrl('http://example.com')).toBe(true)
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'ms-msdt:/id',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'data:text/html,x',
      ' not a url',
      '',
    ])
      expect(isWebUrl(url), url).toBe(false)
  })

  it('refuses every permission but clipboard writes from our own page', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
    ])
      expect(permissionAllowed(permission, 'app://reader')).toBe(false)
    expect(permissionAllowed('clipboard-sanitized-write', 'app://reader')).toBe(true)
    expect(permissionAllowed('clipboard-sanitized-write', 'app://reader/index.html')).toBe(true)
    for (const origin of ['https://example.com', 'app://evil', 'file:///', '', undefined])
      expect(permissionAllowed('clipboard-sanitized-write', origin)).toBe(false)

    const installed: Record<string, (...args: never[]) => unknown> = {}
    denyPermissions({
      setPermissionRequestHandler: (h: never) => (installed.request = h),
      setPermissionCheckHandler: (h: never) => (installed.check = h),
      setDevicePermissionHandler: (h: never) => (installed.device = h),
      setDisplayMediaRequestHandler: (h: never) => (installed.display = h),
    } as never)
    const answers: unknown[] = []
    const request = installed.request as (
      wc: unknown,
      permission: string,
      callback: (ok: boolean) => void,
      details: { requestingUrl: string }
    ) => void
    request(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://reader/index.html' })
    request(null, 'notifications', (ok) => answers.push(ok), { requestingUrl: 'app://reader/index.html' })
    expect(answers).toEqual([false, false])
    expect(
      (installed.check as (wc: unknown, p: string, o: string) => boolean)(null, 'media', 'app://reader')
    ).toBe(false)
    expect((installed.device as () => boolean)()).toBe(false)
    ;(installed.display as (r: unknown, cb: (s: unknown) => void) => void)({}, (s) => answers.push(s))
    expect(answers[2]).toBeNull()
  })
})
