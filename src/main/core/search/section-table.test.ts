/**
 * Counting from the section table (search/section-table.ts) finds exactly what the search finds:
 * `matchingSections` against the search's hits for random words with every filter the fast way
 * reads (places, cities, dates, amounts, negations), and the table follows the library when an
 * import or a correction changes it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../library'
import { correctReport } from '../import/correct'
import { districtKey } from '../import/districts'
import { matchingSections, searchReports } from './search'
import { searchOverview } from './overview'
import { sectionTable } from './section-table'
import { allSectionTexts } from '../import/document-texts'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

const NANJING = [
  '南京市区县新闻汇总',
  '',
  '鼓楼区',
  '鼓楼区招商引资签约12个项目',
  '2024年3月5日,鼓楼区举行招商引资项目集中签约仪式,总投资56亿元,其中3000万元用于研发。',
  '',
  '玄武区',
  '玄武区科技园新增企业30家',
  '2024年4月2日,玄武区科技园招商工作取得新进展,签约项目1.2亿元。',
].join('\n')

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-section-table-'))
  library = new Library(join(dir, 'data'))
  const nanjing = join(dir, 'nanjing.txt')
  writeFileSync(nanjing, iconv.encode(NANJING, 'gb18030'))
  const summary = await library.importPaths([SAMPLE, nanjing], { encoding: undefined })
  expect(summary.failed).toEqual([])
})

afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A small seeded generator, so a failure names a query that fails again. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

const searchIds = (query: string): number[] =>
  searchReports(library.db, query, { limit: 0, facets: false, bare: true })
    .hits.map((h) => h.reportId)
    .sort((a, b) => a - b)

describe('matchingSections', () => {
  it('finds exactly the search hits for random words and filters', () => {
    const texts = allSectionTexts(library.db).map((s) => s.text)
    const next = random(7)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
    const filters = [
      'district:睢宁',
      'district:鼓楼区',
      '-district:沛县',
      'city:徐州',
      'city:南京',
      '-city:南京',
      'date:2023-01',
      'date:2024-03..2024-04',
      '-date:2024-03',
      'amount:>1亿',
      'amount:1000万..2亿',
      '-amount:>50亿',
      '',
    ]
    let nonEmpty = 0
    for (let i = 0; i < 300; i++) {
      const text = pick(texts).replace(/\s+/gu, '')
      const at = Math.floor(next() * Math.max(1, text.length - 4))
      const word = text.slice(at, at + 1 + Math.floor(next() * 4))
      const words = next() < 0.2 ? `${word} -${pick(['招商', '项目', '县'])}` : `"${word}"`
      const query =
        `${next() < 0.15 ? '' : words} ${pick(filters)} ${next() < 0.3 ? pick(filters) : ''}`.trim()
      const expected = searchIds(query)
      if (expected.length > 0) nonEmpty++
      expect(
        [...matchingSections(library.db, query)].sort((a, b) => a - b),
        query
      ).toEqual(expected)
    }
    expect(nonEmpty).toBeGreaterThan(100)
  })

  it('counts districts for the whole library and for a word as the hits do', () => {
    for (const query of ['', '招商', '"项目"']) {
      const { hits, districts } = searchReports(library.db, query, { limit: 0 })
      // A county's spellings (睢宁, 睢宁县) are one district of the list.
      const key = (district: string, city: string | null): string => `${districtKey(district)} ${city}`
      const counted = new Map<string, number>()
      for (const h of hits)
        if (h.kind === 'report' && h.district)
          counted.set(key(h.district, h.city), (counted.get(key(h.district, h.city)) ?? 0) + 1)
      expect(new Map(districts.map((d) => [key(d.district, d.city), d.count])), query).toEqual(counted)
    }
  })
})

describe('the section table', () => {
  it('follows an import and a correction', async () => {
    const before = searchOverview(library.db, '玄武区').districts.map((d) => d.district)
    expect(before).toEqual(['玄武区'])
    const table = sectionTable(library.db)

    const extra = join(dir, 'xuanwu.txt')
    writeFileSync(
      extra,
      ['玄武区新闻', '', '秦淮区', '秦淮区与玄武区共建科创走廊', '2024年5月8日,两区签约。'].join('\n')
    )
    await library.importPaths([extra], { encoding: undefined })
    expect(sectionTable(library.db)).not.toBe(table)
    expect(
      searchOverview(library.db, '玄武区')
        .districts.map((d) => d.district)
        .sort()
    ).toEqual(['玄武区', '秦淮区'])

    const qinhuai = searchReports(library.db, 'district:秦淮区', { limit: 1 }).hits[0]!
    correctReport(library.db, qinhuai.reportId, { district: '建邺区', date: '2024-06-01' })
    const after = searchOverview(library.db, '玄武区')
    expect(after.districts.map((d) => d.district).sort()).toEqual(['建邺区', '玄武区'])
    expect(after.buckets.at(-1)?.to).toBe('2024-06-01')
    expect(
      library
        .stats('玄武区', 'district')
        .buckets.map((b) => b.key)
        .sort()
    ).toEqual(['建邺区', '玄武区'])
  })
})
