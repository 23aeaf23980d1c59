/**
 * Annotations in the library: create, edit, soft-delete (so the UI can undo), list with notebook
 * filters, and re-anchor when a report's text changes. Nothing here ever drops an annotation:
 * what cannot be placed becomes an orphan that keeps its quote, note and tags.
 */
import { randomUUID } from 'node:crypto'
import type { Annotation, ColorName } from '../../../shared/api'
import { noteSchema, tagsSchema } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { districtKey } from '../import/districts'
import { normalizeForSearch } from '../search/normalize'
import { reanchor, selectorsFor } from './anchor'
import { readDocumentTexts, sectionText } from '../import/document-texts'

interface AnnotationRow {
  id: number
  uuid: string
  report_id: number | null
  document_id: number | null
  start: number | null
  end: number | null
  exact: string
  prefix: string
  suffix: string
  color: string
  note: string
  orphan: number
  created_at: string
  modified_at: string
  district: string | null
  date: string | null
  headline: string | null
  source: string | null
  tags: string | null
  target_file: string | null
  document_path: string | null
}

const SELECT = `SELECT a.id, a.uuid, a.report_id, a.document_id, a.start, a.end, a.exact, a.prefix, a.suffix, a.color,
    a.note, a.orphan, a.created_at, a.modified_at, s.district, s.date, s.headline, s.source,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM annotation_tags t WHERE t.annotation_id = a.id ORDER BY tag)) AS tags,
    a.target_file, (SELECT path FROM documents d WHERE d.id = a.document_id) AS document_path
  FROM annotations a LEFT JOIN sections s ON s.id = a.report_id`

function toAnnotation(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    uuid: row.uuid,
    reportId: row.report_id,
    documentId: row.document_id,
    start: row.start,
    end: row.end,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    color: row.color as ColorName,
    note: row.note,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
    orphan: row.orphan === 1,
    // An orphan either waits for its report (imported before the file it was made on) or lost its
    // text when the file changed.
    orphanReason: row.orphan !== 1 ? null : row.document_id === null ? 'missing' : 'changed',
    file: row.document_path ?? row.target_file,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    district: row.district,
    date: row.date,
    headline: row.headline ?? '',
    source: row.source,
  }
}

export function getAnnotation(db: Db, id: number, includeDeleted = false): Annotation {
  const row = statement<[number], AnnotationRow>(db, `${SELECT} WHERE a.id = ?`).get(id)
  if (!row || (!includeDeleted && isDeleted(db, id)))
    throw new CodedError('NOT_FOUND', `NOT_FOUND: there is no annotation ${id} in this library.`)
  return toAnnotation(row)
}

function isDeleted(db: Db, id: number): boolean {
  return (
    statement<[number], { d: string | null }>(db, 'SELECT deleted_at AS d FROM annotations WHERE id = ?').get(
      id
    )?.d != null
  )
}

/**
 * The API's own note and tag schemas, for callers that do not come through the API dispatch (the
 * CLI, JSON-LD import has its own clipping): what they refuse is refused here too.
 */
function checked(input: { note?: string; tags?: string[] }): { note?: string; tags?: string[] } {
  const note = input.note === undefined ? undefined : noteSchema.safeParse(input.note)
  const tags = input.tags === undefined ? undefined : tagsSchema.safeParse(input.tags)
  for (const [what, result] of [
    ['note', note],
    ['tags', tags],
  ] as const) {
    if (result && !result.success)
      throw new CodedError(
        'BAD_REQUEST',
        `BAD_REQUEST: the ${what} is not valid: ${result.error.issues[0]?.message ?? 'invalid'}.`
      )
  }
  return { note: note?.data, tags: tags?.data }
}

function setTags(db: Db, id: number, tags: readonly string[]): void {
  statement(db, 'DELETE FROM annotation_tags WHERE annotation_id = ?').run(id)
  for (const tag of new Set(tags.map((t) => t.trim()).filter(Boolean)))
    statement(db, 'INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, ?)').run(id, tag)
}

/** The key that finds "the same report" in a new version of its document. */
export function reportKeyOf(db: Db, reportId: number): string {
  const row = statement<[number], { district: string | null; ord: number; document_id: number }>(
    db,
    'SELECT district, ord, document_id FROM sections WHERE id = ?'
  ).get(reportId)
  if (!row) return ''
  if (!row.district) return `ord:${row.ord}`
  const key = districtKey(row.district)
  const nth =
    statement<[number, string, number], { n: number }>(
      db,
      `SELECT count(*) AS n FROM sections WHERE document_id = ? AND kind = 'report' AND district_key = ? AND ord < ?`
    ).get(row.document_id, key, row.ord)?.n ?? 0
  return nth === 0 ? `district:${key}` : `district:${key}#${nth + 1}`
}

