/** Issue 17, "Hostile input": every way in validates alike, and exports cannot inject. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked } from 'marked'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NOTE_MAX_CHARS, parseArgs, TAG_MAX_CHARS, TAGS_MAX } from '../../../shared/api'
import { CodedError, toApiError } from '../../../shared/result'
import { exportAnnotations, Library } from '../library'
import { csvField, importJsonLd } from './exchange'
import { addAnnotation, listAnnotations, updateAnnotation } from './store'
import { parseCsv } from '../test-support/csv'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-hostile-'))
  library = new Library(join(dir, 'a'))
  copyFileSync(SAMPLE, join(dir, 'roundup.txt'))
  await library.importPaths([join(dir, 'roundup.txt')])
})
afterEach(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

function suining(): { id: number; text: string } {
  const id = library.listReports().find((r) => r.district === '睢宁')!.id
  return { id, text: library.getReport(id).text }
}

function annotate(note: string, tags: string[] = []) {
  const { id, text } = suining()
  const start = text.indexOf('1.6亿元')
  return addAnnotation(library.db, { reportId: id, start, end: start + 5, note, tags })
}

/** One exported annotation, as JSON, to be made hostile and imported into a second library. */
function exportedItem(): Record<string, unknown> & { body: Record<string, unknown>[] } {
  annotate('原注')
  const item = (JSON.parse(exportAnnotations(library.db, 'jsonld')) as { items: unknown[] }).items[0]
  return item as Record<string, unknown> & { body: Record<string, unknown>[] }
}

async function importInto(items: unknown[]) {
  const other = new Library(join(dir, 'b'))
  await other.importPaths([SAMPLE])
  try {
    const result = importJsonLd(other.db, JSON.stringify({ type: 'AnnotationCollection', items }))
    return { result, annotations: listAnnotations(other.db) }
  } finally {
    other.close()
  }
}

