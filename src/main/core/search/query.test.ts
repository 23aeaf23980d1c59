import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../library'
import { parseQuery } from './query-parse'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-query-'))
  library = new Library(dir)
  await library.importPaths([SAMPLE])
})
afterAll(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

const HOSTILE = [
  '"',
  '(((',
  ')))',
  'AND',
  'OR',
  'NOT',
  'a OR',
  'OR OR',
  'NEAR(',
  'NEAR(招商 项目, 2)',
  '*',
  '招*',
  '^招商',
  'body:招商',
  '{body}: 招商',
  '-',
  '--',
  'district:',
  'date:2023-13',
  'date:..',
  'tag:',
  'in:nowhere',
  '😀',
  '招商😀',
  '\ud800',
  '\udc00招商',
  '\u200f招商\u200e',
  '\u202e商招',
  '\u0000',
  '招\u0000商',
  "'; DROP TABLE documents; --",
  '"招商',
  '招商"',
  '“开门红',
  'x'.repeat(100_000),
  '招商'.repeat(50_000),
]

describe('the query language never fails', () => {
  it('answers every hostile query without an error', async () => {
    for (const q of HOSTILE) {
      const result = library.search(q)
      expect(result.total, JSON.stringify(q.slice(0, 20))).toBeGreaterThanOrEqual(0)
    }
    expect(library.counts().documents).toBe(1)
  })

  it('never throws on random input (property)', async () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (q) => {
        parseQuery(q)
        library.search(q, { limit: 3 })
      }),
      { numRuns: 300 }
    )
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'招商"()*-:ORANDNOT 区县date'), maxLength: 30 }),
        (q) => {
          library.search(q, { limit: 3 })
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('operators and filters', () => {
  const districts = (q: string): string[] => library.search(q, { limit: 0 }).hits.map((h) => h.district ?? '')

  it('AND, OR, NOT and phrases', async () => {
    expect(districts('招商').sort()).toEqual(['新沂', '沛县', '泉山区', '铜山区'].sort())
    expect(districts('招商 开门红').sort()).toEqual(['新沂', '泉山区', '铜山区'].sort())
    expect(districts('招商 OR 签约').length).toBe(5)
    expect(districts('招商 -开门红')).toEqual(['沛县'])
    // The sample's lead and closing are searchable sections too.
    expect(districts('NOT 招商').length).toBe(7)
    expect(districts('"开局就是决战、起步就是冲刺"').sort()).toEqual(['沛县', '邳州'].sort())
  })

  it('district and date filters; 睢宁 and 睢宁县 are the same district', async () => {
    expect(districts('district:睢宁县')).toEqual(['睢宁'])
    expect(districts('district:睢宁')).toEqual(['睢宁'])
    expect(districts('date:2023-01-26').sort()).toEqual(['沛县', '睢宁'].sort())
    expect(districts('date:2023-01-27..2023-01-28').length).toBe(4)
    expect(districts('date:2023-01').length).toBe(8)
  })

  it('finds the same whether a negated word comes first or last', () => {
    for (const [first, last] of [
      ['-新沂 招商', '招商 -新沂'],
      ['-睢宁 项目', '项目 -睢宁'],
      ['-招e 招', '招 -招e'],
      ['-1.6亿元 项目', '项目 -1.6亿元'],
    ]) {
      const a = districts(first!)
      expect(a, first).toEqual(districts(last!))
      expect(a.length, first).toBeGreaterThan(0)
    }
    expect(districts('-新沂 招商')).not.toContain('新沂')
  })

  it('negates every filter with NOT or a minus, and says so', async () => {
    const all = districts('项目')
    expect(all).toContain('睢宁')
    for (const q of ['项目 NOT district:睢宁', '项目 -district:睢宁', '项目 -district:睢宁县']) {
      const got = districts(q)
      expect(got, q).not.toContain('睢宁')
      expect(got.length, q).toBe(all.length - 1)
    }
    expect(library.search('项目 -district:睢宁').understood).toContain('NOT district 睢宁')
    const withoutDay = districts('项目 -date:2023-01-26')
    expect(withoutDay).not.toContain('睢宁')
    expect(withoutDay).not.toContain('沛县')
    expect(districts('项目 NOT date:2023-01').every((d) => d === '徐州经济技术开发区' || d === '')).toBe(true)
  })

  it('filters by city and by source, with or without the 市', async () => {
    expect(districts('city:徐州').length).toBe(9)
    expect(districts('city:徐州市').length).toBe(9)
    expect(districts('city:南京')).toEqual([])
    expect(districts('招商 -city:徐州')).toEqual([])
    expect(districts('source:徐州发布').length).toBe(9)
    expect(districts('source:南京日报')).toEqual([])
    expect(districts('招商 -source:徐州发布')).toEqual([])
  })

  it('reads a bracket without its partner as a stray, and a paired one as text', async () => {
    expect(districts('(招商').sort()).toEqual(districts('招商').sort())
    expect(districts('【招商').sort()).toEqual(districts('招商').sort())
    expect(districts('招商）').sort()).toEqual(districts('招商').sort())
    expect(library.search('“开门红”').total).toBeGreaterThan(0)
  })

  it('reads a wildcard at the end of a word as the word, and a filter typed without its value as none', () => {
    expect(districts('招商*').sort()).toEqual(districts('招商').sort())
    expect(districts('*招商＊').sort()).toEqual(districts('招商').sort())
    expect(districts('"招商*"')).toEqual([])
    // While `district:睢宁` is being typed, the list does not empty at `district:`.
    expect(districts('招商 district:').sort()).toEqual(districts('招商').sort())
    expect(districts('招商 -date:').sort()).toEqual(districts('招商').sort())
    expect(parseQuery('*').groups).toEqual([[{ text: '*', negated: false }]])
  })

  it('ranks headline matches first and counts hits per district', async () => {
    const result = library.search('项目')
    expect(result.hits[0]!.headline).toContain('项目')
    expect(result.districts.reduce((n, d) => n + d.count, 0)).toBe(result.total)
  })

  it('pages without overlap', async () => {
    const all = library.search('项目', { limit: 0 }).hits.map((h) => h.reportId)
    const pages = [0, 2, 4, 6].flatMap((offset) =>
      library.search('项目', { limit: 2, offset }).hits.map((h) => h.reportId)
    )
    expect(pages).toEqual(all.slice(0, 8))
  })
})

describe('pinyin', () => {
  it('finds 徐州 from xuzhou, xu zhou and xz when nothing matches literally, marked as pinyin', async () => {
    for (const q of ['xuzhou', 'xu zhou', 'xz']) {
      const result = library.search(q, { limit: 0 })
      const viaPinyin = result.hits.filter((h) => h.viaPinyin)
      expect(viaPinyin.length, q).toBeGreaterThan(0)
      const text = library.getReport(viaPinyin[0]!.reportId).text
      const marked = viaPinyin[0]!.matches.map(([s, e]) => text.slice(s, e))
      if (q !== 'xz') expect(marked).toContain('徐州')
    }
    const mixed = library.search('kaimen', { limit: 0 })
    expect(mixed.hits.every((h) => h.viaPinyin)).toBe(true)
  })
})
