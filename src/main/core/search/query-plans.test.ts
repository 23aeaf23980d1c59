/** Hot queries use their indexes (checked with EXPLAIN QUERY PLAN, not timed). */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db/database'
import { REPORT_DATES } from '../library'
import { LIBRARY_BY_DATE } from './search'

const plan = (db: Database.Database, sql: string, ...params: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')

describe('query plans', () => {
  const db = new Database(':memory:')
  migrate(db)

  it('lists the library newest first from the date index, without sorting every row', () => {
    const p = plan(db, LIBRARY_BY_DATE, 20, 0)
    expect(p).toContain('sections_date')
    expect(p).not.toContain('TEMP B-TREE')
  })

  it('finds documents by content hash and by path through indexes', () => {
    expect(plan(db, 'SELECT id FROM documents WHERE content_hash = ?', 'x')).toMatch(
      /USING (COVERING )?INDEX/u
    )
    expect(plan(db, 'SELECT id FROM documents WHERE path = ?', 'x')).toContain('documents_path')
  })

  it('lists reports in document order and a report’s annotations through indexes', () => {
    expect(plan(db, "SELECT id FROM sections WHERE kind = 'report' ORDER BY document_id, ord")).toContain(
      'sections_reports'
    )
    expect(plan(db, 'SELECT id FROM annotations WHERE report_id = ? AND deleted_at IS NULL', 1)).toContain(
      'annotations_report'
    )
  })

  it('counts reports per date and district for the timeline from an index, without sorting', () => {
    const p = plan(db, REPORT_DATES)
    expect(p).toContain('sections_date_district')
    expect(p).not.toContain('TEMP B-TREE')
  })

  it('answers phrase queries from the full-text index', () => {
    expect(plan(db, 'SELECT rowid FROM report_fts WHERE report_fts MATCH ?', '"招商"')).toMatch(
      /VIRTUAL TABLE INDEX/u
    )
  })
})
