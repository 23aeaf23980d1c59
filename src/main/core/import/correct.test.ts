/**
 * Fixing a split: corrections are stored over the derived sections, survive a re-import of the
 * file, keep annotations on their text (a merge or split moves them), and never touch the original.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseArgs } from '../../../shared/api'
import { addAnnotation, getAnnotation } from '../annotations/store'
import { Library, libraryHandlers } from '../library'
import { correctReport, mergeReport, splitReport } from './correct'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-correct-'))
  library = new Library(join(dir, 'data'))
})
afterEach(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

const report = (district: string) => library.listReports().find((r) => r.district === district)!
const annotate = (reportId: number, quote: string) => {
  const text = library.getReport(reportId).text
  const start = text.indexOf(quote)
  return addAnnotation(library.db, { reportId, start, end: start + quote.length, note: '要核实' })
}

describe('corrections of a split', () => {
  it('sets a district, date and headline, keeps them through a re-import, and leaves the original alone', async () => {
    const file = join(dir, 'roundup.txt')
    writeFileSync(file, readFileSync(SAMPLE))
    await library.importPaths([file])
    const before = library.original(1)
    const kaifa = report('徐州经济技术开发区')
    correctReport(library.db, kaifa.id, {
      district: '铜山区',
      date: '2023-01-29',
      headline: '经开区项目复工',
    })
    const corrected = library.getReport(kaifa.id)
    expect(corrected).toMatchObject({
      district: '铜山区',
      date: '2023-01-29',
      dateOrigin: 'user',
      headline: '经开区项目复工',
    })
    expect(corrected.text).toContain('大年初四起又有徐工环卫')
    expect(library.original(1).equals(before)).toBe(true)

    // The same file with one changed sentence: a new version, corrections applied again.
    writeFileSync(file, readFileSync(SAMPLE, 'utf8').replace('近千名工人', '一千余名工人'))
    expect((await library.importPaths([file])).documents).toBe(1)
    const again = library.listReports().filter((r) => r.district === '铜山区')
    expect(again.map((r) => r.date).sort()).toEqual(['2023-01-27', '2023-01-29'])
    expect(library.getReport(again.find((r) => r.date === '2023-01-29')!.id).text).toContain('一千余名工人')
  })

  it('merges a report with the next one and keeps the annotations of both on their text', async () => {
    await library.importPaths([SAMPLE])
    const pei = report('沛县')
    const suining = report('睢宁')
    const note = annotate(suining.id, '佰斯拓工业风机研发制造项目成功签约')
    mergeReport(library.db, pei.id)
    expect(library.counts().reports).toBe(8)
    const merged = library.getReport(pei.id)
    expect(merged.text).toContain('大项目落户睢宁县庆安镇')
    const moved = getAnnotation(library.db, note.id)
    expect(moved).toMatchObject({ reportId: pei.id, orphan: false })
    expect(merged.text.slice(moved.start!, moved.end!)).toBe('佰斯拓工业风机研发制造项目成功签约')
  })

  it('splits a report at a paragraph into a new district report, taking its annotations along', async () => {
    const file = join(dir, 'two-in-one.txt')
    writeFileSync(
      file,
      '2023年\n沛县\n沛县项目签约\n1月26日，沛县经济开发区签约三个项目。\n1月27日，丰县召开招商大会，签约金额12亿元。\n'
    )
    await library.importPaths([file])
    const pei = report('沛县')
    const note = annotate(pei.id, '丰县召开招商大会')
    const text = library.getReport(pei.id).text.split('\n')
    const newId = splitReport(
      library.db,
      pei.id,
      text.findIndex((l) => l.includes('丰县召开')),
      '丰县'
    )
    expect(library.listReports().map((r) => [r.district, r.date])).toEqual([
      ['沛县', '2023-01-26'],
      ['丰县', '2023-01-27'],
    ])
    expect(library.getReport(pei.id).text).not.toContain('丰县召开')
    expect(getAnnotation(library.db, note.id)).toMatchObject({ reportId: newId, orphan: false })
    expect(library.search('丰县召开招商大会').hits.map((h) => h.district)).toEqual(['丰县'])
  })

  it('makes the lead a report when it is given a district', async () => {
    await library.importPaths([SAMPLE])
    const lead = library.db.prepare<[], { id: number }>("SELECT id FROM sections WHERE kind = 'lead'").get()!
    expect(() => correctReport(library.db, lead.id, { headline: 'x' })).toThrow(/BAD_REQUEST/u)
    correctReport(library.db, lead.id, { district: '徐州经济技术开发区' })
    expect(library.getReport(lead.id).kind).toBe('report')
    expect(library.counts().reports).toBe(10)
  })

  it('refuses what cannot be done with a sentence, and the API refuses impossible dates', async () => {
    await library.importPaths([SAMPLE])
    const pei = report('沛县')
    expect(() => splitReport(library.db, pei.id, 0, '丰县')).toThrow(/BAD_REQUEST: line 0/u)
    expect(() => correctReport(library.db, 9999, { district: '丰县' })).toThrow(/NOT_FOUND/u)
    const closing = library.db
      .prepare<[], { id: number }>("SELECT id FROM sections WHERE kind = 'closing'")
      .get()!
    expect(() => mergeReport(library.db, closing.id)).toThrow(/nothing after it/u)
    expect(parseArgs('correctReport', { id: pei.id, date: '2023-02-30' }).ok).toBe(false)
    expect(parseArgs('correctReport', { id: pei.id, date: '2023-02-28' }).ok).toBe(true)
    const handlers = libraryHandlers(library)
    expect((await handlers.correctReport({ id: pei.id, date: '2023-02-28' })).date).toBe('2023-02-28')
  })
})

describe('the import preview', () => {
  it('shows how a file would split without importing it, and the refusal a bad file would get', async () => {
    const handlers = libraryHandlers(library)
    const [good, bad] = await handlers.previewImport({
      files: [
        { name: 'sample.txt', dataBase64: readFileSync(SAMPLE).toString('base64') },
        { name: 'scan.pdf', dataBase64: Buffer.from('%PDF-1.4 nothing').toString('base64') },
      ],
    })
    expect(good!.error).toBeNull()
    expect(good!.reports.map((r) => r.district)).toEqual([
      '沛县',
      '睢宁',
      '邳州',
      '新沂',
      '铜山区',
      '鼓楼区',
      '云龙区',
      '泉山区',
      '徐州经济技术开发区',
    ])
    expect(good!.reports[1]).toMatchObject({
      city: '徐州市',
      date: '2023-01-26',
      headline: '总投资1.6亿元 / 大项目落户睢宁县庆安镇',
    })
    expect(good).toMatchObject({ hasLead: true, hasClosing: true })
    expect(bad!.error?.code).toBe('DOCUMENT_DAMAGED')
    expect(library.counts().documents).toBe(0)
  })
})
