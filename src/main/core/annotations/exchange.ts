/**
 * Annotations out and in: Markdown (grouped by document and report, with citations), CSV, and
 * W3C Web Annotation JSON-LD. Importing JSON-LD finds each target report by its document's
 * content hash (or, for a changed document, its file name and the report's district), then places
 * the annotation by position, quote or fuzzy quote; what cannot be placed is kept as an orphan.
 */
import type { Annotation, ColorName } from '../../../shared/api'
import { colorNames } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { reanchor, selectorsFor } from './anchor'
import { listAnnotations, reportKeyOf } from './store'

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

export function exportMarkdown(db: Db): string {
  const out: string[] = ['# 批注 Annotations', '']
  let lastDocument: number | null | undefined
  let lastReport: number | null | undefined
  for (const a of listAnnotations(db)) {
    if (a.documentId !== lastDocument) {
      const doc = documentOf(db, a.documentId)
      out.push(`## ${doc?.title ?? '（未知文件）'}`, '')
      lastDocument = a.documentId
      lastReport = undefined
    }
    if (a.reportId !== lastReport) {
      out.push(
        `### ${a.orphan ? '未能定位的批注（orphans）' : `${a.district ?? ''} ${a.headline}`.trim()}`,
        ''
      )
      lastReport = a.reportId
    }
    out.push(...a.exact.split('\n').map((line) => `> ${line}`))
    out.push('', `— ${citation(a) || '出处不详'}${a.orphan ? '（原文已改动，未能定位）' : ''}`)
    if (a.note.trim()) out.push('', a.note.trim())
    if (a.tags.length > 0) out.push('', a.tags.map((t) => `#${t}`).join(' '))
    out.push('', `<sub>${a.color} · ${a.createdAt}</sub>`, '')
  }
  return out.join('\n')
}

function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value)
  return /[",\n\r]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s
}

export function exportCsv(db: Db): string {
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
  const rows = listAnnotations(db).map((a) =>
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

export function exportJsonLd(db: Db): string {
  const items = listAnnotations(db).map((a) => {
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

interface ImportedItem {
  id?: unknown
  created?: unknown
  modified?: unknown
  body?: unknown
  target?: {
    source?: unknown
    selector?: unknown
    'dcterms:source'?: unknown
  }
}

const asString = (v: unknown): string => (typeof v === 'string' ? v : '')

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

export function importJsonLd(
  db: Db,
  content: string
): { imported: number; orphans: number; skipped: number } {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    throw new CodedError(
      'BAD_REQUEST',
      'BAD_REQUEST: the file is not JSON; choose a W3C Web Annotation JSON-LD export.'
    )
  }
  const items: ImportedItem[] = Array.isArray(parsed)
    ? (parsed as ImportedItem[])
    : Array.isArray((parsed as { items?: unknown }).items)
      ? (parsed as { items: ImportedItem[] }).items
      : (parsed as { type?: unknown }).type === 'Annotation'
        ? [parsed as ImportedItem]
        : []
  if (items.length === 0 && !Array.isArray((parsed as { items?: unknown }).items))
    throw new CodedError('BAD_REQUEST', 'BAD_REQUEST: no W3C Web Annotations were found in this file.')
  let imported = 0
  let orphans = 0
  let skipped = 0
  db.transaction(() => {
    for (const item of items) {
      const uuid = asString(item.id).replace(/^urn:uuid:/u, '')
      if (
        !uuid ||
        statement<[string], { id: number }>(db, 'SELECT id FROM annotations WHERE uuid = ?').get(uuid)
      ) {
        skipped++
        continue
      }
      const selectors = Array.isArray(item.target?.selector)
        ? (item.target.selector as Record<string, unknown>[])
        : []
      const quote = selectors.find((s) => s.type === 'TextQuoteSelector') ?? {}
      const position = selectors.find((s) => s.type === 'TextPositionSelector')
      const bodies = Array.isArray(item.body) ? (item.body as Record<string, unknown>[]) : []
      const note = asString(bodies.find((b) => b.purpose === 'commenting')?.value)
      const tags = bodies
        .filter((b) => b.purpose === 'tagging')
        .map((b) => asString(b.value))
        .filter(Boolean)
      const colorValue = asString(bodies.find((b) => b.purpose === 'highlighting')?.value)
      const color: ColorName = (colorNames as readonly string[]).includes(colorValue)
        ? (colorValue as ColorName)
        : 'yellow'
      const sel = {
        exact: asString(quote.exact),
        prefix: asString(quote.prefix),
        suffix: asString(quote.suffix),
        start: typeof position?.start === 'number' ? position.start : null,
        end: typeof position?.end === 'number' ? position.end : null,
      }
      if (!sel.exact) {
        skipped++
        continue
      }
      const target = findReport(db, asString(item.target?.source), asString(item.target?.['dcterms:source']))
      const text = target
        ? statement<[number], { text: string }>(db, 'SELECT text FROM sections WHERE id = ?').get(
            target.reportId
          )?.text
        : undefined
      const anchor = text !== undefined ? reanchor(text, sel) : null
      const placed = anchor ? selectorsFor(text as string, anchor.start, anchor.end) : null
      const now = new Date().toISOString()
      const result = statement(
        db,
        `INSERT INTO annotations (uuid, report_id, document_id, report_key, start, end, exact, prefix, suffix, color, note,
           orphan, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
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
        asString(item.created) || now,
        asString(item.modified) || asString(item.created) || now
      )
      const id = Number(result.lastInsertRowid)
      for (const tag of new Set(tags))
        statement(db, 'INSERT INTO annotation_tags (annotation_id, tag) VALUES (?, ?)').run(id, tag)
      imported++
      if (!placed) orphans++
    }
  })()
  return { imported, orphans, skipped }
}
