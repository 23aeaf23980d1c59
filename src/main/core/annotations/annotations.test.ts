import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exportAnnotations, Library } from '../library'
import { importJsonLd } from './exchange'
import {
  addAnnotation,
  deleteAnnotation,
  listAnnotations,
  listTags,
  restoreAnnotation,
  updateAnnotation,
} from './store'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

function suiningId(lib: Library): number {
  return lib.listReports().find((r) => r.district === '睢宁')!.id
}

function annotateSample(lib: Library) {
  const id = suiningId(lib)
  const text = lib.getReport(id).text
  const at = (s: string): [number, number] => [text.indexOf(s), text.indexOf(s) + s.length]
  const [s1, e1] = at('1.6亿元')
  const [s2, e2] = at('佰斯拓工业风机研发制造项目')
  const first = addAnnotation(lib.db, {
    reportId: id,
    start: s1,
    end: e1,
    note: '**总投资** 1.6亿',
    tags: ['投资', '睢宁'],
  })
  const second = addAnnotation(lib.db, { reportId: id, start: s2, end: e2, color: 'green', tags: ['项目'] })
  return { id, first, second }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-annotations-'))
  library = new Library(join(dir, 'a'))
  copyFileSync(SAMPLE, join(dir, 'roundup.txt'))
  await library.importPaths([join(dir, 'roundup.txt')])
})
afterEach(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('annotations in the library', () => {
  it('stores selectors, note and tags; edits, deletes and undoes', async () => {
    const { id, first } = annotateSample(library)
    expect(first).toMatchObject({
      reportId: id,
      exact: '1.6亿元',
      color: 'yellow',
      tags: ['投资', '睢宁'],
      orphan: false,
    })
    expect(library.getReport(id).text.slice(first.start!, first.end!)).toBe('1.6亿元')
    expect(updateAnnotation(library.db, { id: first.id, color: 'pink', tags: ['重点'] })).toMatchObject({
      color: 'pink',
      tags: ['重点'],
    })
    deleteAnnotation(library.db, first.id)
    expect(listAnnotations(library.db).map((a) => a.id)).not.toContain(first.id)
    restoreAnnotation(library.db, first.id)
    expect(listAnnotations(library.db, { color: 'pink' })).toHaveLength(1)
    expect(listTags(library.db)).toEqual(
      expect.arrayContaining([
        { tag: '项目', count: 1 },
        { tag: '重点', count: 1 },
      ])
    )
  })

  it('finds annotations by their text, note and tags, and filters reports by tag, colour and notes', async () => {
    annotateSample(library)
    expect(listAnnotations(library.db, { query: '總投資' })).toHaveLength(1)
    expect(library.search('tag:项目').total).toBe(1)
    expect(library.search('color:green 佰斯拓').total).toBe(1)
    expect(library.search('color:purple').total).toBe(0)
    expect(library.search('has:notes').hits.map((h) => h.district)).toEqual(['睢宁'])
    expect(library.search('in:notes 总投资').total).toBe(1)
    expect(library.search('in:notes 招商').total).toBe(0)
  })

  it('refuses a passage outside the report', async () => {
    expect(() => addAnnotation(library.db, { reportId: suiningId(library), start: 5, end: 100000 })).toThrow(
      /BAD_REQUEST/u
    )
  })
})

describe('export and import', () => {
  it('round-trips JSON-LD into a fresh library holding the same documents, losslessly', async () => {
    annotateSample(library)
    const exported = exportAnnotations(library.db, 'jsonld')
    const doc = JSON.parse(exported) as {
      items: { type: string; target: { selector: { type: string }[] } }[]
    }
    expect(doc.items[0]!.type).toBe('Annotation')
    expect(doc.items[0]!.target.selector.map((s) => s.type)).toEqual([
      'TextQuoteSelector',
      'TextPositionSelector',
    ])

    const other = new Library(join(dir, 'b'))
    await other.importPaths([SAMPLE])
    expect(importJsonLd(other.db, exported)).toEqual({ imported: 2, orphans: 0, skipped: 0, reasons: {} })
    const strip = (l: Library) =>
      listAnnotations(l.db).map(({ id: _id, documentId: _d, file: _f, ...rest }) => rest)
    expect(strip(other)).toEqual(strip(library))
    expect(importJsonLd(other.db, exported).skipped).toBe(2)
    other.close()
  })

  it('writes Markdown with quote, note, tags and citation, and CSV with quoting', async () => {
    annotateSample(library)
    const md = exportAnnotations(library.db, 'md')
    expect(md).toContain('> 1.6亿元')
    expect(md).toContain('**总投资** 1.6亿')
    expect(md).toContain('#投资')
    expect(md).toContain('睢宁，2023-01-26，徐州发布')
    const csv = exportAnnotations(library.db, 'csv')
    expect(csv.split('\r\n')[0]).toContain('exact')
    expect(csv).toContain('佰斯拓工业风机研发制造项目')
  })
})

describe('a changed version of the same file', () => {
  it('keeps report ids, re-anchors what moved and keeps what was deleted as an orphan', async () => {
    const { id, first, second } = annotateSample(library)
    const before = library.listReports().map((r) => [r.id, r.district])
    const file = join(dir, 'roundup.txt')
    const changed = readFileSync(file, 'utf8')
      .replace('1月26日上午,在睢宁县', '（更正）1月26日上午,在睢宁县')
      .replace('总投资1.6亿元', '总投资2亿元')
    writeFileSync(file, changed)
    const summary = await library.importPaths([file])
    expect(summary).toMatchObject({ documents: 1, reports: 9, failed: [] })
    expect(library.listReports().map((r) => [r.id, r.district])).toEqual(before)
    const after = listAnnotations(library.db)
    expect(after).toHaveLength(2)
    const moved = after.find((a) => a.id === second.id)!
    expect(moved.orphan).toBe(false)
    expect(library.getReport(id).text.slice(moved.start!, moved.end!)).toBe('佰斯拓工业风机研发制造项目')
    const orphan = after.find((a) => a.id === first.id)!
    expect(orphan).toMatchObject({ orphan: true, exact: '1.6亿元', note: '**总投资** 1.6亿' })
    const versions = library.db.prepare('SELECT count(*) AS n FROM document_versions').get() as { n: number }
    expect(versions.n).toBe(1)
  })
})
