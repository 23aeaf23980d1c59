/**
 * The overview of a query: buckets that fit the span, contiguous, and each bucket's count (and
 * each heatmap cell's) equal to what the search narrowed by that bucket's dates (and district) finds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Library } from '../library'
import { searchOverview, unitFor } from './overview'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-overview-'))
  library = new Library(join(dir, 'data'))
  const files = [SAMPLE]
  // The same districts a year and more later: the span grows from days to weeks and months.
  for (const [name, date] of [
    ['later.txt', '2023年\n新沂\n新沂招商\n3月15日，新沂召开招商大会。\n'],
    [
      'next-year.txt',
      '2024年\n沛县\n沛县招商\n6月2日，沛县招商引资签约。\n睢宁\n睢宁招商\n6月9日，睢宁招商会。\n',
    ],
  ] as const) {
    const file = join(dir, name)
    writeFileSync(file, date)
    files.push(file)
  }
  await library.importPaths(files)
})
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

const total = (query: string): number => library.search(query, { limit: 0 }).total

it('picks buckets that fit the span', () => {
  expect(unitFor('2023-01-20', '2023-01-28')).toBe('day')
  expect(unitFor('2023-01-20', '2023-03-20')).toBe('day')
  expect(unitFor('2023-01-20', '2023-06-20')).toBe('week')
  expect(unitFor('2023-01-20', '2024-06-20')).toBe('month')
  expect(unitFor('2015-01-20', '2024-06-20')).toBe('year')
})

for (const query of ['招商', '', '项目 -district:泉山区', 'date:2023-01'])
  it(`counts each bucket and cell as the search narrowed by it finds (${query || 'everything'})`, () => {
    const o = searchOverview(library.db, query)
    expect(o.total).toBe(total(query))
    expect(o.buckets.length).toBeGreaterThan(0)
    for (let i = 1; i < o.buckets.length; i++) expect(o.buckets[i]!.from > o.buckets[i - 1]!.to).toBe(true)
    for (const b of o.buckets) expect(b.count, b.key).toBe(total(`${query} date:${b.from}..${b.to}`))
    expect(o.buckets.reduce((n, b) => n + b.count, 0)).toBe(o.dated)
    for (const d of o.districts) {
      expect(d.counts.reduce((n, c) => n + c, 0)).toBe(d.total)
      o.buckets.forEach((b, i) => {
        if (d.counts[i]! > 0 || i % 3 === 0)
          expect(d.counts[i], `${d.district} ${b.key}`).toBe(
            total(`${query} ${d.filter} date:${b.from}..${b.to}`)
          )
      })
    }
  })

it('uses months over a span of more than a year, with empty months kept', () => {
  const o = searchOverview(library.db, '招商')
  expect(o.unit).toBe('month')
  expect(o.buckets[0]!.key).toBe('2023-01')
  expect(o.buckets.at(-1)!.key).toBe('2024-06')
  expect(o.buckets).toHaveLength(18)
  expect(o.buckets.find((b) => b.key === '2023-02')!.count).toBe(0)
})

it('is empty, not an error, when nothing is found', () => {
  expect(searchOverview(library.db, '不存在的词语')).toMatchObject({ total: 0, dated: 0, buckets: [] })
})
