/**
 * The figures of every report are stored when it is indexed, and `amount:` finds reports by value:
 * exactly the reports whose text has a figure in the range (brute force over the extractor),
 * alone or with words, negated, in GB18030 files as in UTF-8, during an upgrade's rebuild as after.
 */
import iconv from 'iconv-lite'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractAmounts } from '../analysis/amounts'
import { Library } from '../library'
import { amountRange, parseQuery } from './query-parse'
import { inAmountRange } from './search'
import { allSectionTexts } from '../import/document-texts'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

const DOCS: Record<string, string> = {
  '沛县.txt':
    '2023年\n沛县\n沛县招商\n1月3日，沛县签约项目12个，总投资3.2亿元，其中工业项目投资三千万元。\n' +
    '丰县\n丰县开门红\n1月5日，丰县新建厂房30000平方米，流转土地5.2万亩，增长6.8%。\n',
  '新沂.txt':
    '2023年\n新沂\n新沂招商\n2月1日，新沂引进项目总投资１２亿元，带动就业4000余人，超500亿元的产业集群。\n' +
    '邳州\n邳州会议\n2月3日，邳州召开会议，电话0516-12345678，2023-02-03，第3次会议。\n',
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-amounts-'))
  library = new Library(join(dir, 'data'))
  const files = [SAMPLE]
  for (const [name, text] of Object.entries(DOCS)) {
    const file = join(dir, name)
    writeFileSync(file, text)
    files.push(file)
  }
  const gb = join(dir, '睢宁-gb18030.txt')
  writeFileSync(
    gb,
    iconv.encode('2023年\n睢宁\n睢宁招商\n3月1日，睢宁签约总投资1.6亿元的项目，新增面积2万亩。\n', 'gb18030')
  )
  files.push(gb)
  const summary = await library.importPaths(files)
  expect(summary.failed).toEqual([])
})
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

const sections = (): { id: number; text: string }[] => allSectionTexts(library.db)

/** Brute force: the sections whose text has a figure in every positive range and in no negated one. */
function expected(query: string, words: string[] = []): number[] {
  const parsed = parseQuery(query)
  return sections()
    .filter(({ text }) => {
      const figures = extractAmounts(text)
      return (
        words.every((w) => text.includes(w)) &&
        parsed.amounts.every((r) => figures.some((f) => inAmountRange(r, f))) &&
        !parsed.exclude.amounts.some((r) => figures.some((f) => inAmountRange(r, f)))
      )
    })
    .map((s) => s.id)
}

const found = (query: string): number[] =>
  library
    .search(query, { limit: 0 })
    .hits.map((h) => h.reportId)
    .sort((a, b) => a - b)

const QUERIES: [string, string[]][] = [
  ['amount:>1亿', []],
  ['amount:>=1.6亿元', []],
  ['amount:1000万..5亿', []],
  ['amount:..3000万元', []],
  ['amount:三千万元', []],
  ['amount:>5万亩', []],
  ['amount:>=30000平方米', []],
  ['amount:>5%', []],
  ['amount:>100人', []],
  ['amount:>100亿', []],
  ['招商 amount:>1亿', ['招商']],
  ['招商 -amount:>1亿', ['招商']],
  ['amount:>1000万 amount:<2亿', []],
]

describe('amount:', () => {
  it('stores each report’s figures when it is indexed, with offsets into its text', () => {
    for (const { id, text } of sections()) {
      const stored = library.db
        .prepare('SELECT start, end, kind, unit, value FROM facts WHERE section_id = ? ORDER BY start')
        .all(id)
      expect(stored).toEqual(
        extractAmounts(text).map(({ start, end, kind, unit, value }) => ({ start, end, kind, unit, value }))
      )
    }
    const total = library.db.prepare('SELECT count(*) FROM facts').pluck().get() as number
    expect(total).toBeGreaterThan(10)
  })

  it('finds exactly the reports with a figure in the range, alone, with words, negated', () => {
    for (const [query, words] of QUERIES) {
      const want = expected(query, words)
      expect(found(query), query).toEqual(want)
    }
    expect(found('amount:>1亿').length).toBeGreaterThan(2)
    expect(found('amount:三千万元').length).toBeGreaterThan(0)
    // 0516-12345678, 2023-02-03 and 第3次 are not figures.
    expect(found('amount:<=12345678')).toEqual(expected('amount:<=12345678'))
  })

  it('marks the figures it found as hits, and says how it read the query', () => {
    const result = library.search('amount:>1亿', { limit: 0 })
    for (const hit of result.hits) {
      const text = library.getReport(hit.reportId).text
      const marked = hit.matches.map(([s, e]) => text.slice(s, e))
      expect(
        marked.some((m) => /亿元$/u.test(m)),
        marked.join(',')
      ).toBe(true)
    }
    expect(result.understood).toContain('amount > 100000000 元')
  })

  it('reads malformed ranges as words, not as filters', () => {
    for (const value of ['abc', '>', '1亿元..5亩', '1..2..3x', '>>5'])
      expect(amountRange(value), value).toBeNull()
    expect(amountRange('1000万..5亿元')).toEqual({
      unit: '元',
      min: 1e7,
      max: 5e8,
      minStrict: false,
      maxStrict: false,
    })
    expect(amountRange('＞５万亩')).toMatchObject({ unit: '亩', min: 50000, minStrict: true })
    expect(parseQuery('amount:abc').groups).toEqual([[{ text: 'amount:abc', negated: false }]])
  })

  it('reads the figures from the text while an upgrade makes them again', () => {
    const before = QUERIES.map(([q]) => found(q))
    library.db.prepare("UPDATE library_meta SET value = 'older' WHERE key = 'tokenizer'").run()
    library.db.exec('DELETE FROM facts')
    try {
      expect(QUERIES.map(([q]) => found(q))).toEqual(before)
    } finally {
      library.close()
      library = new Library(join(dir, 'data'))
    }
    // Opening made the index current again (a small library does it on open).
    expect(library.db.prepare('SELECT count(*) FROM facts').pluck().get()).toBeGreaterThan(10)
    expect(QUERIES.map(([q]) => found(q))).toEqual(before)
  })

  it('makes the figures again on restore (a backup leaves them out)', async () => {
    const before = library.db.prepare('SELECT * FROM facts ORDER BY section_id, start').all()
    const backup = (await library.automaticBackup(true)) as string
    const { default: Database } = await import('better-sqlite3')
    const copy = new Database(backup, { readonly: true })
    expect(copy.prepare('SELECT count(*) FROM facts').pluck().get()).toBe(0)
    copy.close()
    await library.restore(backup)
    expect(library.db.prepare('SELECT * FROM facts ORDER BY section_id, start').all()).toEqual(before)
  })
})
