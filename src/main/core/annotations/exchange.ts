/**
 * Annotations out and in: Markdown (grouped by document and report, with citations), CSV, and
 * W3C Web Annotation JSON-LD. Importing JSON-LD finds each target report by its document's
 * content hash (or, for a changed document, its file name and the report's district), then places
 * the annotation by position, quote or fuzzy quote; what cannot be placed is kept as an orphan.
 */
import { z } from 'zod'
import type {
  Annotation,
  AnnotationImportReason as ImportReason,
  AnnotationImportResult,
  ColorName,
} from '../../../shared/api'
import { colorNames, NOTE_MAX_CHARS, noteSchema, tagSchema, tagsSchema, TAGS_MAX } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { CONTEXT_CHARS, reanchor, selectorsFor } from './anchor'
import { getAnnotation, listAnnotations, reportKeyOf, type AnnotationFilter } from './store'
import { sectionText } from '../import/document-texts'

const CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
const URN = 'urn:district-news-reader'

interface DocumentInfo {
  id: number
  path: string
  title: string
  content_hash: string
}

function documentOf(db: Db, id: number | null): DocumentInfo | undefined {
  if (id === null) return undefined
  return statement<[number], DocumentInfo>(
    db,
    'SELECT id, path, title, content_hash FROM documents WHERE id = ?'
  ).get(id)
}

function citation(a: Annotation): string {
  return [a.district, a.date, a.source].filter(Boolean).join('，')
}

/**
 * Text made inert for Markdown: HTML is escaped (so `<img onerror=…>` is only text), and no
 * `javascript:`-like scheme survives to become a link.
 */
