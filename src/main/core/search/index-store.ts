/** Keeps the full-text index in step with the stored reports. */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { normalizeForSearch } from './normalize'
import { distinctCjkChars, indexTokens, TOKENIZER_VERSION } from './tokens'

export interface IndexedFields {
  district: string | null
  /** The report's display text: headline lines first, then paragraphs. */
  text: string
}

/**
 * What the index sees of a report: exactly its display text, so a search finds what Ctrl+F over
 * `show`'s text finds. The district is a filter and a ranking signal, not searched text.
 */
export function searchableText(fields: IndexedFields): string {
  return fields.text
}

export function indexSection(db: Db, sectionId: number, fields: IndexedFields): void {
  const norm = normalizeForSearch(searchableText(fields))
  statement(db, 'INSERT INTO report_fts (rowid, body) VALUES (?, ?)').run(sectionId, indexTokens(norm))
  statement(db, 'INSERT INTO report_chars (rowid, chars) VALUES (?, ?)').run(
    sectionId,
    distinctCjkChars(norm)
  )
}

export function unindexSection(db: Db, sectionId: number): void {
  statement(db, 'DELETE FROM report_fts WHERE rowid = ?').run(sectionId)
  statement(db, 'DELETE FROM report_chars WHERE rowid = ?').run(sectionId)
}

function storedTokenizerVersion(db: Db): string | null {
  const row = db
    .prepare<[], { value: string }>("SELECT value FROM library_meta WHERE key = 'tokenizer'")
    .get()
  return row?.value ?? null
}

/** Rebuilds the index when it was built by another tokenizer version (or never). */
export function ensureIndexCurrent(db: Db, onProgress?: (done: number, total: number) => void): boolean {
  if (storedTokenizerVersion(db) === TOKENIZER_VERSION) return false
  rebuildIndex(db, onProgress)
  return true
}

/** Empties both indexes (before every section is indexed again). */
export function clearIndex(db: Db): void {
  db.exec(
    "INSERT INTO report_fts(report_fts) VALUES ('delete-all'); INSERT INTO report_chars(report_chars) VALUES ('delete-all')"
  )
}

/** Records that the index was built by this tokenizer version. */
export function markIndexCurrent(db: Db): void {
  db.prepare(
    "INSERT INTO library_meta (key, value) VALUES ('tokenizer', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
  ).run(TOKENIZER_VERSION)
}

export function rebuildIndex(db: Db, onProgress?: (done: number, total: number) => void): void {
  const rows = db
    .prepare<[], { id: number; district: string | null; text: string }>(
      'SELECT id, district, text FROM sections ORDER BY id'
    )
    .all()
  db.transaction(() => {
    clearIndex(db)
    rows.forEach((row, i) => {
      indexSection(db, row.id, { district: row.district, text: row.text })
      if (onProgress && i % 1000 === 0) onProgress(i, rows.length)
    })
    markIndexCurrent(db)
  }).immediate()
  optimizeIndex(db)
  onProgress?.(rows.length, rows.length)
}

/** The index's vocabulary (terms with document counts), readable per connection. */
export function ensureVocabularyTable(db: Db): void {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.report_vocab USING fts5vocab('main', 'report_fts', 'row')")
}

/** Merges the index's segments (smaller and faster after a large import). */
export function optimizeIndex(db: Db): void {
  db.exec(
    "INSERT INTO report_fts(report_fts) VALUES ('optimize'); INSERT INTO report_chars(report_chars) VALUES ('optimize')"
  )
}
