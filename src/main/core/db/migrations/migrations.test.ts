/** One check per migration: applied in order from an empty file, each leaves its tables behind. */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../database'
import { migrations } from './index'
import { INDEX_HASH_BYTES } from './014-index-hash-size'

const tables = (db: Database.Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table') ORDER BY name").all() as {
      name: string
    }[]
  ).map((r) => r.name)

const expected: Record<number, string[]> = {
  1: ['documents', 'sections'],
  2: ['library_meta', 'report_fts', 'report_chars'],
  3: ['annotations', 'annotation_tags', 'document_versions'],
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length)
  })

  for (const m of migrations) {
    it(`${m.version}: ${m.name}`, () => {
      const db = new Database(':memory:')
      migrate(db, m.version - 1)
      const before = tables(db)
      migrate(db, m.version)
      expect(schemaVersion(db)).toBe(m.version)
      const added = tables(db).filter((t) => !before.includes(t))
      expect(added).toEqual(expect.arrayContaining(expected[m.version] ?? []))
      migrate(db, m.version)
      expect(schemaVersion(db)).toBe(m.version)
      db.close()
    })
  }

  it('14: both indexes hold a batch of terms in memory, and FTS5 reads the setting back', () => {
    // A file (FTS5 refused the setting as a bound value there, not in memory).
    const dir = mkdtempSync(join(tmpdir(), 'dnr-hashsize-'))
    const db = new Database(join(dir, 'library.sqlite3'))
    db.pragma('journal_mode = WAL')
    migrate(db)
    for (const table of ['report_fts', 'report_chars'])
      expect(db.prepare(`SELECT v FROM ${table}_config WHERE k = 'hashsize'`).pluck().get()).toBe(
        INDEX_HASH_BYTES
      )
    // A setting FTS5 did not know would make the table fail to open.
    db.prepare('INSERT INTO report_fts (rowid, body) VALUES (1, ?)').run('招商 商引')
    expect(db.prepare("SELECT count(*) FROM report_fts WHERE report_fts MATCH '招商'").pluck().get()).toBe(1)
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
