/**
 * Search on the imported sample and on a mixed corpus: hostile queries never fail, real queries
 * find what a brute-force substring search finds (precision = recall = 1), offsets land exactly,
 * filters and operators do what the query language says, pinyin only ever adds after literal hits.
 */
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResult } from '../../../shared/api'
import { Library, uploadedSources } from '../library'
import { normalizeForSearch } from './normalize'
import { allSectionTexts } from '../import/document-texts'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library
let texts: Map<number, string>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-search-'))
  library = new Library(join(dir, 'sample'))
  await library.importPaths([SAMPLE])
  texts = sectionTexts(library)
})
afterAll(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

/** What Ctrl+F over every report's text finds. */
/** Every searchable section's text: district reports, and each document's lead and closing. */
const sectionTexts = (lib: Library): Map<number, string> =>
  new Map(allSectionTexts(lib.db).map((r) => [r.id, r.text]))

const bruteForce = (t: Map<number, string>, q: string): number[] =>
  [...t].filter(([, text]) => normalizeForSearch(text).includes(normalizeForSearch(q))).map(([id]) => id)

const ids = (result: SearchResult): number[] => result.hits.map((h) => h.reportId).sort((a, b) => a - b)
const districtsOf = (q: string): string[] =>
  library
    .search(q, { limit: 0 })
    .hits.map((h) => h.district ?? '')
    .sort()

/** Hits are distinct reports, within the total, with match offsets that are real ranges of the text. */
function expectWellFormed(result: SearchResult, t: Map<number, string>): void {
  expect(result.total).toBeGreaterThanOrEqual(result.hits.length)
  expect(new Set(result.hits.map((h) => h.reportId)).size).toBe(result.hits.length)
  for (const hit of result.hits) {
    const text = t.get(hit.reportId)!
    expect(text).toBeDefined()
    let previous = -1
    for (const [s, e] of hit.matches) {
      expect(Number.isInteger(s) && Number.isInteger(e)).toBe(true)
      expect(s).toBeGreaterThan(previous)
      expect(e).toBeGreaterThan(s)
      expect(e).toBeLessThanOrEqual(text.length)
      previous = e
    }
  }
}

/** Every match of a one-term query is that term, normalised, and the hits are exactly the brute-force set. */
function expectExactTerm(q: string): void {
  const needle = normalizeForSearch(q)
  const result = library.search(q, { limit: 0 })
  expectWellFormed(result, texts)
  expect(ids(result), q).toEqual(bruteForce(texts, q).sort((a, b) => a - b))
  expect(result.total).toBe(result.hits.length)
  for (const hit of result.hits) {
    expect(hit.viaPinyin).toBe(false)
    expect(hit.matches.length).toBeGreaterThan(0)
    for (const [s, e] of hit.matches)
      expect(normalizeForSearch(texts.get(hit.reportId)!.slice(s, e))).toBe(needle)
  }
}

describe('hostile queries', () => {
  const hostile = [
    '"',
    '""',
    '(((',
    ')',
    'AND',
    'a OR',
    'OR OR',
    'NOT',
    'NEAR(',
    'NEAR(招商 项目)',
    '*',
    '招商*',
    '-',
    '- -',
    '--招商',
    'district:',
    'district:不存在县',
    'date:2023-13',
    'date:2023-02-30',
    'date:..',
    'date:2023-01-27..',
    'tag:',
    'color:',
    'has:',
    'in:',
    'body:招商',
    '😀',
    '招😀商',
    '👨‍👩‍👧',
    '\ud800',
    '招商\udfff',
    '\u200f招商\u200e',
    '\u202e商招\u202c',
    '\u0000',
    '招\u0000商',
    '\u0007\u001b[31m',
    "'); DROP TABLE sections; --",
    '\\',
    '%_',
    '招'.repeat(30_000) + ' ' + '商'.repeat(20_000) + 'x'.repeat(50_000),
    'a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9 招 商 引 资',
  ]

  it('answers every one without an error, with well-formed results', async () => {
    for (const q of hostile) {
      for (const sort of ['relevance', 'date'] as const) {
        const result = library.search(q, { limit: 0, sort })
        expectWellFormed(result, texts)
        expect(typeof result.understood).toBe('string')
      }
      expectWellFormed(library.search(q, { limit: 3, offset: 2 }), texts)
    }
    expect(library.counts()).toMatchObject({ documents: 1, reports: 9 })
  })

  it('treats stray syntax as literal text, not as operators', async () => {
    for (const q of ['(((', '*', 'NEAR(', "'); DROP TABLE sections; --", '\\', '%_', '😀'])
      expect(library.search(q, { limit: 0 }).total, q).toBe(0)
    // A wildcard at a word's end is the word (every word is found anywhere in the text).
    expect(library.search('招商*', { limit: 0 }).total).toBe(4)
    expect(library.search('招\u0000商', { limit: 0 }).total).toBe(4)
    expect(library.search('\u200f招商\u200e', { limit: 0 }).total).toBe(4)
    expect(library.search('招商\udfff', { limit: 0 }).total).toBe(4)
  })

  it('reads a filter it cannot parse as literal text rather than failing', async () => {
    expect(library.search('date:2023-13', { limit: 0 }).total).toBe(0)
    expect(library.search('district:不存在县', { limit: 0 }).total).toBe(0)
  })
})

describe('real queries on the sample', () => {
  it('finds numbers with units in exactly the reports that contain them', async () => {
    expect(districtsOf('1.6亿元')).toEqual(['睢宁'])
    expect(districtsOf('4.6万吨')).toEqual(['徐州经济技术开发区'])
    for (const q of ['1.6亿元', '4.6万吨', '1.3亿元', '3000万元', '2023', '1356', '400', '1.6'])
      expectExactTerm(q)
  })

  it('lists the district reports a word is in before the lead and closing it is also in', () => {
    // 徐州 is in the roundup's lead, its short closing and two reports: bm25 alone put the closing
    // (six short lines) and the lead first.
    const hits = library.search('徐州', { limit: 20, facets: false }).hits
    expect(hits.map((h) => h.kind).slice(0, 2)).toEqual(['report', 'report'])
    expect(
      hits
        .map((h) => h.kind)
        .slice(2)
        .sort()
    ).toEqual(['closing', 'lead'])
    expect(
      hits
        .slice(0, 2)
        .map((h) => h.district)
        .sort()
    ).toEqual(['云龙区', '新沂'])
    // A word in the lead alone still finds it.
    expect(library.search('开局之年', { limit: 20, facets: false }).hits.map((h) => h.kind)).toEqual(['lead'])
  })

  it("names the districts whose name holds the words, which their reports' text need not", () => {
    // 徐州经济技术开发区's report speaks of 经开区 alone: its full name finds no text.
    const full = library.search('徐州经济技术开发区', { limit: 20 })
    expect(full.total).toBe(0)
    expect(full.namedDistricts).toEqual([
      { district: '徐州经济技术开发区', city: '徐州市', count: 1, filter: 'district:徐州经济技术开发区' },
    ])
    // Its filter lists that district's reports.
    expect(library.search(full.namedDistricts[0]!.filter, { limit: 20 }).hits.map((h) => h.district)).toEqual(
      ['徐州经济技术开发区']
    )
    // A name typed in part, in traditional characters too; the gazetteer's name of a county its
    // heading spells otherwise (睢宁, 睢宁县); a report that names it is found as well.
    expect(library.search('鼓樓', { limit: 20 }).namedDistricts.map((d) => d.district)).toEqual(['鼓楼区'])
    expect(library.search('睢宁', { limit: 20 }).namedDistricts.map((d) => d.district)).toEqual(['睢宁县'])
    expect(library.search('睢宁县', { limit: 20 }).namedDistricts).toEqual([
      { district: '睢宁县', city: '徐州市', count: 1, filter: 'district:睢宁县' },
    ])
    // Words no district is named by, one character (区 is in most names), two words, any filter
    // (the count would not be the list's), and pages without district counts: none.
    expect(library.search('招商', { limit: 20 }).namedDistricts).toEqual([])
    expect(library.search('区', { limit: 20 }).namedDistricts).toEqual([])
    expect(library.search('鼓楼 招商', { limit: 20 }).namedDistricts).toEqual([])
    for (const filtered of [
      '鼓楼 district:沛县',
      '鼓楼 date:2023-01',
      '鼓楼 -district:鼓楼区',
      '鼓楼 city:南京',
    ])
      expect(library.search(filtered, { limit: 20 }).namedDistricts, filtered).toEqual([])
    expect(library.search('鼓楼', { limit: 20, facets: false }).namedDistricts).toEqual([])
    expect(library.search('鼓楼', { limit: 20, offset: 20 }).namedDistricts).toEqual([])
  })

  it('names at most five districts, those with the most reports', async () => {
    const gazetteer = JSON.parse(readFileSync(join(__dirname, '../import/county-names.json'), 'utf8')) as {
      rows: string[][]
    }
    const names = gazetteer.rows.map((r) => r[1]!)
    // Seven counties whose name holds 山区 and no other county has, with 1 to 7 reports each.
    const counties = names
      .filter((n) => n.includes('山区') && names.indexOf(n) === names.lastIndexOf(n))
      .slice(0, 7)
    expect(counties).toHaveLength(7)
    const own = new Library(join(dir, 'named-districts'))
    try {
      const roundup = (k: number): string =>
        '各地一季度项目建设\n2024-04-01\n' +
        counties
          .slice(0, 7 - k)
          .map((c) => `${c}\n${c}项目开工\n3月28日，${c}举行项目集中开工活动。\n`)
          .join('')
      const summary = await own.importSources(
        uploadedSources(
          Array.from({ length: 7 }, (_, k) => ({
            name: `r${k}.txt`,
            dataBase64: Buffer.from(roundup(k)).toString('base64'),
          }))
        )
      )
      expect(summary.failed).toEqual([])
      const named = own.search('山区', { limit: 20 }).namedDistricts
      expect(named.map((d) => d.count)).toEqual([7, 6, 5, 4, 3])
      expect(named.map((d) => d.district)).toEqual(counties.slice(0, 5))
    } finally {
      own.close()
    }
  })

  it('finds quoted phrases, single characters and punctuation like Ctrl+F', async () => {
    for (const q of [
      '“开门红”',
      '开门红',
      '招商',
      '招',
      '徐州',
      '“',
      '、',
      '项目建设',
      '起步就是冲刺',
      '庆安镇政府',
    ])
      expectExactTerm(q)
    expect(library.search('招商', { limit: 0 }).total).toBe(4)
    expect(bruteForce(texts, '招商')).toHaveLength(4)
    expect(library.search('“开门红”', { limit: 0 }).total).toBe(bruteForce(texts, '“开门红”').length)
  })

  it('finds simplified text from a traditional query, with offsets on the simplified text', async () => {
    const result = library.search('開發區', { limit: 0 })
    expect(ids(result)).toEqual(bruteForce(texts, '开发区').sort((a, b) => a - b))
    expect(result.total).toBeGreaterThan(0)
    for (const hit of result.hits) {
      const text = texts.get(hit.reportId)!
      expect(hit.matches.length).toBe(text.split('开发区').length - 1)
      for (const [s, e] of hit.matches) expect(text.slice(s, e)).toBe('开发区')
    }
    expect(ids(library.search('經濟', { limit: 0 }))).toEqual(ids(library.search('经济', { limit: 0 })))
  })

  it('combines terms with AND, OR and NOT like the brute-force sets do', async () => {
    const set = (q: string) => new Set(bruteForce(texts, q))
    const and = [...set('招商')].filter((id) => set('开门红').has(id))
    expect(ids(library.search('招商 开门红', { limit: 0 }))).toEqual(and.sort((a, b) => a - b))
    const or = [...new Set([...set('招商'), ...set('签约')])].sort((a, b) => a - b)
    expect(ids(library.search('招商 OR 签约', { limit: 0 }))).toEqual(or)
    const not = [...set('招商')].filter((id) => !set('开门红').has(id)).sort((a, b) => a - b)
    expect(ids(library.search('招商 -开门红', { limit: 0 }))).toEqual(not)
    expect(ids(library.search('招商 NOT 开门红', { limit: 0 }))).toEqual(not)
    expect(ids(library.search('招商 -"开门红"', { limit: 0 }))).toEqual(not)
    expect(ids(library.search('招商 NOT "开门红"', { limit: 0 }))).toEqual(not)
    const notPhrase = [...set('招商')].filter((id) => !set('开局就是决战').has(id)).sort((a, b) => a - b)
    expect(ids(library.search('招商 -"开局就是决战"', { limit: 0 }))).toEqual(notPhrase)
    expect(ids(library.search('-"" 招商', { limit: 0 }))).toEqual(ids(library.search('招商', { limit: 0 })))
    // Nine reports, the lead and the closing, less the four with 招商.
    expect(library.search('NOT 招商', { limit: 0 }).total).toBe(11 - 4)
    expect(library.search('-招商', { limit: 0 }).total).toBe(11 - 4)
    expect(ids(library.search('"招商" "项目"', { limit: 0 }))).toEqual(
      ids(library.search('招商 项目', { limit: 0 }))
    )
  })

  it('filters by district written with or without its suffix', async () => {
    expect(districtsOf('district:睢宁县')).toEqual(['睢宁'])
    expect(ids(library.search('district:睢宁县', { limit: 0 }))).toEqual(
      ids(library.search('district:睢宁', { limit: 0 }))
    )
    expect(districtsOf('district:泉山')).toEqual(['泉山区'])
    expect(districtsOf('项目 district:泉山区')).toEqual(['泉山区'])
    expect(districtsOf('1.6亿元 district:沛县')).toEqual([])
    expect(districtsOf('district:沛县 district:睢宁')).toEqual(['沛县', '睢宁'])
  })

  it('filters by day, month and range', async () => {
    expect(districtsOf('date:2023-01-26')).toEqual(['沛县', '睢宁'])
    expect(districtsOf('date:2023-01..2023-01')).toHaveLength(8)
    expect(districtsOf('date:2023-01')).toHaveLength(8)
    expect(districtsOf('date:2023-01-27..2023-01-28')).toEqual(['新沂', '邳州', '铜山区', '鼓楼区'].sort())
    expect(districtsOf('date:2023-01-20..2023-01-21')).toEqual(['云龙区', '泉山区'].sort())
    expect(districtsOf('date:2023-02')).toEqual([])
    expect(districtsOf('招商 date:2023-01-26')).toEqual(['沛县'])
  })

  it('counts hits per district and pages without gaps or overlaps', async () => {
    const all = library.search('项目', { limit: 0 })
    expect(all.districts.reduce((n, d) => n + d.count, 0)).toBe(all.total)
    const paged = [0, 3, 6, 9].flatMap((offset) =>
      library.search('项目', { limit: 3, offset }).hits.map((h) => h.reportId)
    )
    expect(paged).toEqual(all.hits.map((h) => h.reportId))
    expect(library.search('项目', { limit: 3, offset: 100 }).hits).toEqual([])
  })
})

describe('pinyin', () => {
  it('finds 徐州 from xuzhou and xu zhou, marked as pinyin', async () => {
    const with徐州 = bruteForce(texts, '徐州').sort((a, b) => a - b)
    for (const q of ['xuzhou', 'xu zhou', 'Xuzhou']) {
      const result = library.search(q, { limit: 0 })
      expect(result.hits.length, q).toBeGreaterThan(0)
      for (const hit of result.hits) expect(hit.viaPinyin).toBe(true)
      const found = result.hits.filter((h) =>
        h.matches.some(([s, e]) => texts.get(h.reportId)!.slice(s, e) === '徐州')
      )
      expect(found.map((h) => h.reportId).sort((a, b) => a - b)).toEqual(with徐州)
    }
  })

  it('ranks literal hits before pinyin ones', async () => {
    const other = new Library(join(dir, 'pinyin'))
    try {
      await other.importPaths([SAMPLE])
      await other.importSources(
        uploadedSources([
          {
            name: 'en.txt',
            dataBase64: Buffer.from('鼓楼区\nXuzhou news\nThe Xuzhou roundup in English.\n').toString(
              'base64'
            ),
          },
        ])
      )
      const result = other.search('xuzhou', { limit: 0 })
      expect(result.hits[0]!.viaPinyin).toBe(false)
      expect(result.hits[0]!.headline).toBe('Xuzhou news')
      const firstPinyin = result.hits.findIndex((h) => h.viaPinyin)
      if (firstPinyin >= 0) expect(result.hits.slice(firstPinyin).every((h) => h.viaPinyin)).toBe(true)
    } finally {
      other.close()
    }
  })
})

describe('exactness on a mixed corpus (property)', () => {
  const MIXED = [
    'Debian 系统 1.6亿元 COVID疫情 19 个可',
    'Debian12 发布，COVID19 疫情期间共有 12 个版本。',
    '開發區管委會表示，招商引資將繼續推進，ＡＢＣ公司簽約金額為３億元。',
    '徐州经济技术开发区举行“开门红”誓师大会，Team Leader 王先生发言：OK!',
    '泉山区：1月21日上午召开专题会议；沛县、睢宁县也同步部署 (2023)。',
    'iPhone 15 Pro 在徐州售价 7999 元，比 iPhone15 贵 5%。',
    '日文コーヒー、〆切和长音ー ー都是字母；二〇二三年々。',
  ]
  let corpus: Library
  let corpusTexts: Map<number, string>

  beforeAll(async () => {
    corpus = new Library(join(dir, 'corpus'))
    const paragraphs = readFileSync(SAMPLE, 'utf8')
      .split('\n')
      .filter((l) => l.length > 15)
    const docs = Array.from({ length: 12 }, (_, i) => {
      const district = ['沛县', '睢宁', '邳州', '新沂', '鼓楼区', '泉山区'][i % 6]
      const body = [
        paragraphs[(i * 5) % paragraphs.length],
        MIXED[i % MIXED.length],
        paragraphs[(i * 3 + 1) % paragraphs.length],
      ]
      return {
        name: `doc${i}.txt`,
        dataBase64: Buffer.from(`2023年\n${district}\n第${i}号\n${body.join('\n')}\n`).toString('base64'),
      }
    })
    expect((await corpus.importSources(uploadedSources(docs))).failed).toEqual([])
    await corpus.importPaths([SAMPLE])
    corpusTexts = sectionTexts(corpus)
  })
  afterAll(() => corpus.close())

  /** Unquoted when the query language would read it as one literal term, quoted otherwise. */
  const asQuery = (q: string): string =>
    /[\s"“”:－-]|^(?:OR|AND|NOT|\|)$|&&/u.test(q) || q === '' ? `"${q}"` : q

  function expectExact(q: string): void {
    if (q.includes('"') || q.trim() === '' || normalizeForSearch(q).trim() === '') return
    const needle = normalizeForSearch(q)
    const result = corpus.search(asQuery(q), { limit: 0, facets: false })
    const expected = bruteForce(corpusTexts, q).sort((a, b) => a - b)
    expect(ids(result), `query ${JSON.stringify(q)} sent as ${JSON.stringify(asQuery(q))}`).toEqual(expected)
    expect(result.total).toBe(expected.length)
    expectWellFormed(result, corpusTexts)
    for (const hit of result.hits) {
      expect(hit.viaPinyin).toBe(false)
      expect(hit.matches.length).toBeGreaterThan(0)
      for (const [s, e] of hit.matches)
        expect(normalizeForSearch(corpusTexts.get(hit.reportId)!.slice(s, e))).toContain(needle)
    }
  }

  it('returns exactly the reports containing random substrings of 1–6 characters', async () => {
    const all = [...corpusTexts.values()]
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 }), (i, at, len) => {
        const text = all[i % all.length]!
        const start = at % Math.max(1, text.length - len + 1)
        expectExact(text.slice(start, start + len))
      }),
      { numRuns: 500 }
    )
  })

  it('is exact for hand-picked mixed substrings', async () => {
    for (const q of [
      'Debian 系统',
      'ebian 系',
      'n12 发',
      'COVID',
      'covid1',
      'VID疫',
      '19 个可',
      '9 个',
      '.6亿',
      '1.6',
      '6亿元',
      'ＡＢＣ',
      'abc公',
      '３億',
      '3亿元',
      '開發區',
      '，招商引',
      '：1月',
      '(2023)',
      '5%',
      'e 15 P',
      'iphone15',
      'OK!',
      'Leader',
      'eader 王',
      'ー',
      'ー ー',
      '〆',
      '〆切',
      'ヒー',
      '二〇二三',
    ])
      expectExact(q)
  })
})

