/**
 * Writing a split document: a new document, or a new version of one imported before from the same
 * path. A new version keeps its reports' ids where the district matches, keeps the earlier bytes in
 * document_versions, and re-anchors every annotation (what cannot be placed becomes an orphan).
 */
import { orphanAnnotationsOfReport, reanchorReport, rehomeOrphansOfDocument } from '../annotations/store'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { indexSection, unindexSection, type IndexEntry } from '../search/index-store'
import { districtKey } from './districts'
import { applyCorrections, loadCorrections, reportKeys } from './corrections'
import { displayText, headlineOf, type SplitSection } from './split'
import {
  decodingOf,
  documentOriginal,
  writeDocumentTexts,
  writePackedTexts,
  writeSectionTexts,
} from './document-texts'

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
  /** The date the document states, if any. */
  date: string | null
  format: string
  /** JSON of the extractor's hints (see prepare.ts StoredHints), to split the text again; null: none. */
  hints: string | null
  importedAt: string
}

export interface StoredDocument {
  documentId: number
  reports: number
  /** Annotations that could not be placed on a new version's text. */
  orphans: number
}

/** How a document's annotations fared when its sections were replaced. */
export interface SyncResult {
  /** Annotations of the document that are orphans afterwards. */
  orphans: number
  /** Annotations placed again exactly (by position or quote), and by a fuzzy match. */
  exact: number
  fuzzy: { annotationId: number; reportId: number; quote: string }[]
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
    districtWritten: section.districtWritten,
    dateOrigin: section.dateOrigin,
    monthDay: section.monthDay,
    districtFull: section.county?.name ?? null,
    districtKey: section.district ? districtKey(section.district) : null,
    districtCode: section.county?.code ?? null,
    headline: headlineOf(section),
    headlineLineCount: section.headlineLines.length,
    date: section.date,
    source: section.source,
  }
}

/** Inserts a section's row and indexes its text (stored with its document's texts, document-texts.ts). */
function insertSection(
  db: Db,
  documentId: number,
  ord: number,
  section: SplitSection,
  text: string,
  entry?: IndexEntry
): number {
  const values = sectionValues(documentId, ord, section)
  const id = Number(
    statement(
      db,
      `INSERT INTO sections (document_id, ord, kind, first_line, line_count, district, district_full, district_key,
         district_code, headline, headline_line_count, date, source, district_written, date_origin, month_day)
       VALUES (@documentId, @ord, @kind, @firstLine, @lineCount, @district, @districtFull, @districtKey,
         @districtCode, @headline, @headlineLineCount, @date, @source, @districtWritten, @dateOrigin, @monthDay)`
    ).run(values).lastInsertRowid
  )
  // Leads and closings are searchable too: every word imported can be found.
  indexSection(db, id, { district: section.district, text }, entry)
  return id
}

export function insertDocument(
  db: Db,
  fields: DocumentFields,
  sections: readonly SplitSection[],
  /** The index entries and packed texts, when a prepare worker made them (prepare.ts storedParts). */
  stored?: { packed?: Buffer; index: readonly IndexEntry[] }
): StoredDocument {
  const documentId = Number(
    statement(
      db,
      `INSERT INTO documents (path, title, source, encoding, bom_length, content_hash, byte_size,
         year, imported_at, date, format, hints)
       VALUES (@path, @title, @source, @encoding, @bomLength, @hash, @byteSize, @year, @importedAt,
         @date, @format, @hints)`
    ).run(registryFields(fields)).lastInsertRowid
  )
  const texts = sections.map(displayText)
  if (stored?.packed) writePackedTexts(db, documentId, stored.packed)
  else
    writeDocumentTexts(
      db,
      documentId,
      { original: fields.original, text: fields.text, sections: texts },
      decodingOf(fields)
    )
  sections.forEach((section, ord) =>
    insertSection(db, documentId, ord, section, texts[ord]!, stored?.index[ord])
  )
  return { documentId, reports: sections.filter((s) => s.kind === 'report').length, orphans: 0 }
}

export function replaceDocumentVersion(
  db: Db,
  documentId: number,
  fields: DocumentFields,
  sections: readonly SplitSection[]
): StoredDocument & { synced: SyncResult } {
  statement(
    db,
    `INSERT INTO document_versions (document_id, content_hash, encoding, original, imported_at, replaced_at)
     SELECT id, content_hash, encoding, ?, imported_at, ? FROM documents WHERE id = ?`
  ).run(documentOriginal(db, documentId) ?? Buffer.alloc(0), fields.importedAt, documentId)
  statement(
    db,
    `UPDATE documents SET title = @title, source = @source, encoding = @encoding, bom_length = @bomLength,
       content_hash = @hash, byte_size = @byteSize, year = @year,
       imported_at = @importedAt, date = @date, format = @format, hints = @hints WHERE id = @id`
  ).run({ ...registryFields(fields), id: documentId })
  const corrected = applyCorrections(sections, loadCorrections(db, documentId), fields.text, {
    date: fields.date,
    year: fields.year,
  })
  // The new original and text are stored with the sections' texts, packed once.
  const synced = syncSections(db, documentId, corrected, 'key', {
    original: fields.original,
    text: fields.text,
  })
  return {
    documentId,
    reports: corrected.filter((s) => s.kind === 'report').length,
    orphans: synced.orphans,
    synced,
  }
}

