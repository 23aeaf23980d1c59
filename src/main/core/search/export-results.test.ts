/**
 * Taking a result set out: one CSV row per report the search finds, with its figures, safe in a
 * spreadsheet; Markdown with a citation per report whose text cannot become markup.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../library'
import { parseCsv } from '../test-support/csv'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-export-results-'))
  library = new Library(join(dir, 'data'))
  const hostile = join(dir, 'hostile.txt')
  writeFileSync(
    hostile,
    iconv.encode(
      [
        '南京市区县新闻汇总',
        '',
        '鼓楼区',
        '=HYPERLINK("http://x.invalid","招商")',
        '2024年3月5日,鼓楼区<script>alert(1)</script>招商签约项目12个,总投资56亿元, "引号"。',
      ].join('\n'),
      'gb18030'
    )
  )
  expect((await library.importPaths([SAMPLE, hostile], {})).failed).toEqual([])
})

afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('exportResults', () => {
  it('writes one CSV row per report the search finds, with its figures, newest first', () => {
    const csv = library.exportResults('招商', 'csv')
    expect(
      csv.startsWith('\uFEFFreport_id,district,city,date,headline,source,file,snippet,amounts\r\n')
    ).toBe(true)
    const [header, ...rows] = parseCsv(csv.slice(1))
    expect(header).toHaveLength(9)
    expect(rows).toHaveLength(library.search('招商', { limit: 0 }).total)
    expect(rows[0]![1]).toBe('鼓楼区')
    expect(rows[0]![2]).toBe('南京市')
    expect(rows[0]![3]).toBe('2024-03-05')
    // A headline a spreadsheet would run as a formula is text.
    expect(rows[0]![4]).toBe('\'=HYPERLINK("http://x.invalid","招商")')
    expect(rows[0]![8]).toBe('12个;56亿元')
    expect(rows[0]![7]).toContain('招商')
    for (const r of rows.slice(1)) expect(r[2]).toBe('徐州市')
  })

  it('writes Markdown with a citation per report and no live markup', () => {
    const md = library.exportResults('招商', 'md')
    expect(md).toMatch(/^# 搜索结果：招商\n\n5 篇报告/u)
    expect(md).toContain('— 南京市鼓楼区，2024-03-05，hostile.txt')
    expect(md).toContain('数字：12个、56亿元')
    expect(md).not.toContain('<script>')
    expect(md).toContain('&lt;script&gt;')
    expect(md.match(/^## /gmu)).toHaveLength(5)
  })

  it('gives a header alone for a query that finds nothing', () => {
    expect(library.exportResults('不存在的词语组合', 'csv')).toBe(
      '\uFEFFreport_id,district,city,date,headline,source,file,snippet,amounts\r\n'
    )
    expect(library.exportResults('不存在的词语组合', 'md')).toContain('0 篇报告')
  })
})
