/**
 * What the library service does in the background: the writer worker builds a stale index again
 * (the service is ready at once, searches are answered from the text while it works, and it
 * finishes on its own), and an import is followed by a backup of the new registry once quiet.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import type { SearchResult } from '../shared/api'
import { Library } from './core/library'
import { startLibraryService, type LibraryService } from './library-service'
import { libraryUnchangedSince, listBackups } from './core/db/backups'
import { listToken } from './core/search/top-hits'

const dir = mkdtempSync(join(tmpdir(), 'dnr-reindex-service-'))
let service: LibraryService | null = null
afterAll(async () => {
  await service?.close()
  rmSync(dir, { recursive: true, force: true })
})

const workerFile = join(dir, 'worker.mjs')
const data = join(dir, 'data')

it('builds a stale index in the background while answering searches', async () => {
  const tsx = pathToFileURL(join(__dirname, '../../node_modules/tsx/dist/esm/api/index.mjs')).href
  const source = pathToFileURL(join(__dirname, 'library-worker.ts')).href
  writeFileSync(
    workerFile,
    `import { register } from ${JSON.stringify(tsx)}\nregister()\nawait import(${JSON.stringify(source)})\n`
  )
  const seed = new Library(data)
  await seed.importPaths([join(__dirname, '../../resources/sample-xuzhou-roundup.txt')])
  const expected = seed.search('招商', { limit: 0 }).hits.map((h) => h.reportId)
  seed.db.prepare("UPDATE library_meta SET value = 'an older tokenizer' WHERE key = 'tokenizer'").run()
  seed.close()

  service = await startLibraryService({ workerFile, dataDir: data, reindexInBackgroundAbove: 0 })
  let result: SearchResult
  const until = Date.now() + 30_000
  do {
    result = (await service.handlers.search({ query: '招商', limit: 0 })) as SearchResult
    expect(result.hits.map((h) => h.reportId)).toEqual(expected)
    if (result.indexing) await new Promise((r) => setTimeout(r, 50))
  } while (result.indexing && Date.now() < until)
  expect(result.indexing).toBeUndefined()
  await service.close()
  service = null
  // Read-only: opening to write would build a small stale index itself.
  const library = new Library(data, { readOnly: true })
  expect(library.db.prepare("SELECT value FROM library_meta WHERE key = 'tokenizer'").pluck().get()).not.toBe(
    'an older tokenizer'
  )
  library.close()
}, 60_000)

it('backs up the new registry once an import has been followed by quiet', async () => {
  service = await startLibraryService({ workerFile, dataDir: data, afterImportBackupDelayMs: 200 })
  const before = listBackups(data).length
  const text = '2023年\n新沂\n新沂招商\n2月1日，新沂召开招商大会。\n'
  await service.handlers.importFiles({
    files: [{ name: '新沂.txt', dataBase64: Buffer.from(text).toString('base64') }],
  })
  const until = Date.now() + 20_000
  while (listBackups(data).length === before && Date.now() < until)
    await new Promise((r) => setTimeout(r, 50))
  expect(listBackups(data).length).toBe(before + 1)
  // It holds the import: the library is what the newest backup holds.
  expect(libraryUnchangedSince(join(data, 'library.sqlite3'), data)).toBe(true)
  await service.close()
  service = null
}, 60_000)

it('ranks the common terms again once the library has been left unchanged after an import', async () => {
  const rankedAt = (): { done: string | null; token: string | null } => {
    const library = new Library(data, { readOnly: true })
    const db = library.db
    try {
      return {
        done: db.prepare<[], string>("SELECT token FROM top_hits WHERE match = ''").pluck().get() ?? null,
        // The library's state and the tokenizer's version (top-hits.ts).
        token: listToken(db),
      }
    } finally {
      library.close()
    }
  }
  const waitRanked = async (): Promise<void> => {
    const until = Date.now() + 20_000
    while (Date.now() < until) {
      const { done, token } = rankedAt()
      if (done !== null && done === token) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('the common terms were not ranked')
  }
  service = await startLibraryService({ workerFile, dataDir: data })
  await waitRanked()
  const before = rankedAt().done
  await service.handlers.importFiles({
    files: [
      {
        name: '丰县.txt',
        dataBase64: Buffer.from('2023年\n丰县\n丰县招商\n3月1日，丰县招商。\n').toString('base64'),
      },
    ],
  })
  expect(rankedAt().token).not.toBe(before)
  // A reader keeps asking the writer for things (the window's lists, a report) meanwhile: reads do
  // not change the library, so they do not put the ranking off.
  const svc = service
  let reading = true
  const reader = (async () => {
    while (reading) {
      await svc.handlers.libraryInfo({})
      await svc.handlers.listReports({})
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  try {
    await waitRanked()
  } finally {
    reading = false
    await reader
  }
  expect(rankedAt().done).not.toBe(before)
  await service.close()
  service = null
}, 60_000)

it('merges the index into one segment once an import that grew the library has been followed by quiet', async () => {
  const segments = (): number => {
    const library = new Library(data, { readOnly: true })
    try {
      return (
        library.db.prepare<[], number>('SELECT count(DISTINCT segid) FROM report_fts_idx').pluck().get() ?? 0
      )
    } finally {
      library.close()
    }
  }
  const reports = (): number => {
    const library = new Library(data, { readOnly: true })
    try {
      return library.counts().reports
    } finally {
      library.close()
    }
  }
  service = await startLibraryService({ workerFile, dataDir: data })
  // Two imports, each its own segment, that grow the library by more than a quarter.
  const grow = Math.ceil(reports() * 0.3) + 2
  for (let call = 0; call < 2; call++)
    await service.handlers.importFiles({
      files: Array.from({ length: grow }, (_, i) => ({
        name: `增长-${call}-${i}.txt`,
        dataBase64: Buffer.from(
          `2023年\n沛县\n沛县项目${call}-${i}\n5月${1 + (i % 28)}日，沛县项目建设推进。\n`
        ).toString('base64'),
      })),
    })
  expect(segments()).toBeGreaterThan(1)
  const until = Date.now() + 30_000
  while (segments() > 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 200))
  expect(segments()).toBe(1)
  const hits = await service.handlers.search({ query: '沛县项目建设', limit: 5 })
  expect(hits.total).toBeGreaterThanOrEqual(2 * grow)
  await service.close()
  service = null
}, 60_000)