export interface NewAnnotation {
  reportId: number
  start: number
  end: number
  color?: ColorName
  note?: string
  tags?: string[]
  uuid?: string
  createdAt?: string
  modifiedAt?: string
}

export function addAnnotation(db: Db, input: NewAnnotation): Annotation {
  const { note, tags } = checked(input)
  const row = statement<[number], { document_id: number; ord: number }>(
    db,
    "SELECT document_id, ord FROM sections WHERE id = ? AND kind = 'report'"
  ).get(input.reportId)
  const text = row ? readDocumentTexts(db, row.document_id)?.sections[row.ord] : undefined
  const report = row && text !== undefined ? { document_id: row.document_id, text } : undefined
  if (!report)
    throw new CodedError('NOT_FOUND', `NOT_FOUND: there is no report ${input.reportId} in this library.`)
  if (!(input.start >= 0 && input.end > input.start && input.end <= report.text.length))
    throw new CodedError(
      'BAD_REQUEST',
      `BAD_REQUEST: the passage ${input.start}–${input.end} is not inside report ${input.reportId} (its text has ${report.text.length} characters).`
    )
  const sel = selectorsFor(report.text, input.start, input.end)
  const now = new Date().toISOString()
  // IMMEDIATE: take the write lock first (waiting for an import's batch if need be), so a read
  // inside cannot find its snapshot outdated by the time it writes.
  const id = db
    .transaction(() => {
      const result = statement(
        db,
        `INSERT INTO annotations (uuid, report_id, document_id, report_key, start, end, exact, prefix, suffix, color, note,
         created_at, modified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ).run(
        input.uuid ?? randomUUID(),
        input.reportId,
        report.document_id,
        reportKeyOf(db, input.reportId),
        sel.start,
        sel.end,
        sel.exact,
        sel.prefix,
        sel.suffix,
        input.color ?? 'yellow',
        note ?? '',
        input.createdAt ?? now,
        input.modifiedAt ?? input.createdAt ?? now
      )
      const newId = Number(result.lastInsertRowid)
      setTags(db, newId, tags ?? [])
      return newId
    })
    .immediate()
  return getAnnotation(db, id)
}

export function updateAnnotation(
  db: Db,
  input: { id: number; color?: ColorName; note?: string; tags?: string[] }
): Annotation {
  getAnnotation(db, input.id)
  const { note, tags } = checked(input)
  db.transaction(() => {
    if (input.color !== undefined)
      statement(db, 'UPDATE annotations SET color = ? WHERE id = ?').run(input.color, input.id)
    if (note !== undefined) statement(db, 'UPDATE annotations SET note = ? WHERE id = ?').run(note, input.id)
    if (tags !== undefined) setTags(db, input.id, tags)
    statement(db, 'UPDATE annotations SET modified_at = ? WHERE id = ?').run(
      new Date().toISOString(),
      input.id
    )
  }).immediate()
  return getAnnotation(db, input.id)
}

/** Soft delete: the annotation disappears from lists but `restoreAnnotation` brings it back. */
export function deleteAnnotation(db: Db, id: number): Annotation {
  const annotation = getAnnotation(db, id)
  statement(db, 'UPDATE annotations SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), id)
  return annotation
}

export function restoreAnnotation(db: Db, id: number): Annotation {
  statement(db, 'UPDATE annotations SET deleted_at = NULL WHERE id = ?').run(id)
  return getAnnotation(db, id)
}

export interface AnnotationFilter {
  reportId?: number
  district?: string
  color?: ColorName
  tag?: string
  query?: string
  orphansOnly?: boolean
}

/** Annotations in reading order (by report, then position); orphans last. */
export function listAnnotations(db: Db, filter: AnnotationFilter = {}): Annotation[] {
  const where = ['a.deleted_at IS NULL']
  const params: unknown[] = []
  if (filter.reportId !== undefined) {
    where.push('a.report_id = ?')
    params.push(filter.reportId)
  }
  if (filter.district) {
    where.push('s.district_key = ?')
    params.push(districtKey(filter.district))
  }
  if (filter.color) {
    where.push('a.color = ?')
    params.push(filter.color)
  }
  if (filter.tag) {
    where.push('EXISTS (SELECT 1 FROM annotation_tags t WHERE t.annotation_id = a.id AND t.tag = ?)')
    params.push(filter.tag)
  }
  if (filter.orphansOnly) where.push('a.orphan = 1')
  const sql = `${SELECT} WHERE ${where.join(' AND ')}
    ORDER BY a.orphan, s.document_id, s.ord, a.start, a.id`
  let rows = db
    .prepare<unknown[], AnnotationRow>(sql)
    .all(...params)
    .map(toAnnotation)
  const q = filter.query?.trim()
  if (q) {
    const needle = normalizeForSearch(q)
    rows = rows.filter((a) =>
      normalizeForSearch(`${a.exact}\n${a.note}\n${a.tags.join(' ')}`).includes(needle)
    )
  }
  return rows
}

export function listTags(db: Db): { tag: string; count: number }[] {
  return statement<[], { tag: string; count: number }>(
    db,
    `SELECT t.tag, count(*) AS count FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id
     WHERE a.deleted_at IS NULL AND a.orphan = 0 GROUP BY t.tag ORDER BY count DESC, t.tag`
  ).all()
}

/**
 * Places every annotation of a report on its current text again. Returns how many could not be
 * placed (they stay, as orphans).
 */
export function reanchorReport(
  db: Db,
  reportId: number
): { anchored: number; orphans: number; fuzzy: { id: number; exact: string }[] } {
  const text = sectionText(db, reportId)
  const rows = statement<[number], AnnotationRow>(db, `${SELECT} WHERE a.report_id = ?`).all(reportId)
  let orphans = 0
  const fuzzy: { id: number; exact: string }[] = []
  for (const row of rows) {
    const anchor = text === undefined ? null : reanchor(text, row)
    if (anchor) {
      const sel = selectorsFor(text as string, anchor.start, anchor.end)
      if (anchor.how === 'fuzzy') fuzzy.push({ id: row.id, exact: sel.exact })
      statement(
        db,
        'UPDATE annotations SET start = ?, end = ?, exact = ?, prefix = ?, suffix = ?, orphan = 0 WHERE id = ?'
      ).run(
        sel.start,
        sel.end,
        anchor.how === 'fuzzy' ? sel.exact : row.exact,
        sel.prefix,
        sel.suffix,
        row.id
      )
    } else {
      orphans++
      statement(db, 'UPDATE annotations SET orphan = 1, start = NULL, end = NULL WHERE id = ?').run(row.id)
    }
  }
  return { anchored: rows.length - orphans, orphans, fuzzy }
}

/** Annotations whose report is gone stay as orphans. */
export function orphanAnnotationsOfReport(db: Db, reportId: number): void {
  statement(
    db,
    'UPDATE annotations SET orphan = 1, start = NULL, end = NULL, report_id = NULL WHERE report_id = ?'
  ).run(reportId)
}

/**
 * Places a document's orphans again, anywhere in its sections (a merge or a split moved their
 * text to another section; a re-import brought their text back): each goes to the section whose
 * text holds its quote (best context), exactly only. Returns how many stay orphans.
 */
export function rehomeOrphansOfDocument(db: Db, documentId: number): number {
  const orphans = statement<[number], AnnotationRow>(
    db,
    `${SELECT} WHERE a.document_id = ? AND a.orphan = 1 AND a.deleted_at IS NULL`
  ).all(documentId)
  if (orphans.length === 0) return 0
  const sections = statement<[number], { id: number; ord: number }>(
    db,
    'SELECT id, ord FROM sections WHERE document_id = ? AND ord >= 0 ORDER BY ord'
  )
    .all(documentId)
    .map((s) => ({ id: s.id, text: readDocumentTexts(db, documentId)?.sections[s.ord] ?? '' }))
  let left = 0
  for (const row of orphans) {
    const home = sections.find((s) => s.text.includes(row.exact))
    const anchor = home ? reanchor(home.text, { ...row, start: null, end: null }) : null
    if (!home || !anchor || anchor.how === 'fuzzy') {
      left++
      continue
    }
    const sel = selectorsFor(home.text, anchor.start, anchor.end)
    statement(
      db,
      'UPDATE annotations SET report_id = ?, start = ?, end = ?, prefix = ?, suffix = ?, orphan = 0 WHERE id = ?'
    ).run(home.id, sel.start, sel.end, sel.prefix, sel.suffix, row.id)
  }
  return left
}
