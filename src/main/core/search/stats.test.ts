/**
 * `stats` counts exactly what `search` finds: every district, month and year bucket of a query
 * equals the total of the same query narrowed by that district or date, over the sample roundup
 * plus a second city (GB18030) whose 鼓楼区 must not merge with 徐州's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../library'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-stats-'))
  library = new Library(join(dir, 'data'))
  const nanjing = join(dir, 'nanjing.txt')
  writeFileSync(
    nanjing,
    iconv.encode(
      [
        '南京市区县新闻汇总',
        '',
        '鼓楼区',
        '鼓楼区招商引资签约12个项目',
        '2024年3月5日,鼓楼区举行招商引资项目集中签约仪式,总投资56亿元。',
        '',
        '玄武区',
        '玄武区科技园新增企业30家',
        '2024年4月2日,玄武区科技园招商工作取得新进展。',
      ].join('\n'),
      'gb18030'
    )
  )
  const summary = await library.importPaths([SAMPLE, nanjing], { encoding: undefined })
  expect(summary.failed).toEqual([])
})

afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('searchStats', () => {
  it.each(['招商', '项目', '鼓楼区', '-招商', 'city:徐州', '', 'zhaoshang'])(
    'buckets of %j add up and each equals the narrowed search',
    (query) => {
      for (const by of ['district', 'month', 'year'] as const) {
        const stats = library.stats(query, by)
        const total = library.search(query, { limit: 0 }).total
        expect(stats.total).toBe(total)
        expect(stats.buckets.reduce((n, b) => n + b.count, 0) + stats.unbucketed).toBe(total)
        for (const b of stats.buckets) {
          const narrowed =
            by === 'district'
              ? `${query} district:${b.key}${b.city ? ` city:${b.city}` : ''}`
              : `${query} date:${b.key}`
          expect(library.search(narrowed, { limit: 0 }).total, `${by} ${b.key}`).toBe(b.count)
        }
      }
    }
  )

  it('tells districts of the same name apart and orders months in time', () => {
    const byDistrict = library.stats('', 'district')
    expect(byDistrict.total).toBe(11)
    const gulou = byDistrict.buckets.filter((b) => b.key === '鼓楼区')
    expect(gulou.map((b) => b.city).sort()).toEqual(['南京市', '徐州市'])
    const byMonth = library.stats('招商', 'month')
    expect(byMonth.buckets.map((b) => b.key)).toEqual(['2023-01', '2024-03', '2024-04'])
    expect(library.stats('招商', 'year').buckets.map((b) => b.key)).toEqual(['2023', '2024'])
  })
})
