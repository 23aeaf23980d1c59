/** Every released schema version's fixture library upgrades to the current one with nothing lost. */
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ReportSummary } from '../../../shared/api'
import { listAnnotations } from '../annotations/store'
import { Library } from '../library'
import { LATEST_SCHEMA_VERSION, schemaVersion } from './database'

const fixtures = join(__dirname, 'fixtures')
const versions = readdirSync(fixtures)
  .filter((f) => /^library-v\d+\.sqlite3$/u.test(f))
  .map((f) => f.replace(/\.sqlite3$/u, ''))

describe('upgrading released libraries', () => {
  it('has a fixture for at least one released version', () => expect(versions.length).toBeGreaterThan(0))

  for (const name of versions) {
    it(`upgrades ${name} to schema ${LATEST_SCHEMA_VERSION} with every report intact`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'dnr-upgrade-'))
      try {
        copyFileSync(join(fixtures, `${name}.sqlite3`), join(dir, 'library.sqlite3'))
        const expected = JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as {
          reports: (ReportSummary & { text: string })[]
          annotations?: Record<string, unknown>[]
        }
        const library = new Library(dir)
        expect(library.notice).toBeNull()
        expect(schemaVersion(library.db)).toBe(LATEST_SCHEMA_VERSION)
        const reports = library.listReports()
        expect(reports.length).toBe(expected.reports.length)
        for (const want of expected.reports) {
          const got = library.getReport(want.id)
          expect({ ...got, text: got.text }).toMatchObject(want)
        }
        expect(library.search('佰斯拓').total).toBe(1)
        // Each original comes back byte for byte from its packed texts (schema 12): its hash is the one recorded on import.
        const documents = library.db
          .prepare<[], { id: number; content_hash: string }>('SELECT id, content_hash FROM documents')
          .all()
        expect(documents.length).toBeGreaterThan(0)
        for (const d of documents)
          expect(createHash('sha256').update(library.original(d.id)).digest('hex')).toBe(d.content_hash)
        // Compacted once (schema 13): larger pages, no empty ones, and room given back from then on.
        expect(library.db.pragma('page_size', { simple: true })).toBe(16384)
        expect(library.db.pragma('auto_vacuum', { simple: true })).toBe(2)
        expect(library.db.pragma('freelist_count', { simple: true })).toBe(0)
        const annotations = listAnnotations(library.db)
        expect(annotations.length).toBe(expected.annotations?.length ?? 0)
        for (const want of expected.annotations ?? [])
          expect(annotations).toContainEqual(expect.objectContaining(want))
        library.close()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