describe('JSON-LD import applies the API limits', () => {
  it('clips a 5 MB note, drops tags the schema refuses, cuts 303 tags to the limit, counting why', async () => {
    const item = exportedItem()
    const bodies = item.body.filter((b) => b.purpose !== 'tagging' && b.purpose !== 'commenting')
    item.body = [
      { type: 'TextualBody', purpose: 'commenting', value: '睢宁'.repeat(2_500_000) },
      { type: 'TextualBody', purpose: 'tagging', value: '长'.repeat(200_000) },
      { type: 'TextualBody', purpose: 'tagging', value: '   ' },
      { type: 'TextualBody', purpose: 'tagging', value: '第一行\n第二行' },
      { type: 'TextualBody', purpose: 'tagging', value: 42 },
      { type: 'TextualBody', purpose: 'tagging', value: '  投资  ' },
      ...Array.from({ length: 299 }, (_, i) => ({
        type: 'TextualBody',
        purpose: 'tagging',
        value: `标签${i}`,
      })),
      ...bodies,
    ]
    const { result, annotations } = await importInto([item])
    expect(result).toMatchObject({
      imported: 1,
      skipped: 0,
      reasons: { noteClipped: 1, tagRefused: 4, tagsClipped: 1 },
    })
    const [a] = annotations
    expect(a!.note).toHaveLength(NOTE_MAX_CHARS)
    expect(a!.tags).toHaveLength(TAGS_MAX)
    expect(a!.tags).toContain('投资')
    for (const tag of a!.tags) {
      expect(tag.length).toBeLessThanOrEqual(TAG_MAX_CHARS)
      expect(tag).toBe(tag.trim())
      expect(tag).not.toMatch(/[\n\r]/u)
    }
  })

  it('keeps real ISO dates and replaces anything else with the import time', async () => {
    const before = Date.now()
    const a = exportedItem()
    const b = { ...a, id: 'urn:uuid:other-1', created: '昨天', modified: '2023-02-30T00:00:00Z' }
    const c = { ...a, id: 'urn:uuid:other-2', created: { $date: 1 }, modified: 1674700000000 }
    const d = { ...a, id: 'urn:uuid:other-3', created: '2023-01-26T09:30:00+08:00' }
    delete (d as { modified?: unknown }).modified
    const { result, annotations } = await importInto([a, b, c, d])
    expect(result).toMatchObject({ imported: 4, reasons: { dateReplaced: 2 } })
    const byUuid = new Map(annotations.map((x) => [x.uuid, x]))
    expect(byUuid.get(String(a.id).slice('urn:uuid:'.length))!.createdAt).toBe(a.created)
    for (const uuid of ['other-1', 'other-2']) {
      const { createdAt, modifiedAt } = byUuid.get(uuid)!
      for (const date of [createdAt, modifiedAt]) {
        expect(new Date(date).toISOString()).toBe(date)
        expect(Date.parse(date)).toBeGreaterThanOrEqual(before - 1000)
      }
    }
    expect(byUuid.get('other-3')).toMatchObject({
      createdAt: '2023-01-26T01:30:00.000Z',
      modifiedAt: '2023-01-26T01:30:00.000Z',
    })
  })

  it('skips items without a usable id or quote and replaces unknown colours, with counted reasons', async () => {
    const item = exportedItem()
    const items = [
      { ...item, id: 'urn:uuid:' + 'x'.repeat(5000) },
      { ...item, id: 'urn:uuid:bad\nid' },
      { ...item, id: 'urn:uuid:no-target', target: 'urn:x' },
      { ...item, id: 'urn:uuid:bad-selectors', target: { selector: [null, 5, 'x'] } },
      {
        ...item,
        id: 'urn:uuid:long-quote',
        target: { selector: { type: 'TextQuoteSelector', exact: 'x'.repeat(200_001) } },
      },
      {
        ...item,
        id: 'urn:uuid:red',
        body: { type: 'TextualBody', purpose: 'highlighting', value: 'red' },
        target: {
          selector: { type: 'TextQuoteSelector', exact: '孤立', prefix: 7, suffix: 'y'.repeat(1000) },
        },
      },
      { ...item, id: 'urn:uuid:red', body: [null, 'x'] },
    ]
    const { result, annotations } = await importInto(items)
    expect(result).toEqual({
      imported: 1,
      orphans: 1,
      skipped: 6,
      reasons: { badId: 2, noQuote: 2, quoteTooLong: 1, colorReplaced: 1, duplicate: 1 },
    })
    expect(annotations[0]).toMatchObject({ uuid: 'red', color: 'yellow', orphan: true, prefix: '' })
    expect(annotations[0]!.suffix.length).toBeLessThanOrEqual(32)
  })

  it('answers BAD_REQUEST, never INTERNAL, for null or non-object items', async () => {
    for (const content of [
      'null',
      '5',
      '"annotations"',
      'true',
      '[null]',
      '[1, 2]',
      '{"items": null}',
      '{"items": "x"}',
      '{"items": [null]}',
      '{"type": "AnnotationCollection", "items": [{"id": "urn:uuid:a"}, ["x"]]}',
      '{"@context": "http://www.w3.org/ns/anno.jsonld"}',
    ]) {
      let error: unknown
      try {
        importJsonLd(library.db, content)
      } catch (err) {
        error = err
      }
      expect(error, content).toBeInstanceOf(CodedError)
      expect(toApiError(error), content).toMatchObject({ code: 'BAD_REQUEST' })
    }
    expect(listAnnotations(library.db)).toHaveLength(0)
  })
})

describe('the same limits for every other way in', () => {
  it('refuses multi-line and blank tags in the API schema and in the store (the CLI path)', async () => {
    const { id } = suining()
    expect(parseArgs('addAnnotation', { reportId: id, start: 0, end: 1, tags: ['a\nb'] }).ok).toBe(false)
    expect(parseArgs('addAnnotation', { reportId: id, start: 0, end: 1, tags: ['  '] }).ok).toBe(false)
    expect(() => annotate('', ['第一行\n第二行'])).toThrow(/BAD_REQUEST/u)
    expect(() => annotate('x'.repeat(NOTE_MAX_CHARS + 1))).toThrow(/BAD_REQUEST/u)
    expect(() =>
      annotate(
        '',
        Array.from({ length: TAGS_MAX + 1 }, (_, i) => `t${i}`)
      )
    ).toThrow(/BAD_REQUEST/u)
    const ok = annotate('', ['  投资 '])
    expect(ok.tags).toEqual(['投资'])
    expect(() => updateAnnotation(library.db, { id: ok.id, tags: ['x'.repeat(TAG_MAX_CHARS + 1)] })).toThrow(
      /BAD_REQUEST/u
    )
  })
})

const HOSTILE_NOTE = [
  '睢宁县<img src=x onerror=alert(1)>投资',
  '<script>alert("批注")</script>',
  '',
  '## 伪造的标题',
  '</sub></blockquote><iframe src="javascript:alert(1)">',
  '[点我](javascript:alert(1)) 和 [再点](JavaScript\\:alert(2))',
  '```',
  '未闭合的代码块',
].join('\n')