function inert(text: string): string {
  return text
    .replace(
      /[&<>"']/gu,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
    )
    .replace(/\b(javascript|vbscript|data)\\?:/giu, '$1：')
}

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/u

/** Plain text on one line of Markdown (headings, citations, tags, dates): no syntax of its own. */
export function mdInline(text: string): string {
  return inert(text.split(LINE_BREAK).join(' ')).replace(/[\\`*_[\]~|#]/gu, '\\$&')
}

/** A line of quoted report text: inline syntax and line-start syntax (#, -, 1., =) kept literal. */
export function mdQuoteLine(line: string): string {
  return mdInline(line)
    .replace(/^(\s*)([+=-])(?=[\s+=-]|$)/u, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/u, '$1\\$2')
}

/** Every line behind "> ": whatever the text holds stays inside its block quote. */
export const blockQuote = (lines: readonly string[]): string[] =>
  lines.map((line) => (line.trim() ? `> ${line}` : '>'))

export function exportMarkdown(db: Db, filter: AnnotationFilter = {}): string {
  const out: string[] = ['# 批注 Annotations', '']
  let lastDocument: number | null | undefined
  let lastReport: number | null | undefined
  for (const a of listAnnotations(db, filter)) {
    if (a.documentId !== lastDocument) {
      const doc = documentOf(db, a.documentId)
      out.push(`## ${doc ? mdInline(doc.title) : '（未知文件）'}`, '')
      lastDocument = a.documentId
      lastReport = undefined
    }
    if (a.reportId !== lastReport) {
      out.push(
        `### ${a.orphan ? '未能定位的批注（orphans）' : mdInline(`${a.district ?? ''} ${a.headline}`.trim())}`,
        ''
      )
      lastReport = a.reportId
    }
    out.push(...blockQuote(a.exact.split(LINE_BREAK).map(mdQuoteLine)))
    out.push('', `— ${mdInline(citation(a)) || '出处不详'}${a.orphan ? '（原文已改动，未能定位）' : ''}`)
    // The note is Markdown and keeps its formatting, but not its HTML, and not outside its quote.
    if (a.note.trim()) out.push('', '> **批注**', '>', ...blockQuote(inert(a.note.trim()).split(LINE_BREAK)))
    if (a.tags.length > 0) out.push('', a.tags.map((t) => `#${mdInline(t)}`).join(' '))
    out.push('', `<sub>${mdInline(a.color)} · ${mdInline(a.createdAt)}</sub>`, '')
  }
  return out.join('\n')
}

/**
 * One CSV cell. A text that a spreadsheet would read as a formula (=, +, -, @, tab, CR, LF, their
 * full-width forms, also after leading spaces) gets a leading single quote (OWASP CSV injection);
 * cells with separators, quotes or line breaks are quoted.
 */
export function csvField(value: string | number | null): string {
  let s = value === null ? '' : String(value)
  if (typeof value === 'string' && /^(?:[\t\r\n]|[\s\u3000]*[=+\-@＝＋－＠])/u.test(s)) s = `'${s}`
  return /[",;\t\n\r]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s
}

export function exportCsv(db: Db, filter: AnnotationFilter = {}): string {
  const header = [
    'id',
    'report_id',
    'district',
    'date',
    'source',
    'headline',
    'start',
    'end',
    'exact',
    'color',
    'note',
    'tags',
    'orphan',
    'created',
    'modified',
  ]
  const rows = listAnnotations(db, filter).map((a) =>
    [
      a.id,
      a.reportId,
      a.district,
      a.date,
      a.source,
      a.headline,
      a.start,
      a.end,
      a.exact,
      a.color,
      a.note,
      a.tags.join(';'),
      a.orphan ? 1 : 0,
      a.createdAt,
      a.modifiedAt,
    ]
      .map(csvField)
      .join(',')
  )
  return '\uFEFF' + [header.join(','), ...rows].join('\r\n') + '\r\n'
}

export function exportJsonLd(db: Db, filter: AnnotationFilter = {}): string {
  const items = listAnnotations(db, filter).map((a) => {
    const doc = documentOf(db, a.documentId)
    const key = a.reportId !== null ? reportKeyOf(db, a.reportId) : ''
    const selectors: object[] = [
      { type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
    ]
    if (a.start !== null && a.end !== null)
      selectors.push({ type: 'TextPositionSelector', start: a.start, end: a.end })
    const body: object[] = []
    if (a.note)
      body.push({ type: 'TextualBody', value: a.note, format: 'text/markdown', purpose: 'commenting' })
    for (const tag of a.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' })
    body.push({ type: 'TextualBody', value: a.color, purpose: 'highlighting' })
    return {
      id: `urn:uuid:${a.uuid}`,
      type: 'Annotation',
      motivation: a.note ? 'commenting' : 'highlighting',
      created: a.createdAt,
      modified: a.modifiedAt,
      body,
      target: {
        source: `${URN}:document:${doc?.content_hash ?? 'unknown'}#${key}`,
        selector: selectors,
        ...(doc ? { 'dcterms:title': doc.title, 'dcterms:source': doc.path.split(/[\\/]/u).pop() } : {}),
        ...(a.district ? { 'dcterms:spatial': a.district } : {}),
      },
    }
  })
  return JSON.stringify(
    {
      '@context': [CONTEXT, { dcterms: 'http://purl.org/dc/terms/' }],
      type: 'AnnotationCollection',
      total: items.length,
      items,
    },
    null,
    2
  )
}

type Json = Record<string, unknown>

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const asString = (v: unknown): string => (typeof v === 'string' ? v : '')
/** A W3C property that may be one value or a list: its objects, in order. */
const records = (v: unknown): Json[] => (Array.isArray(v) ? v : [v]).filter(isRecord)

/** The longest quote an imported annotation may carry (a passage, not a file). */
export const IMPORT_QUOTE_MAX_CHARS = 100_000
const ISO_DATE_TIME = z.iso.datetime({ offset: true })

/** The first `max` characters, never splitting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}

/** A real ISO 8601 date-time with a zone, normalised; anything else is null. */
function isoDate(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 64 || !ISO_DATE_TIME.safeParse(v).success) return null
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/**
 * Note and tags through the same schemas as the API's addAnnotation: a note over the limit is
 * clipped, a tag the schema refuses (empty, too long, more than one line) is dropped, tags over the
 * limit are cut at the limit; each with a counted reason.
 */
function noteAndTags(
  bodies: Json[],
  count: (reason: ImportReason) => void
): { note: string; tags: string[] } {
  let note = asString(bodies.find((b) => b.purpose === 'commenting')?.value)
  if (!noteSchema.safeParse(note).success) {
    note = clip(note, NOTE_MAX_CHARS)
    count('noteClipped')
  }
  const tags = new Set<string>()
  for (const body of bodies) {
    if (body.purpose !== 'tagging') continue
    const tag = tagSchema.safeParse(body.value)
    if (tag.success) tags.add(tag.data)
    else count('tagRefused')
  }
  let list = [...tags]
  if (!tagsSchema.safeParse(list).success) {
    list = list.slice(0, TAGS_MAX)
    count('tagsClipped')
  }
  return { note, tags: list }
}

/** The annotation's own id: what follows urn:uuid:, one short token. */
function uuidOf(id: unknown): string | null {
  const uuid = asString(id).replace(/^urn:uuid:/u, '')
  return /^[^\s\p{Cc}]{1,200}$/u.test(uuid) ? uuid : null
}

function positionOf(selector: Json | undefined): { start: number | null; end: number | null } {
  const { start, end } = selector ?? {}
  return Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    (start as number) >= 0 &&
    (end as number) > (start as number)
    ? { start: start as number, end: end as number }
    : { start: null, end: null }
}

/** Finds the report an imported annotation points at: same content first, then same file and district. */
function findReport(
  db: Db,
  source: string,
  fileName: string
): { reportId: number; documentId: number } | null {
  const m = /:document:([0-9a-f]{64})#(.*)$/u.exec(source)
  if (!m) return null
  const [, hash, key] = m
  const byHash = statement<[string], { id: number }>(
    db,
    'SELECT id FROM documents WHERE content_hash = ?'
  ).get(hash!)
  const candidates = byHash
    ? [byHash.id]
    : statement<[string, string], { id: number }>(
        db,
        "SELECT id FROM documents WHERE path = ? OR path LIKE '%' || ? ORDER BY id DESC"
      )
        .all(fileName, `/${fileName}`)
        .map((r) => r.id)
  for (const documentId of candidates) {
    const reports = statement<[number], { id: number }>(
      db,
      "SELECT id FROM sections WHERE document_id = ? AND kind = 'report' ORDER BY ord"
    ).all(documentId)
    const match = reports.find((r) => reportKeyOf(db, r.id) === key)
    if (match) return { reportId: match.id, documentId }
  }
  return null
}

/**
 * The annotations of a parsed file. Anything but a W3C annotation, a list of them or a collection
 * with `items` is refused as a whole with BAD_REQUEST, as is any item that is not an object.
 */
function itemsOf(parsed: unknown): Json[] {
  const refuse = (why: string): never => {
    throw new CodedError('BAD_REQUEST', `BAD_REQUEST: ${why}; choose a W3C Web Annotation JSON-LD export.`)
  }
  let items: unknown[]
  if (Array.isArray(parsed)) items = parsed
  else if (!isRecord(parsed)) return refuse('the file holds no annotations')
  else if ('items' in parsed)
    items = Array.isArray(parsed.items) ? parsed.items : refuse('its "items" is not a list')
  else if (parsed.type === 'Annotation') items = [parsed]
  else return refuse('no W3C Web Annotations were found in this file')
  const bad = items.findIndex((item) => !isRecord(item))
  if (bad >= 0)
    refuse(`item ${bad + 1} is not an annotation (it is ${items[bad] === null ? 'null' : typeof items[bad]})`)
  return items as Json[]
}

export function importJsonLd(db: Db, content: string): AnnotationImportResult {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    throw new CodedError(
      'BAD_REQUEST',
      'BAD_REQUEST: the file is not JSON; choose a W3C Web Annotation JSON-LD export.'
    )
  }
  const items = itemsOf(parsed)
  let imported = 0
  let skipped = 0
  const importedIds: number[] = []
  const reasons: Partial<Record<ImportReason, number>> = {}
  const count = (reason: ImportReason): void => {
    reasons[reason] = (reasons[reason] ?? 0) + 1
  }
  const skip = (reason: ImportReason): void => {
    skipped++
    count(reason)
  }
  db.transaction(() => {
    for (const item of items) {
      const uuid = uuidOf(item.id)
      if (!uuid) {
        skip('badId')
        continue
      }
      if (statement<[string], { id: number }>(db, 'SELECT id FROM annotations WHERE uuid = ?').get(uuid)) {
        skip('duplicate')
        continue
      }
      const targetOf = records(item.target)[0] ?? {}
      const selectors = records(targetOf.selector)
      const quote = selectors.find((s) => s.type === 'TextQuoteSelector') ?? {}
      const exact = asString(quote.exact)
      if (!exact) {
        skip('noQuote')
        continue
      }
      if (exact.length > IMPORT_QUOTE_MAX_CHARS) {
        skip('quoteTooLong')
        continue
      }
      const bodies = records(item.body)
      const { note, tags } = noteAndTags(bodies, count)
      const colorBody = bodies.find((b) => b.purpose === 'highlighting')
      const colorValue = asString(colorBody?.value)
      const color: ColorName = (colorNames as readonly string[]).includes(colorValue)
        ? (colorValue as ColorName)
        : 'yellow'
      if (colorBody && color !== colorValue) count('colorReplaced')
      const now = new Date().toISOString()
      const created = isoDate(item.created)
      const modified = isoDate(item.modified)
      if ((item.created !== undefined && !created) || (item.modified !== undefined && !modified))
        count('dateReplaced')
      const sel = {
        exact,
        prefix: asString(quote.prefix).slice(-CONTEXT_CHARS),
        suffix: asString(quote.suffix).slice(0, CONTEXT_CHARS),
        ...positionOf(selectors.find((s) => s.type === 'TextPositionSelector')),
      }
      const target = findReport(db, asString(targetOf.source), asString(targetOf['dcterms:source']))
      const text = target ? sectionText(db, target.reportId) : undefined
      const anchor = text !== undefined ? reanchor(text, sel) : null
      const placed = anchor ? selectorsFor(text as string, anchor.start, anchor.end) : null
      const result = statement(
        db,
        `INSERT INTO annotations (uuid, report_id, document_id, report_key, start, end, exact, prefix, suffix, color, note,
           orphan, created_at, modified_at, target_source, target_file)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ).run(
        uuid,
        target?.reportId ?? null,
        target?.documentId ?? null,
        target ? reportKeyOf(db, target.reportId) : '',
        placed?.start ?? null,
        placed?.end ?? null,
        anchor?.how === 'fuzzy' ? placed!.exact : sel.exact,
        placed?.prefix ?? sel.prefix,
        placed?.suffix ?? sel.suffix,
        color,
        note,
        placed ? 0 : 1,
        created ?? now,
        modified ?? created ?? now,
        asString(targetOf.source).slice(0, 2_000) || null,
        asString(targetOf['dcterms:source']).slice(0, 1_000) || null
      )
      const id = Number(result.lastInsertRowid)
      importedIds.push(id)
      for (const tag of tags)
        statement(db, 'INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, ?)').run(id, tag)
      imported++
    }
  }).immediate()
  healImportedOrphans(db)
  return { imported, orphans: orphanCount(db, importedIds), skipped, reasons }
}

function orphanCount(db: Db, ids: readonly number[]): number {
  if (ids.length === 0) return 0
  return statement<[string], { n: number }>(
    db,
    'SELECT count(*) AS n FROM annotations WHERE orphan = 1 AND id IN (SELECT value FROM json_each(?))'
  ).get(JSON.stringify(ids))!.n
}

/**
 * Places imported annotations whose report was not in the library when they came (JSON-LD
 * imported before the file it was made on): each import of files, and of the same JSON-LD again,
 * tries them against the reports now present. Exact placements only; what still cannot be
 * placed stays an orphan. Returns how many were placed.
 */
export function healImportedOrphans(db: Db): number {
  const waiting = statement<[], { id: number; target_source: string; target_file: string | null }>(
    db,
    `SELECT id, target_source, target_file FROM annotations
     WHERE orphan = 1 AND deleted_at IS NULL AND document_id IS NULL AND target_source IS NOT NULL`
  ).all()
  let placed = 0
  db.transaction(() => {
    for (const w of waiting) {
      const target = findReport(db, w.target_source, w.target_file ?? '')
      if (!target) continue
      const row = getAnnotation(db, w.id)
      const text = sectionText(db, target.reportId)
      const anchor = text === undefined ? null : reanchor(text, { ...row, start: row.start, end: row.end })
      if (!anchor || anchor.how === 'fuzzy') continue
      const sel = selectorsFor(text as string, anchor.start, anchor.end)
      statement(
        db,
        `UPDATE annotations SET report_id = ?, document_id = ?, report_key = ?, start = ?, end = ?, prefix = ?,
           suffix = ?, orphan = 0 WHERE id = ?`
      ).run(
        target.reportId,
        target.documentId,
        reportKeyOf(db, target.reportId),
        sel.start,
        sel.end,
        sel.prefix,
        sel.suffix,
        w.id
      )
      placed++
    }
  }).immediate()
  return placed
}
