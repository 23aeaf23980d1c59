/**
 * Corrections of a split from the reader and the CLI: each is stored (corrections table), then
 * the document is derived again from its stored text, hints and every correction in order, so a
 * correction also survives a re-import. Report ids stay where their keys match and annotations
 * are placed again (a merge or split moves them with their text).
 */
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { documentText, sectionText } from './document-texts'
import { applyCorrections, loadCorrections, reportKeys, type Correction } from './corrections'
import type { StoredHints } from './prepare'
import { splitDistrictReports } from './split'
import { syncSections } from './store-document'

interface SectionRow {
  id: number
  document_id: number
  kind: string
  district: string | null
  headline_line_count: number
}

function sectionOf(db: Db, id: number): { row: SectionRow; key: string; index: number; count: number } {
  const row = statement<[number], SectionRow>(
    db,
    'SELECT id, document_id, kind, district, headline_line_count FROM sections WHERE id = ?'
  ).get(id)
  if (!row) throw new CodedError('NOT_FOUND', `NOT_FOUND: there is no report ${id} in this library.`)
  const all = statement<[number], { id: number; kind: string; district: string | null }>(
    db,
    'SELECT id, kind, district FROM sections WHERE document_id = ? ORDER BY ord'
  ).all(row.document_id)
  const index = all.findIndex((s) => s.id === id)
  return { row, key: reportKeys(all)[index] as string, index, count: all.length }
}

/**
 * Splits a document's stored text again, applies its corrections and brings its sections in line;
 * `base` gives its original and text where they are not stored yet (a restore).
 */
export function rederiveDocument(
  db: Db,
  documentId: number,
  base?: { original: Buffer; text: string }
): void {
  const doc = statement<[number], { hints: string | null; year: number | null; date: string | null }>(
    db,
    'SELECT hints, year, date FROM documents WHERE id = ?'
  ).get(documentId)
  const text = base?.text ?? documentText(db, documentId)
  if (!doc || text === undefined)
    throw new CodedError('NOT_FOUND', `NOT_FOUND: there is no document ${documentId} in this library.`)
  const hints = doc.hints ? (JSON.parse(doc.hints) as StoredHints) : {}
  const split = splitDistrictReports(text, hints)
  const sections = applyCorrections(split.sections, loadCorrections(db, documentId), text, {
    date: split.date,
    year: split.year,
  })
  syncSections(db, documentId, sections, 'line', base)
}

function record(db: Db, documentId: number, c: Correction): void {
  statement(
    db,
    `INSERT INTO corrections (document_id, section_key, action, district, date, headline, split_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    documentId,
    c.sectionKey,
    c.action,
    c.district,
    c.date,
    c.headline,
    c.splitAt,
    new Date().toISOString()
  )
  rederiveDocument(db, documentId)
}

export function correctReport(
  db: Db,
  id: number,
  change: { district?: string; date?: string; headline?: string }
): void {
  if (change.district === undefined && change.date === undefined && change.headline === undefined)
    throw new CodedError(
      'BAD_REQUEST',
      'BAD_REQUEST: say what to correct: the district, the date or the headline.'
    )
  db.transaction(() => {
    const { row, key } = sectionOf(db, id)
    if (row.kind !== 'report' && change.district === undefined)
      throw new CodedError(
        'BAD_REQUEST',
        `BAD_REQUEST: section ${id} is the document's ${row.kind}; give it a district to make it a report.`
      )
    record(db, row.document_id, {
      sectionKey: key,
      action: 'set',
      district: change.district ?? null,
      date: change.date ?? null,
      headline: change.headline ?? null,
      splitAt: null,
    })
  }).immediate()
}

export function mergeReport(db: Db, id: number): void {
  db.transaction(() => {
    const { row, key, index, count } = sectionOf(db, id)
    if (index === count - 1)
      throw new CodedError(
        'BAD_REQUEST',
        `BAD_REQUEST: report ${id} is the last section of its document; there is nothing after it to merge.`
      )
    record(db, row.document_id, {
      sectionKey: key,
      action: 'merge',
      district: null,
      date: null,
      headline: null,
      splitAt: null,
    })
  }).immediate()
}

/** Splits report `id` at line `line` of its text; the new report gets `district`. Returns the new report's id. */
export function splitReport(db: Db, id: number, line: number, district: string): number {
  return db
    .transaction(() => {
      const { row, key } = sectionOf(db, id)
      const lines = (sectionText(db, row.id) ?? '').split('\n')
      if (line <= row.headline_line_count || line >= lines.length || (lines[line] ?? '').trim() === '')
        throw new CodedError(
          'BAD_REQUEST',
          `BAD_REQUEST: line ${line} is not a body paragraph of report ${id} that could start a new report.`
        )
      record(db, row.document_id, {
        sectionKey: key,
        action: 'split',
        district,
        date: null,
        headline: null,
        splitAt: (lines[line] as string).trim().slice(0, 16),
      })
      const after = statement<[number, number], { id: number }>(
        db,
        'SELECT id FROM sections WHERE document_id = ? AND ord = (SELECT ord + 1 FROM sections WHERE id = ?)'
      ).get(row.document_id, id)
      if (!after) throw new CodedError('INTERNAL', `INTERNAL: the split of report ${id} did not take.`)
      return after.id
    })
    .immediate()
}
