/**
 * Document identity: a file never silently replaces another. Two cities' roundup.txt stay two
 * documents; a changed copy of the same roundup becomes a new version, with a summary of what
 * changed; a CLI import and a UI upload are one document when the user says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addAnnotation, getAnnotation } from '../annotations/store'
import { Library, libraryHandlers } from '../library'

let dir: string
let library: Library

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-identity-'))
  library = new Library(join(dir, 'data'))
})
afterEach(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

const upload = (text: string, extra: Record<string, unknown> = {}) => ({
  name: 'roundup.txt',
  dataBase64: Buffer.from(text).toString('base64'),
  ...extra,
})
const YANGZHOU =
  '扬州各地\n2024-02-18 来源：扬州发布\n广陵区\n广陵项目推进\n2月17日，广陵区召开全区重大项目推进会，部署全年重点项目建设任务。\n邗江区\n邗江集中开工\n2月18日，邗江区举行重大项目集中开工活动。\n'
const ZHENJIANG =
  '镇江各地\n2024-04-20 来源：镇江日报\n京口区\n京口项目签约\n4月19日，京口区举行项目签约仪式。\n丹阳市\n丹阳集中开工\n4月18日，丹阳市举行一季度重大项目集中开工活动。\n'

describe('files with the same name', () => {
  it('stay two documents when their districts differ, and the preview says a namesake exists', async () => {
    const handlers = libraryHandlers(library)
    await handlers.importFiles({ files: [upload(YANGZHOU)] })
    const [preview] = await handlers.previewImport({ files: [upload(ZHENJIANG)] })
    expect(preview!.sameName).toMatchObject({ documentId: 1, sameDistricts: false })
    const second = await handlers.importFiles({ files: [upload(ZHENJIANG)] })
    expect(second.files?.[0]).toMatchObject({ outcome: 'new', reports: 2 })
    expect(library.counts()).toEqual({ documents: 2, reports: 4 })
    expect(library.search('广陵').total).toBeGreaterThan(0)
    expect(library.search('京口').total).toBeGreaterThan(0)
  })

  it('make a new version when the districts match, and say what changed', async () => {
    const handlers = libraryHandlers(library)
    await handlers.importFiles({ files: [upload(YANGZHOU)] })
    const guangling = library.listReports().find((r) => r.district === '广陵区')!
    const quote = '召开全区重大项目推进会，部署全年重点项目建设任务'
    const text = library.getReport(guangling.id).text
    const note = addAnnotation(library.db, {
      reportId: guangling.id,
      start: text.indexOf(quote),
      end: text.indexOf(quote) + quote.length,
      note: '核实',
    })
    const changed = YANGZHOU.replace('部署全年重点项目建设任务', '部署全年重点项目建设工作')
    const [preview] = await handlers.previewImport({ files: [upload(changed)] })
    expect(preview!.sameName).toMatchObject({ documentId: 1, sameDistricts: true })
    const result = await handlers.importFiles({ files: [upload(changed)] })
    expect(result.files?.[0]).toMatchObject({
      outcome: 'version',
      documentId: 1,
      districtsAdded: [],
      districtsRemoved: [],
      annotations: { exact: 0, fuzzy: 1, orphaned: 0 },
    })
    expect(result.files?.[0]?.check[0]).toMatchObject({ annotationId: note.id, reportId: guangling.id })
    expect(getAnnotation(library.db, note.id).exact).toContain('建设工作')
    expect(library.counts().documents).toBe(1)
  })

  it('joins a CLI import and a changed UI upload as versions of one document when the user says so', async () => {
    const file = join(dir, 'roundup.txt')
    writeFileSync(file, YANGZHOU)
    await library.importPaths([file])
    const handlers = libraryHandlers(library)
    const withNew = `${YANGZHOU}江都区\n江都开门红\n2月16日，江都区召开招商引资工作会议。\n`
    const [preview] = await handlers.previewImport({ files: [upload(withNew)] })
    expect(preview!.sameName).toMatchObject({ documentId: 1, file, sameDistricts: false })
    const result = await handlers.importFiles({ files: [upload(withNew, { as: 'version', versionOf: 1 })] })
    expect(result.files?.[0]).toMatchObject({ outcome: 'version', districtsAdded: ['江都区'] })
    expect(library.counts()).toEqual({ documents: 1, reports: 3 })
    const separate = await handlers.importFiles({
      files: [upload(withNew.replace('开门红', '开门稳'), { as: 'new' })],
    })
    expect(separate.files?.[0]).toMatchObject({ outcome: 'new' })
    expect(library.counts().documents).toBe(2)
  })

  it('refuses to make a file a version of a document that does not exist', async () => {
    const result = await libraryHandlers(library).importFiles({
      files: [upload(YANGZHOU, { as: 'version', versionOf: 42 })],
    })
    expect(result.failed[0]).toMatchObject({ code: 'NOT_FOUND' })
    expect(library.counts().documents).toBe(0)
  })
})

describe('a file without a year', () => {
  it('is previewed as needing one, and takes the year the user gives', async () => {
    const handlers = libraryHandlers(library)
    const text = '县区简讯\n高淳区\n高淳慢城项目开工\n3月8日，高淳区慢城项目开工。\n'
    const [preview] = await handlers.previewImport({ files: [upload(text)] })
    expect(preview!.needsYear).toBe(true)
    expect(preview!.reports[0]).toMatchObject({ date: null, monthDay: '03-08' })
    await handlers.importFiles({ files: [upload(text, { year: 2022 })] })
    expect(library.listReports()[0]!.date).toBe('2022-03-08')
  })
})
