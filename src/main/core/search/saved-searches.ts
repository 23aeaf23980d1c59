/**
 * Saved searches (issue 12, "keep watching"): a name and a query with its filters. Each says how
 * many reports it finds that are new since it was last opened (sections added after the newest
 * one there was then: a new file, or a report a new version of a file added); opening one lists
 * those first and marks it seen.
 */
import type { SavedSearch } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { searchReports } from './search'

interface Row {
  id: number
  name: string
  query: string
  created_at: string
  opened_at: string
  seen_up_to: number
}

const newestSection = (db: Db): number =>
  statement<[], number>(db, 'SELECT coalesce(max(id), 0) FROM sections').pluck().get() ?? 0

/** The ids of the reports `query` finds, and those above `seenUpTo` (new since it was seen). */
function found(db: Db, query: string, seenUpTo: number): { total: number; fresh: number[] } {
  const { total, hits } = searchReports(db, query, { limit: 0, facets: false, bare: true, sort: 'date' })
  return { total, fresh: hits.filter((h) => h.reportId > seenUpTo).map((h) => h.reportId) }
}

function toSaved(db: Db, row: Row): SavedSearch {
  const { total, fresh } = found(db, row.query, row.seen_up_to)
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    createdAt: row.created_at,
    openedAt: row.opened_at,
    total,
    newCount: fresh.length,
  }
}

export function listSavedSearches(db: Db): SavedSearch[] {
  return statement<[], Row>(db, 'SELECT * FROM saved_searches ORDER BY name COLLATE NOCASE')
    .all()
    .map((row) => toSaved(db, row))
}

/** Saves a search under a name (a name already used is given the new query), as seen now. */
export function saveSearch(db: Db, name: string, query: string): SavedSearch {
  const trimmed = name.trim()
  if (trimmed === '') throw new CodedError('BAD_REQUEST', 'A saved search needs a name.')
  const now = new Date().toISOString()
  statement(
    db,
    `INSERT INTO saved_searches (name, query, created_at, opened_at, seen_up_to) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET query = excluded.query, opened_at = excluded.opened_at, seen_up_to = excluded.seen_up_to`
  ).run(trimmed, query, now, now, newestSection(db))
  return toSaved(
    db,
    statement<[string], Row>(db, 'SELECT * FROM saved_searches WHERE name = ?').get(trimmed)!
  )
}

function byId(db: Db, id: number): Row {
  const row = statement<[number], Row>(db, 'SELECT * FROM saved_searches WHERE id = ?').get(id)
  if (!row) throw new CodedError('NOT_FOUND', `There is no saved search ${id}.`)
  return row
}

/**
 * Opens a saved search: the reports it finds that are new since it was last opened (newest
 * first), and from now on it has seen everything there is.
 */
export function openSavedSearch(db: Db, id: number): { search: SavedSearch; newReportIds: number[] } {
  const row = byId(db, id)
  const { fresh } = found(db, row.query, row.seen_up_to)
  statement(db, 'UPDATE saved_searches SET opened_at = ?, seen_up_to = ? WHERE id = ?').run(
    new Date().toISOString(),
    newestSection(db),
    id
  )
  return { search: toSaved(db, byId(db, id)), newReportIds: fresh }
}

/** The id of the saved search with this name, or null. */
export function savedSearchId(db: Db, name: string): number | null {
  return (
    statement<[string], number>(db, 'SELECT id FROM saved_searches WHERE name = ?')
      .pluck()
      .get(name.trim()) ?? null
  )
}

export function deleteSavedSearch(db: Db, id: number): void {
  byId(db, id)
  statement(db, 'DELETE FROM saved_searches WHERE id = ?').run(id)
}
