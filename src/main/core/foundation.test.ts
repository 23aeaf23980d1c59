/** The foundation issue's acceptance checks, end to end on a real library file. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from './library'

const SAMPLE = join(__dirname, '../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-foundation-'))
  library = new Library(join(dir, 'data'))
})
afterEach(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the bundled sample', () => {
  it('gives the nine district reports in order with dates and sources', async () => {
    const summary = await library.importPaths([SAMPLE])
    expect(summary).toMatchObject({ documents: 1, reports: 9, skipped: 0, failed: [] })
    const reports = library.listReports()
    expect(reports.map((r) => [r.district, r.date])).toEqual([
      ['沛县', '2023-01-26'],
      ['睢宁', '2023-01-26'],
      ['邳州', '2023-01-27'],
      ['新沂', '2023-01-27'],
      ['铜山区', '2023-01-27'],
      ['鼓楼区', '2023-01-28'],
      ['云龙区', '2023-01-20'],
      ['泉山区', '2023-01-21'],
      ['徐州经济技术开发区', null],
    ])
    expect(new Set(reports.map((r) => r.source))).toEqual(new Set(['徐州发布']))
    const suining = library.getReport(reports[1]!.id)
    expect(suining.headline).toBe('总投资1.6亿元 / 大项目落户睢宁县庆安镇')
    expect(suining.text).toContain('佰斯拓工业风机研发制造项目')
    const last = library.getReport(reports[8]!.id)
    expect(last.text).not.toContain('新的一年')
    expect(last.text).not.toContain('来源')
  })

  it('keeps the lead and the closing as sections, covering every line once', async () => {
    await library.importPaths([SAMPLE])
    const sections = library.db
      .prepare<[], { kind: string; first_line: number; line_count: number }>(
        'SELECT kind, first_line, line_count FROM sections ORDER BY ord'
      )
      .all()
    expect(sections[0]!.kind).toBe('lead')
    expect(sections[sections.length - 1]!.kind).toBe('closing')
    let next = 0
    for (const s of sections) {
      expect(s.first_line).toBe(next)
      next += s.line_count
    }
    expect(next).toBe(readFileSync(SAMPLE, 'utf8').split('\n').length)
  })

  it('reproduces the original byte for byte and skips identical content', async () => {
    await library.importPaths([SAMPLE])
    expect(Buffer.compare(library.original(1), readFileSync(SAMPLE))).toBe(0)
    expect(await library.importPaths([SAMPLE])).toMatchObject({
      documents: 0,
      reports: 0,
      skipped: 1,
      failed: [],
    })
    expect(library.counts()).toMatchObject({ documents: 1, reports: 9 })
  })
})

describe('encodings and refusals', () => {
  it('imports GB18030 text made by iconv', async () => {
    const utf8 = join(dir, 'utf8.txt')
    const gb = join(dir, '睢宁报告.txt')
    writeFileSync(utf8, '2023年2月1日\n睢宁\n招商引资再提速\n2月1日，睢宁县签约项目总投资1.6亿元。\n')
    writeFileSync(gb, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', utf8]))
    const summary = await library.importPaths([gb])
    expect(summary.failed).toEqual([])
    const [report] = library.listReports()
    expect(report?.district).toBe('睢宁')
    expect(report?.date).toBe('2023-02-01')
    expect(library.getReport(report!.id).encoding).toBe('gb18030')
    expect(library.search('1.6亿元').total).toBe(1)
  })

  it('refuses a binary file with a code and leaves the library unchanged', async () => {
    await library.importPaths([SAMPLE])
    const png = join(dir, 'picture.txt')
    writeFileSync(
      png,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48])
    )
    const summary = await library.importPaths([png])
    expect(summary.documents).toBe(0)
    expect(summary.failed).toEqual([
      { path: png, code: 'NOT_TEXT', message: expect.stringContaining('picture.txt') },
    ])
    expect(library.counts()).toMatchObject({ documents: 1, reports: 9 })
  })
})