describe('districts of the same name in different cities', () => {
  it('are counted apart, labelled with their city, and filtered one by one', async () => {
    const both = new Library(join(dir, 'namesakes'))
    try {
      await both.importPaths([SAMPLE])
      await both.importSources(
        uploadedSources([
          {
            name: 'nanjing.txt',
            dataBase64: Buffer.from(
              '南京各区动态\n2024年2月20日 来源：南京日报\n鼓楼区\n鼓楼招商签约\n2月19日，南京鼓楼区举行招商签约活动。\n玄武区\n玄武项目开工\n2月19日，玄武区项目开工。\n'
            ).toString('base64'),
          },
        ])
      )
      const facets = both.search('', { facets: true }).districts.filter((d) => d.district === '鼓楼区')
      expect(facets.map((f) => [f.city, f.count, f.filter]).sort()).toEqual([
        ['南京市', 1, 'district:鼓楼区 city:南京市'],
        ['徐州市', 1, 'district:鼓楼区 city:徐州市'],
      ])
      const nanjing = both.search('district:鼓楼区 city:南京市', { limit: 0 }).hits
      expect(nanjing.map((h) => h.headline)).toEqual(['鼓楼招商签约'])
      expect(both.search('district:鼓楼区', { limit: 0 }).total).toBe(2)
      expect(
        both.search('招商 -city:南京', { limit: 0 }).hits.every((h) => h.headline !== '鼓楼招商签约')
      ).toBe(true)
    } finally {
      both.close()
    }
  })
})