describe('Markdown export cannot inject', () => {
  it('escapes HTML in notes, quotes, tags and dates, and keeps each note inside its block quote', async () => {
    const a = annotate(HOSTILE_NOTE, ['<b>重点</b>', '#伪标题'])
    library.db
      .prepare('UPDATE annotations SET created_at = ? WHERE id = ?')
      .run('2023-01-26<img src=y onerror=alert(3)>', a.id)
    importJsonLd(
      library.db,
      JSON.stringify({
        type: 'Annotation',
        id: 'urn:uuid:orphan-quote',
        target: {
          selector: [{ type: 'TextQuoteSelector', exact: '徐州<svg onload=alert(4)>\n# 标题\n- 列表' }],
        },
      })
    )
    const md = exportAnnotations(library.db, 'md')
    expect(md).not.toMatch(/<(?:img|script|iframe|svg|b)\b/iu)
    expect(md).not.toMatch(/javascript\\?:/iu)
    expect(md).toContain('睢宁县&lt;img src=x onerror=alert(1)&gt;投资')
    expect(md).toContain('2023-01-26&lt;img src=y onerror=alert(3)&gt;')
    expect(md).toContain('&lt;b&gt;重点&lt;/b&gt;')
    expect(md).toContain('徐州&lt;svg onload=alert(4)&gt;')

    // Rendered, the export has only our own headings and elements; the note stays in its quote.
    const tokens = marked.lexer(md)
    const headings = tokens.filter((t) => t.type === 'heading').map((t) => (t as { text: string }).text)
    expect(headings).toHaveLength(5) // title, document, report, orphan document, orphans
    expect(headings).not.toContain('伪造的标题')
    const html = marked.parse(md, { async: false })
    expect(html).not.toMatch(/<(?:img|script|iframe|svg)\b/iu)
    expect(html).not.toMatch(/href="\s*(?:javascript|vbscript|data):/iu)
    expect(html.match(/<sub>/gu)).toHaveLength(2)
    const noteQuote = tokens.find((t) => t.type === 'blockquote' && t.raw.includes('批注'))!
    expect(noteQuote.raw).toContain('伪造的标题')
    expect(noteQuote.raw).toContain('未闭合的代码块')
    expect(
      noteQuote.raw
        .trimEnd()
        .split('\n')
        .every((line) => line.startsWith('>'))
    ).toBe(true)
  })

  it('keeps ordinary Chinese text, numbers and note Markdown readable', async () => {
    annotate('**总投资** 1.6亿\n- 第一\n- 第二', ['投资'])
    const md = exportAnnotations(library.db, 'md')
    expect(md).toContain('> 1.6亿元')
    expect(md).toContain('> **总投资** 1.6亿')
    expect(md).toContain('> - 第二')
    expect(md).toContain('#投资')
  })
})

describe('CSV export cannot inject', () => {
  const FORMULAS = [
    '=HYPERLINK("http://x.example","点我")',
    '+1+1',
    '-2+3睢宁',
    '@SUM(A1)',
    '\t=1+1',
    '\r=1+1',
    '  =1+1',
    '＝1+1',
    "=cmd|' /C calc'!A0",
  ]

  it('prefixes a single quote to every cell a spreadsheet would read as a formula', async () => {
    for (const [i, note] of FORMULAS.entries()) annotate(`${note}`, [`=标签${i}`])
    annotate('睢宁=1+1，"引号"，逗号,换行\n第二行', ['投资'])
    const rows = parseCsv(exportAnnotations(library.db, 'csv').replace(/^\uFEFF/u, ''))
    const header = rows[0]!
    const note = header.indexOf('note')
    const tags = header.indexOf('tags')
    expect(rows).toHaveLength(FORMULAS.length + 2)
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(header.length)
      for (const cell of row) expect(cell).not.toMatch(/^(?:[=+\-@\t\r\n]|\s*[=+\-@＝＋－＠])/u)
    }
    const notes = rows.slice(1).map((r) => r[note])
    for (const formula of FORMULAS) expect(notes).toContain(`'${formula}`)
    expect(notes).toContain('睢宁=1+1，"引号"，逗号,换行\n第二行')
    expect(rows.slice(1).map((r) => r[tags])).toContain("'=标签0")
  })

  it('leaves ordinary cells and numbers alone and quotes only where CSV needs it', async () => {
    expect(csvField('睢宁县总投资1.6亿元')).toBe('睢宁县总投资1.6亿元')
    expect(csvField('2023-01-26')).toBe('2023-01-26')
    expect(csvField(-3)).toBe('-3')
    expect(csvField(null)).toBe('')
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('-1,5')).toBe(`"'-1,5"`)
    expect(csvField('@"x"')).toBe(`"'@""x"""`)
  })
})
