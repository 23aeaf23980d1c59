/**
 * Search is exact: on a corpus of real Chinese text mixed with Latin and digits, random
 * substrings of 1–6 characters return exactly the reports whose normalised text contains them
 * (precision = recall = 1), the same as a brute-force `includes`.
 */
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library, uploadedSources } from '../library'
import { normalizeForSearch } from './normalize'
import { planTerm } from './plan'
import { allSectionTexts } from '../import/document-texts'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library
let texts: { id: number; norm: string; text: string }[]

const MIXED = [
  'Debian 系统是一个自由的操作系统，COVID疫情期间仍然发布了 12 个版本。',
  '全市19 个可再生能源项目总投资1.6亿元，其中4.6万吨颗粒硅项目投产。',
  '開發區管委會表示，招商引資將繼續推進，ＡＢＣ公司簽約金額為３億元。',
  '徐州经济技术开发区举行“开门红”誓师大会，team leader 王先生发言。',
  '泉山区：1月21日上午召开专题会议；沛县、睢宁县也同步部署。',
  // Many indexed words ending with `ication` (below): a query starting with that fragment has many leading
  // words, and is matched loosely, then checked (plan.ts, looseIsCheaper).
  'version(1)以及 option、session、python、edition、collection、vision、fusion 和 action 的说明。',
  'action 很好，poff(1)以及 section、mission、lesson 都有。',
  // Words ending with `ication`, a fragment longer than the letters a boundary token spells.
  'application(1)以及 communication、publication、indication、authentication 和 ication 的说明。',
]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-exact-'))
  library = new Library(dir)
  const lines = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((l) => l.length > 20)
  const docs: { name: string; dataBase64: string }[] = []
  for (let i = 0; i < 24; i++) {
    const body = [lines[i % lines.length], MIXED[i % MIXED.length], lines[(i * 7 + 3) % lines.length]].join(
      '\n'
    )
    const district = ['沛县', '睢宁', '邳州', '新沂'][i % 4]
    docs.push({
      name: `doc${i}.txt`,
      dataBase64: Buffer.from(`${district}\n第${i}号\n${body}\n`).toString('base64'),
    })
  }
  await library.importSources(uploadedSources(docs))
  await library.importPaths([SAMPLE])
  // Every searchable section: the district reports and each document's lead and closing.
  texts = allSectionTexts(library.db).map(({ id, text }) => ({ id, text, norm: normalizeForSearch(text) }))
})
afterAll(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

function expectExact(q: string): void {
  const needle = normalizeForSearch(q)
  if (needle.trim() === '' || needle.includes('"')) return
  const expected = texts
    .filter((t) => t.norm.includes(needle))
    .map((t) => t.id)
    .sort((a, b) => a - b)
  const result = library.search(`"${q}"`, { limit: 0, facets: false })
  const got = result.hits.map((h) => h.reportId).sort((a, b) => a - b)
  expect(got, `query ${JSON.stringify(q)}`).toEqual(expected)
  expect(result.total).toBe(expected.length)
  for (const hit of result.hits) {
    const text = texts.find((t) => t.id === hit.reportId)!.text
    expect(hit.matches.length, `hits of ${JSON.stringify(q)} in ${hit.reportId}`).toBeGreaterThan(0)
    for (const [s, e] of hit.matches) expect(normalizeForSearch(text.slice(s, e))).toContain(needle)
  }
}

describe('exact substring semantics', () => {
  it('random substrings of 1–6 characters', async () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 6 }), (i, at, len) => {
        const t = texts[i % texts.length]!.text
        const start = at % Math.max(1, t.length - len)
        expectExact(t.slice(start, start + len))
      }),
      { numRuns: 400 }
    )
  })

  it('mixed queries from real use', async () => {
    for (const q of [
      '1.6亿元',
      '4.6万吨',
      'Debian 系统',
      '“开门红”',
      'COVID疫情',
      '9 个可',
      'eam',
      '開發區',
      '开发区',
      '３億',
      'abc',
      '：1月',
      '，',
      'on(1)以及',
      'n(1)以及',
      'ion、',
      'sion(1)以及',
      'rsion(1)',
      'ication(1)以及',
      'lication(1)以',
      // Spaces at either end: a gap of spaces alone spells no token.
      'n ',
      'on ',
      ' 系统',
      '版本。',
      '。\n',
    ])
      expectExact(q)
  })

  it('a leading fragment with many words before the phrase is matched loosely, then checked', () => {
    const planned = planTerm(library.db, { text: 'ication(1)以及', negated: false })
    expect(planned.exact).toBe(false)
    expect(Array.isArray(planned.parts) && planned.parts[0]!.match).toContain(' AND (')
    // application(1)以及 has it; version(1)以及 and poff(1)以及 do not.
    const hits = library.search('"ication(1)以及"', { limit: 0 }).hits
    expect(
      hits.map((h) => texts.find((t) => t.id === h.reportId)!.text.includes('application(1)以及'))
    ).toEqual(hits.map(() => true))
    expect(hits.length).toBeGreaterThan(0)
  })

  it('checks a lone Han character after a gap in the text, without every report that has it', () => {
    const planned = planTerm(library.db, { text: '会议；沛', negated: false })
    expect(planned.exact).toBe(false)
    expect(Array.isArray(planned.parts) && planned.parts.map((p) => p.table)).toEqual(['report_fts'])
    expectExact('会议；沛')
    expectExact('会议；睢')
  })

  it('treats traditional and simplified alike, with exact offsets', async () => {
    const hits = library.search('開發區', { limit: 0 }).hits
    expect(hits.length).toBeGreaterThan(1)
    for (const h of hits) {
      const text = texts.find((t) => t.id === h.reportId)!.text
      for (const [s, e] of h.matches) expect(['开发区', '開發區']).toContain(text.slice(s, e))
    }
  })
})