/**
 * Replaces a document's sections with new ones, keeping each report's id where its key (district,
 * or place) matches, re-indexing, and placing every annotation again: on its own report first,
 * then anywhere in the document (a merge or split moved its text); what cannot be placed becomes
 * an orphan. Returns how many annotations are orphans afterwards.
 */
export function syncSections(
  db: Db,
  documentId: number,
  sections: readonly SplitSection[],
  /** 'line' when the text is unchanged (a correction): a section is whatever starts on its line. */
  prefer: 'key' | 'line' = 'key',
  /** The document's original and text, when they are not stored yet (a restore). */
  base?: { original: Buffer; text: string }
): SyncResult {
  const old = statement<
    [number],
    { id: number; kind: string; district: string | null; ord: number; first_line: number }
  >(db, 'SELECT id, kind, district, ord, first_line FROM sections WHERE document_id = ? ORDER BY ord').all(
    documentId
  )
  const oldKeys = reportKeys(old)
  const byKey = new Map<string, number>()
  old.forEach((s, i) => oldKeys[i] && byKey.set(oldKeys[i] as string, s.id))
  // Free the ordinals so sections can be renumbered in place.
  statement(db, 'UPDATE sections SET ord = -ord - 1 WHERE document_id = ?').run(documentId)

  // A section keeps its id when it starts on the same line under the same key; else, after a
  // re-import, when its key matches (the same district, moved), or, after a correction (the same
  // text), when it starts on the same line (renamed, or a lead made a report).
  const newKeys = reportKeys(sections)
  const reuseIds: (number | undefined)[] = sections.map(() => undefined)
  const claimed = new Set<number>()
  const claim = (ord: number, id: number | undefined): void => {
    if (id === undefined || claimed.has(id) || reuseIds[ord] !== undefined) return
    reuseIds[ord] = id
    claimed.add(id)
  }
  const sameLine = (ord: number) =>
    old.flatMap((o, i) => (o.first_line === sections[ord]!.firstLine ? [{ id: o.id, key: oldKeys[i] }] : []))
  const byLine = (): void =>
    sections.forEach((_section, ord) => claim(ord, sameLine(ord).find((o) => !claimed.has(o.id))?.id))
  newKeys.forEach((key, ord) => claim(ord, sameLine(ord).find((o) => o.key === key)?.id))
  if (prefer === 'line') byLine()
  newKeys.forEach((key, ord) => claim(ord, key ? byKey.get(key) : undefined))
  byLine()

  const kept = new Set<number>()
  let exact = 0
  const fuzzy: SyncResult['fuzzy'] = []
  // The texts first, so placing annotations below reads the new ones.
  const texts = sections.map(displayText)
  writeSectionTexts(db, documentId, texts, base)
  sections.forEach((section, ord) => {
    const reuse = reuseIds[ord]
    if (reuse === undefined) {
      insertSection(db, documentId, ord, section, texts[ord]!)
      return
    }
    kept.add(reuse)
    const values = sectionValues(documentId, ord, section)
    statement(
      db,
      `UPDATE sections SET ord = @ord, kind = @kind, first_line = @firstLine, line_count = @lineCount, district = @district,
         district_full = @districtFull, district_key = @districtKey, district_code = @districtCode,
         headline = @headline, headline_line_count = @headlineLineCount, date = @date, source = @source,
         district_written = @districtWritten, date_origin = @dateOrigin, month_day = @monthDay
       WHERE id = @id`
    ).run({ ...values, id: reuse })
    unindexSection(db, reuse)
    indexSection(db, reuse, { district: section.district, text: texts[ord]! })
  })
  sections.forEach((_section, ord) => {
    const reuse = reuseIds[ord]
    if (reuse === undefined) return
    const placed = reanchorReport(db, reuse)
    exact += placed.anchored - placed.fuzzy.length
    for (const f of placed.fuzzy) fuzzy.push({ annotationId: f.id, reportId: reuse, quote: f.exact })
  })
  for (const s of old) {
    if (kept.has(s.id)) continue
    orphanAnnotationsOfReport(db, s.id)
    unindexSection(db, s.id)
    statement(db, 'DELETE FROM sections WHERE id = ?').run(s.id)
  }
  const orphans = rehomeOrphansOfDocument(db, documentId)
  return { orphans, exact, fuzzy }
}

/** The registry's columns of a document (its texts are stored apart). */
function registryFields(fields: DocumentFields): Omit<DocumentFields, 'original' | 'text'> {
  const { original: _original, text: _text, ...rest } = fields
  return rest
}

/** The districts (by key) of a document as stored. */
export function storedDistricts(db: Db, documentId: number): Map<string, string> {
  const rows = statement<[number], { district: string }>(
    db,
    "SELECT district FROM sections WHERE document_id = ? AND kind = 'report' AND district IS NOT NULL ORDER BY ord"
  ).all(documentId)
  return new Map(rows.map((r) => [districtKey(r.district), r.district]))
}
