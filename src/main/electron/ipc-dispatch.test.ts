/** The IPC boundary, fuzzed without Electron: foreign senders and hostile payloads are refused with a code. */
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiHandlers } from '../../shared/api'
import { apiMethodNames } from '../../shared/api-methods'
import { Library, libraryHandlers } from '../core/library'
import { dispatchIpc, isOwnTopFrame, sendToWindow, type IpcSender } from './ipc-dispatch'

let dir: string
let library: Library
let handlers: ApiHandlers
const reached: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-ipc-'))
  library = new Library(dir)
  await library.importPaths([join(__dirname, '../../../resources/sample-xuzhou-roundup.txt')])
  const real = libraryHandlers(library)
  // The real core, with a note of which methods were reached.
  handlers = Object.fromEntries(
    Object.entries(real).map(([name, fn]) => [
      name,
      (args: unknown) => {
        reached.push(name)
        return (fn as (a: unknown) => unknown)(args)
      },
    ])
  ) as unknown as ApiHandlers
})
afterAll(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

const own: IpcSender = { fromMainWindow: true, isMainFrame: true, frameUrl: 'app://reader/index.html' }

describe('isOwnTopFrame', () => {
  it('accepts only the main frame of our window at app://reader', async () => {
    expect(isOwnTopFrame(own)).toBe(true)
    expect(isOwnTopFrame({ ...own, frameUrl: 'app://reader/' })).toBe(true)
    const foreign: IpcSender[] = [
      { ...own, fromMainWindow: false },
      { ...own, isMainFrame: false },
      { ...own, frameUrl: undefined },
      { ...own, frameUrl: '' },
      { ...own, frameUrl: 'file:///work/out/renderer/index.html' },
      { ...own, frameUrl: 'http://127.0.0.1:5173/' },
      { ...own, frameUrl: 'https://reader/' },
      { ...own, frameUrl: 'app://reader.evil.example/' },
      { ...own, frameUrl: 'app://evil/index.html' },
      { ...own, frameUrl: 'app://reader:8080/' },
      { ...own, frameUrl: 'app://user:pw@reader/' },
      { ...own, frameUrl: 'about:blank' },
      { ...own, frameUrl: 'devtools://devtools/bundled/index.html' },
      { ...own, frameUrl: 'data:text/html,<script>1</script>' },
      { ...own, frameUrl: 'javascript:alert(1)' },
      { ...own, frameUrl: 'not a url' },
    ]
    for (const sender of foreign) expect(isOwnTopFrame(sender), JSON.stringify(sender)).toBe(false)
  })

  it('never accepts a random frame URL that is not app://reader (property)', async () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string()), fc.boolean(), fc.boolean(), (url, main, top) => {
        const accepted = isOwnTopFrame({ fromMainWindow: main, isMainFrame: top, frameUrl: url })
        if (accepted) expect(main && top && /^app:\/\/reader(\/|$)/iu.test(url)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })
})

describe('dispatchIpc', () => {
  it('answers a valid call from our own frame', async () => {
    const result = await dispatchIpc('search', [{ query: '招商' }], true, handlers)
    expect(result.ok && (result.value as { total: number }).total).toBe(4)
  })

  it('refuses every method from a foreign frame without reaching the core', async () => {
    reached.length = 0
    for (const method of apiMethodNames) {
      const result = await dispatchIpc(method, [{}], false, handlers)
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    expect(reached).toEqual([])
  })

  it('refuses unknown methods, wrong arity and malformed arguments with a code', async () => {
    const big = 'x'.repeat(200_000)
    const cases: [string, unknown[], string][] = [
      ['__proto__', [{}], 'UNKNOWN_METHOD'],
      ['constructor', [{}], 'UNKNOWN_METHOD'],
      ['hasOwnProperty', [{}], 'UNKNOWN_METHOD'],
      ['', [{}], 'UNKNOWN_METHOD'],
      ['search ', [{ query: 'x' }], 'UNKNOWN_METHOD'],
      ['api:search', [{ query: 'x' }], 'UNKNOWN_METHOD'],
      ['x'.repeat(10_000), [{}], 'UNKNOWN_METHOD'],
      ['search', [], 'BAD_REQUEST'],
      ['search', [{ query: 'x' }, { query: 'y' }], 'BAD_REQUEST'],
      ['search', [null], 'BAD_REQUEST'],
      ['search', [undefined], 'BAD_REQUEST'],
      ['search', ['query'], 'BAD_REQUEST'],
      ['search', [[{ query: 'x' }]], 'BAD_REQUEST'],
      ['search', [{ query: 42 }], 'BAD_REQUEST'],
      ['search', [{ query: 'x', limit: Number.NaN }], 'BAD_REQUEST'],
      ['search', [{ query: 'x', limit: Infinity }], 'BAD_REQUEST'],
      ['search', [{ query: 'x', extra: true }], 'BAD_REQUEST'],
      ['search', [JSON.parse('{"query":"x","__proto__":{"polluted":true}}')], 'BAD_REQUEST'],
      ['search', [{ query: 'x', constructor: { prototype: { polluted: true } } }], 'BAD_REQUEST'],
      ['search', [{ query: big }], 'BAD_REQUEST'],
      ['search', [new Map([['query', 'x']])], 'BAD_REQUEST'],
      ['search', [{ query: new Date() }], 'BAD_REQUEST'],
      ['getReport', [{ id: 1.5 }], 'BAD_REQUEST'],
      ['getReport', [{ id: '1 OR 1=1' }], 'BAD_REQUEST'],
      ['getReport', [{ id: 2 ** 60 }], 'BAD_REQUEST'],
      ['getReport', [{ id: 999_999 }], 'NOT_FOUND'],
      ['importPaths', [{ paths: ['/etc'] }], 'UNKNOWN_METHOD'],
      ['importFiles', [{ files: [] }], 'BAD_REQUEST'],
      ['addAnnotation', [{ reportId: 2, start: 0, end: 3, color: 'red' }], 'BAD_REQUEST'],
      ['addAnnotation', [{ reportId: 2, start: 0, end: 3, tags: ['x'.repeat(101)] }], 'BAD_REQUEST'],
      ['exportAnnotations', [{ format: '../../etc/passwd' }], 'BAD_REQUEST'],
      ['restoreBackup', [{ name: '../../library.sqlite3' }], 'BAD_REQUEST'],
    ]
    for (const [method, args, code] of cases) {
      const result = await dispatchIpc(method, args, true, handlers)
      expect(result.ok, `${method.slice(0, 20)} ${String(JSON.stringify(args)).slice(0, 60)}`).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe(code)
        expect(result.error.message.length).toBeLessThan(500)
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('always answers { ok } and never throws, whatever arrives (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...apiMethodNames.filter((m) => !m.startsWith('import'))), fc.string()),
        fc.array(fc.anything({ withMap: true, withSet: true, withDate: true, withTypedArray: true }), {
          maxLength: 3,
        }),
        fc.boolean(),
        async (method, args, isOwn) => {
          const result = await dispatchIpc(method, args, isOwn, handlers)
          expect(typeof result.ok).toBe('boolean')
          if (!isOwn) expect(result.ok).toBe(false)
          if (!result.ok) expect(typeof result.error.code).toBe('string')
        }
      ),
      { numRuns: 400 }
    )
    expect(library.counts().documents).toBe(1)
  })
})

describe('sendToWindow', () => {
  /** Like a BrowserWindow: send() on destroyed web contents throws, as Electron's does. */
  function fakeWindow(windowGone: boolean, contentsGone: boolean) {
    const sent: unknown[][] = []
    const webContents = {
      isDestroyed: () => contentsGone,
      send: (...args: unknown[]) => {
        if (contentsGone) throw new TypeError('Object has been destroyed')
        sent.push(args)
      },
    }
    return {
      sent,
      window: {
        isDestroyed: () => windowGone,
        get webContents() {
          if (windowGone) throw new TypeError('Object has been destroyed')
          return webContents
        },
      },
    }
  }

  it('pushes the event to a live window', async () => {
    const { window, sent } = fakeWindow(false, false)
    expect(sendToWindow(window, 'event:importProgress', { done: 1 })).toBe(true)
    expect(sent).toEqual([['event:importProgress', { done: 1 }]])
  })

  it('drops the event, without throwing, when the window or its web contents is gone', async () => {
    expect(sendToWindow(null, 'event:x', 1)).toBe(false)
    expect(sendToWindow(fakeWindow(true, true).window, 'event:x', 1)).toBe(false)
    // Closing: the contents is destroyed before the window is.
    const closing = fakeWindow(false, true)
    expect(() => sendToWindow(closing.window, 'event:x', 1)).not.toThrow()
    expect(sendToWindow(closing.window, 'event:x', 1)).toBe(false)
    // Destroyed between the check and the send.
    const racing = {
      isDestroyed: () => false,
      webContents: {
        isDestroyed: () => false,
        send: () => {
          throw new TypeError('Object has been destroyed')
        },
      },
    }
    expect(sendToWindow(racing, 'event:x', 1)).toBe(false)
  })
})
