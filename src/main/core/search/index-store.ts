/** Keeps the full-text index in step with the stored reports. */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { normalizeForSearch } from './normalize'
import { indexTokens, TOKENIZER_VERSION } from './tokens'

export interface IndexedFields {
  district: string | null
  /** The report's display text: headline lines first, then paragraphs. */
  text: string
  headlineLineCount: number
}

/** Splits display text into its headline part and its body part. */
export function headlineAndBody(text: string, headlineLineCount: number): { headline: string; body: string } {
  const lines = text.split('\n')
  return {
    headline: lines.slice(0, headlineLineCount).join('\n'),
    body: lines.slice(headlineLineCount).join('\n'),
  }
}

export function indexSection(db: Db, sectionId: number, fields: IndexedFields): void {
  const { headline, body } = headlineAndBody(fields.text, fields.headlineLineCount)
  statement(db, 'INSERT INTO report_fts (rowid, district, headline, body) VALUES (?, ?, ?, ?)').run(
    sectionId,
    indexTokens(normalizeForSearch(fields.district ?? '')),
    indexTokens(normalizeForSearch(headline)),
    indexTokens(normalizeForSearch(body))
  )
}

export function unindexSection(db: Db, sectionId: number): void {
  statement(db, 'DELETE FROM report_fts WHERE rowid = ?').run(sectionId)
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

export function rebuildIndex(db: Db, onProgress?: (done: number, total: number) => void): void {
  const rows = db
    .prepare<[], { id: number; district: string | null; text: string; headline_line_count: number }>(
      "SELECT id, district, text, headline_line_count FROM sections WHERE kind = 'report' ORDER BY id"
    )
    .all()
  db.transaction(() => {
    db.exec("INSERT INTO report_fts(report_fts) VALUES ('delete-all')")
    rows.forEach((row, i) => {
      indexSection(db, row.id, {
        district: row.district,
        text: row.text,
        headlineLineCount: row.headline_line_count,
      })
      if (onProgress && i % 1000 === 0) onProgress(i, rows.length)
    })
    db.prepare(
      "INSERT INTO library_meta (key, value) VALUES ('tokenizer', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
    ).run(TOKENIZER_VERSION)
  }).immediate()
  db.exec("INSERT INTO report_fts(report_fts) VALUES ('optimize')")
  onProgress?.(rows.length, rows.length)
}

/** The index's vocabulary (terms with document counts), readable per connection. */
export function ensureVocabularyTable(db: Db): void {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.report_vocab USING fts5vocab('main', 'report_fts', 'row')")
}
