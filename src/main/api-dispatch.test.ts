/** The IPC and HTTP transports share dispatchApi: hostile payloads are refused with a code. */
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rendererMethodNames } from '../shared/api-methods'
import { dispatchApi } from './api-dispatch'
import { Library, libraryHandlers } from './core/library'

let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-dispatch-'))
  library = new Library(dir)
  await library.importPaths([join(__dirname, '../../resources/sample-xuzhou-roundup.txt')])
})
afterAll(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('dispatchApi', () => {
  const handlers = () => libraryHandlers(library)

  it('lets the renderer reach exactly these methods, none of which takes a path', async () => {
    expect([...rendererMethodNames].sort()).toEqual(
      [
        'addAnnotation',
        'backupNow',
        'cancelImport',
        'correctReport',
        'deleteAnnotation',
        'exportAnnotations',
        'exportResults',
        'figureSummary',
        'searchOverview',
        'listSavedSearches',
        'saveSearch',
        'openSavedSearch',
        'deleteSavedSearch',
        'getReport',
        'importAnnotations',
        'importFiles',
        'libraryInfo',
        'listAnnotations',
        'listBackups',
        'listReports',
        'listTags',
        'mergeReport',
        'previewEncodings',
        'previewImport',
        'reportDates',
        'restoreAnnotation',
        'restoreBackup',
        'search',
        'splitReport',
        'updateAnnotation',
      ].sort()
    )
    const before = library.counts()
    const result = await dispatchApi(
      'importPaths',
      { paths: [join(__dirname, '../../resources')] },
      handlers()
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(library.counts()).toEqual(before)
  })

  it('answers valid calls', async () => {
    const result = await dispatchApi('search', { query: '招商' }, handlers())
    expect(result.ok && (result.value as { total: number }).total).toBe(4)
  })

  it('refuses unknown methods, prototype keys and malformed arguments', async () => {
    const bad: [string, unknown, string][] = [
      ['__proto__', {}, 'UNKNOWN_METHOD'],
      ['constructor', {}, 'UNKNOWN_METHOD'],
      ['toString', {}, 'UNKNOWN_METHOD'],
      ['hasOwnProperty', {}, 'UNKNOWN_METHOD'],
      ['search', null, 'BAD_REQUEST'],
      ['search', 'query', 'BAD_REQUEST'],
      ['search', { query: 42 }, 'BAD_REQUEST'],
      ['search', { query: 'x', limit: -1 }, 'BAD_REQUEST'],
      ['search', { query: 'x', extra: true }, 'BAD_REQUEST'],
      ['search', JSON.parse('{"query":"x","__proto__":{"admin":true}}'), 'BAD_REQUEST'],
      ['search', { query: 'x'.repeat(200_000) }, 'BAD_REQUEST'],
      ['getReport', { id: 1.5 }, 'BAD_REQUEST'],
      ['getReport', { id: '1' }, 'BAD_REQUEST'],
      ['getReport', { id: 999999 }, 'NOT_FOUND'],
      ['importPaths', { paths: ['/etc'] }, 'UNKNOWN_METHOD'],
      ['addAnnotation', { reportId: 2, start: 5, end: 2 }, 'BAD_REQUEST'],
      ['addAnnotation', { reportId: 2, start: 0, end: 3, color: 'red' }, 'BAD_REQUEST'],
      ['exportAnnotations', { format: 'exe' }, 'BAD_REQUEST'],
      ['importAnnotations', { content: '{not json' }, 'BAD_REQUEST'],
      ['restoreBackup', { name: '../../library.sqlite3' }, 'BAD_REQUEST'],
      ['restoreBackup', { name: 'library-2023-01-01T00-00-00-000Z.sqlite3' }, 'NOT_FOUND'],
    ]
    for (const [method, args, code] of bad) {
      const result = await dispatchApi(method, args, handlers())
      expect(result.ok, `${method} ${JSON.stringify(args)?.slice(0, 60)}`).toBe(false)
      if (!result.ok) expect(result.error.code).toBe(code)
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  it('never throws on random payloads (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('search', 'getReport', 'listAnnotations', 'addAnnotation', 'importFiles', 'nope'),
        fc.anything(),
        async (method, args) => {
          const result = await dispatchApi(method, args, handlers())
          expect(typeof result.ok).toBe('boolean')
        }
      ),
      { numRuns: 300 }
    )
    expect(library.counts().documents).toBe(1)
  })
})
