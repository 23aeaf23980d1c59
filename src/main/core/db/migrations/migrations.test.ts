/** One check per migration: applied in order from an empty file, each leaves its tables behind. */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../database'
import { migrations } from './index'

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
})
