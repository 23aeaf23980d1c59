/**
 * Writing a split document: a new document, or a new version of one imported before from the same
 * path. A new version keeps its reports' ids where the district matches, keeps the earlier bytes in
 * document_versions, and re-anchors every annotation (what cannot be placed becomes an orphan).
 */
import { orphanAnnotationsOfReport, reanchorReport } from '../annotations/store'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { indexSection, unindexSection } from '../search/index-store'
import { districtKey } from './districts'
import { displayText, type SplitSection } from './split'

export interface DocumentFields {
  path: string
  title: string
  source: string | null
  encoding: string
  bomLength: number
  hash: string
  original: Buffer
  byteSize: number
  text: string
  year: number | null
  importedAt: string
}

export interface StoredDocument {
  documentId: number
  reports: number
  /** Annotations that could not be placed on a new version's text. */
  orphans: number
}

export function findDocumentByPath(db: Db, path: string): number | undefined {
  return statement<[string], { id: number }>(
    db,
    'SELECT id FROM documents WHERE path = ? ORDER BY id DESC LIMIT 1'
  ).get(path)?.id
}

function sectionValues(documentId: number, ord: number, section: SplitSection) {
  return {
    documentId,
    ord,
    kind: section.kind,
    firstLine: section.firstLine,
    lineCount: section.lineCount,
    district: section.district,
    districtFull: section.county?.name ?? null,
    districtKey: section.district ? districtKey(section.district) : null,
    districtCode: section.county?.code ?? null,
    headline: section.headlineLines.join(' / '),
    headlineLineCount: section.headlineLines.length,
    date: section.date,
    source: section.source,
    text: displayText(section),
  }
}

function insertSection(db: Db, documentId: number, ord: number, section: SplitSection): number {
  const values = sectionValues(documentId, ord, section)
  const id = Number(
    statement(
      db,
      `INSERT INTO sections (document_id, ord, kind, first_line, line_count, district, district_full, district_key,
         district_code, headline, headline_line_count, date, source, text)
       VALUES (@documentId, @ord, @kind, @firstLine, @lineCount, @district, @districtFull, @districtKey,
         @districtCode, @headline, @headlineLineCount, @date, @source, @text)`
    ).run(values).lastInsertRowid
  )
  if (section.kind === 'report') indexSection(db, id, { district: section.district, text: values.text })
  return id
}

export function insertDocument(
  db: Db,
  fields: DocumentFields,
  sections: readonly SplitSection[]
): StoredDocument {
  const documentId = Number(
    statement(
      db,
      `INSERT INTO documents (path, title, source, encoding, bom_length, content_hash, original, byte_size,
         content_text, year, imported_at)
       VALUES (@path, @title, @source, @encoding, @bomLength, @hash, @original, @byteSize, @text, @year, @importedAt)`
    ).run(fields).lastInsertRowid
  )
  sections.forEach((section, ord) => insertSection(db, documentId, ord, section))
  return { documentId, reports: sections.filter((s) => s.kind === 'report').length, orphans: 0 }
}

/** Which report of a document a section is: its district (and which of that district's reports), or its place. */
function reportKeys(sections: readonly { kind: string; district: string | null }[]): (string | null)[] {
  const seen = new Map<string, number>()
  return sections.map((s, ord) => {
    if (s.kind !== 'report') return null
    if (!s.district) return `ord:${ord}`
    const key = districtKey(s.district)
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    return n === 1 ? `district:${key}` : `district:${key}#${n}`
  })
}

export function replaceDocumentVersion(
  db: Db,
  documentId: number,
  fields: DocumentFields,
  sections: readonly SplitSection[]
): StoredDocument {
  statement(
    db,
    `INSERT INTO document_versions (document_id, content_hash, encoding, original, imported_at, replaced_at)
     SELECT id, content_hash, encoding, original, imported_at, ? FROM documents WHERE id = ?`
  ).run(fields.importedAt, documentId)
  statement(
    db,
    `UPDATE documents SET title = @title, source = @source, encoding = @encoding, bom_length = @bomLength,
       content_hash = @hash, original = @original, byte_size = @byteSize, content_text = @text, year = @year,
       imported_at = @importedAt WHERE id = @id`
  ).run({ ...fields, id: documentId })

  const old = statement<[number], { id: number; kind: string; district: string | null; ord: number }>(
    db,
    'SELECT id, kind, district, ord FROM sections WHERE document_id = ? ORDER BY ord'
  ).all(documentId)
  const oldKeys = reportKeys(old)
  const byKey = new Map<string, number>()
  old.forEach((s, i) => oldKeys[i] && byKey.set(oldKeys[i] as string, s.id))
  // Free the ordinals so sections can be renumbered in place.
  statement(db, 'UPDATE sections SET ord = -ord - 1 WHERE document_id = ?').run(documentId)

  const kept = new Set<number>()
  let orphans = 0
  reportKeys(sections).forEach((key, ord) => {
    const section = sections[ord] as SplitSection
    const reuse = key ? byKey.get(key) : undefined
    if (reuse === undefined) {
      insertSection(db, documentId, ord, section)
      return
    }
    kept.add(reuse)
    const values = sectionValues(documentId, ord, section)
    statement(
      db,
      `UPDATE sections SET ord = @ord, first_line = @firstLine, line_count = @lineCount, district = @district,
         district_full = @districtFull, district_key = @districtKey, district_code = @districtCode,
         headline = @headline, headline_line_count = @headlineLineCount, date = @date, source = @source, text = @text
       WHERE id = @id`
    ).run({ ...values, id: reuse })
    unindexSection(db, reuse)
    indexSection(db, reuse, { district: section.district, text: values.text })
    orphans += reanchorReport(db, reuse).orphans
  })
  for (const s of old) {
    if (kept.has(s.id)) continue
    if (s.kind === 'report') {
      orphans += statement<[number], { n: number }>(
        db,
        'SELECT count(*) AS n FROM annotations WHERE report_id = ? AND deleted_at IS NULL'
      ).get(s.id)!.n
      orphanAnnotationsOfReport(db, s.id)
      unindexSection(db, s.id)
    }
    statement(db, 'DELETE FROM sections WHERE id = ?').run(s.id)
  }
  return { documentId, reports: sections.filter((s) => s.kind === 'report').length, orphans }
}
