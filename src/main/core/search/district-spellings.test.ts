/**
 * One county, however the roundups wrote it: a bulletin that writes short names (【鼓楼】, 【睢宁】),
 * a roundup with full names (鼓楼区, 睢宁县) and one in traditional characters (鼓樓區). Every list
 * and chart of districts (the search's sidebar, stats, the overview's heatmap, the figures) shows
 * each county once, under the gazetteer's name, with the count of all its reports, and its filter
 * finds exactly those. Nanjing's 鼓楼区 stays apart from Xuzhou's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../library'
import { searchOverview } from './overview'

let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-spellings-'))
  library = new Library(join(dir, 'data'))
  const files: [string, string, string][] = [
    [
      'short.txt',
      'utf-8',
      [
        '徐州市各县（市、区）工作动态',
        '2024年第12期',
        '',
        '【鼓楼】鼓楼区召开招商引资推进会。2024年3月5日，全区新签约项目12个，总投资1.6亿元。',
        '',
        '【睢宁】睢宁县举办招商对接活动。2024年3月6日，现场签约项目3个，总投资2亿元。',
      ].join('\n'),
    ],
    [
      'full.txt',
      'gb18030',
      [
        '徐州市区县新闻汇总',
        '',
        '鼓楼区',
        '鼓楼区招商工作取得新进展',
        '2024年4月2日，鼓楼区招商引资项目集中开工，总投资8000万元。',
        '',
        '睢宁县',
        '睢宁县招商成果丰硕',
        '2024年4月3日，睢宁县招商引资签约项目5个，总投资3亿元。',
      ].join('\n'),
    ],
    [
      'traditional.txt',
      'utf-8',
      [
        '徐州市區縣新聞匯總',
        '',
        '鼓樓區',
        '鼓樓區招商引資再創佳績',
        '2024年5月6日，鼓樓區招商引資簽約項目2個，總投資5000萬元。',
      ].join('\n'),
    ],
    [
      'nanjing.txt',
      'utf-8',
      [
        '南京市区县新闻汇总',
        '',
        '鼓楼区',
        '鼓楼区招商引资签约12个项目',
        '2024年3月5日，南京市鼓楼区举行招商引资项目集中签约仪式，总投资56亿元。',
        '',
        '玄武区',
        '玄武区科技园新增企业30家',
        '2024年4月2日，玄武区科技园招商工作取得新进展。',
      ].join('\n'),
    ],
  ]
  const paths = files.map(([name, encoding, text]) => {
    const path = join(dir, name)
    writeFileSync(path, iconv.encode(text, encoding))
    return path
  })
  const summary = await library.importPaths(paths)
  expect(summary.failed).toEqual([])
})

afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The districts of the imported reports as they were written, to be sure the files differ. */
const written = (): string[] => [...new Set(library.listReports().map((r) => r.district ?? ''))].sort()

describe('a county written three ways counts once', () => {
  it('the reports keep the names as written', () => {
    expect(written()).toEqual(['玄武区', '睢宁', '睢宁县', '鼓楼', '鼓楼区'].sort())
  })

  it("the search's district list: one entry per county, the gazetteer's name, every report counted", () => {
    const { districts, total } = library.search('招商', { limit: 50 })
    expect(total).toBe(7)
    expect(districts.map((d) => [d.district, d.city, d.count])).toEqual([
      ['鼓楼区', '徐州市', 3],
      ['睢宁县', '徐州市', 2],
      ['鼓楼区', '南京市', 1],
      ['玄武区', '南京市', 1],
    ])
    for (const d of districts)
      expect(library.search(`招商 ${d.filter}`, { limit: 0 }).total, d.filter).toBe(d.count)
  })

  it('stats by district: the same buckets', () => {
    const stats = library.stats('招商', 'district')
    expect(stats.buckets.map((b) => [b.key, b.city, b.count])).toEqual([
      ['鼓楼区', '徐州市', 3],
      ['睢宁县', '徐州市', 2],
      ['鼓楼区', '南京市', 1],
      ['玄武区', '南京市', 1],
    ])
  })

  it("the overview's heatmap: one row per county", () => {
    const overview = searchOverview(library.db, '招商')
    expect(overview.districts.map((d) => [d.district, d.city, d.counts.reduce((n, c) => n + c, 0)])).toEqual([
      ['鼓楼区', '徐州市', 3],
      ['睢宁县', '徐州市', 2],
      ['鼓楼区', '南京市', 1],
      ['玄武区', '南京市', 1],
    ])
    expect(overview.districts.find((d) => d.city === '徐州市' && d.district === '鼓楼区')?.filter).toBe(
      'district:鼓楼区 city:徐州市'
    )
  })

  it('the figures: one line per county with the sum of all its reports', () => {
    const figures = library.figureSummary('招商')
    expect(figures.districts.map((d) => [d.district, d.city, d.reports, d.sum])).toEqual([
      ['鼓楼区', '南京市', 1, 5_600_000_000],
      ['睢宁县', '徐州市', 2, 500_000_000],
      ['鼓楼区', '徐州市', 3, 290_000_000],
    ])
  })
})
