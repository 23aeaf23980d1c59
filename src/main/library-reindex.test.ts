/**
 * The app's writer worker builds a stale index again in the background: the service is ready at
 * once, searches are answered (from the text) while it works, and it finishes on its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import type { SearchResult } from '../shared/api'
import { Library } from './core/library'
import { startLibraryService, type LibraryService } from './library-service'

const dir = mkdtempSync(join(tmpdir(), 'dnr-reindex-service-'))
let service: LibraryService | null = null
afterAll(async () => {
  await service?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('builds a stale index in the background while answering searches', async () => {
  const workerFile = join(dir, 'worker.mjs')
  const tsx = pathToFileURL(join(__dirname, '../../node_modules/tsx/dist/esm/api/index.mjs')).href
  const source = pathToFileURL(join(__dirname, 'library-worker.ts')).href
  writeFileSync(
    workerFile,
    `import { register } from ${JSON.stringify(tsx)}\nregister()\nawait import(${JSON.stringify(source)})\n`
  )
  const data = join(dir, 'data')
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
