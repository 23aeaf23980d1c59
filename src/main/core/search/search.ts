/**
 * Runs a parsed query: FTS5 finds candidates through bigram phrases; terms whose phrase is not
 * exact on its own (several runs, punctuation) are checked against the normalised text, so results
 * always equal what a substring search over every report would give.
 */
import type { SearchHit, SearchResult } from '../../../shared/api'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { districtKey } from '../import/districts'
import { normalizeForSearch, normalizeWithOffsets, originalRange } from './normalize'
import { parseQuery, type ParsedQuery, type Term } from './query-parse'
import { pinyinExpansions } from './pinyin'
import { anyWord, planSubstring, runsOf } from './tokens'
import { ensureVocabularyTable } from './index-store'

export interface SearchOptions {
  limit?: number
  offset?: number
  sort?: 'relevance' | 'date'
}

interface PlannedTerm {
  term: Term
  norm: string
  /** FTS5 expression for the term; null when the index cannot narrow it; NONE when nothing can match. */
  phrase: string | null
  /** True when FTS alone is not exact for this term and candidates must be checked. */
  needsCheck: boolean
}

const NONE = '\u0000none'

interface Candidate {
  id: number
  district: string | null
  date: string | null
  score: number
  viaPinyin: boolean
}

const DEFAULT_LIMIT = 20
/** Above this many hits, bm25 over every hit costs more than it tells: order by date instead. */
const RANK_LIMIT = 20_000

/** Above this many indexed words containing a Latin/digit fragment, scan the text instead. */
const MAX_FRAGMENT_WORDS = 300
const FIRST_CJK = '\u2e80'

/** Indexed Latin/digit words containing a fragment (they sort before CJK in the vocabulary). */
function wordsContaining(db: Db, fragment: string): string[] | null {
  ensureVocabularyTable(db)
  const rows = statement<[string, string, number], { term: string }>(
    db,
    'SELECT term FROM temp.report_vocab WHERE term < ? AND instr(term, ?) > 0 LIMIT ?'
  ).all(FIRST_CJK, fragment, MAX_FRAGMENT_WORDS + 1)
  return rows.length > MAX_FRAGMENT_WORDS ? null : rows.map((r) => r.term)
}

function planTerm(db: Db, term: Term): PlannedTerm {
  const norm = normalizeForSearch(term.text)
  const plan = planSubstring(norm)
  const runs = runsOf(norm)
  const runChars = runs.reduce((n, r) => n + r.chars.join('').length, 0)
  const punctuation = runChars !== norm.length
  if (plan === null) return { term, norm, phrase: null, needsCheck: true }
  if (plan.kind === 'phrase')
    return { term, norm, phrase: plan.phrase, needsCheck: punctuation || plan.runs > 1 }
  const words = wordsContaining(db, plan.fragment)
  if (words === null) return { term, norm, phrase: null, needsCheck: true }
  return { term, norm, phrase: words.length === 0 ? NONE : anyWord(words), needsCheck: punctuation }
}

/** The FTS5 MATCH expression for the positive groups, with exact negations; null when none. */
/**
 * The FTS5 MATCH expression for the positive groups with exact negations; null when the index
 * cannot narrow the query, NONE when nothing can match.
 */
function matchExpression(groups: PlannedTerm[][]): string | null {
  const positive: string[] = []
  const negative: string[] = []
  for (const group of groups) {
    const first = group[0]!
    if (first.term.negated) {
      if (!first.needsCheck && first.phrase && first.phrase !== NONE) negative.push(first.phrase)
      continue
    }
    if (group.some((t) => t.phrase === null)) continue
    const alternatives = group.map((t) => t.phrase as string).filter((p) => p !== NONE)
    if (alternatives.length === 0) return NONE
    positive.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`)
  }
  if (positive.length === 0) return null
  return [positive.join(' AND '), ...negative].join(' NOT ')
}

function filterSql(query: ParsedQuery, params: unknown[], withDistricts: boolean): string {
  const parts: string[] = []
  if (withDistricts && query.districts.length > 0) {
    parts.push(`s.district_key IN (${query.districts.map(() => '?').join(', ')})`)
    params.push(...query.districts.map(districtKey))
  }
  if (query.dateFrom) {
    parts.push('s.date >= ?')
    params.push(query.dateFrom)
  }
  if (query.dateTo) {
    parts.push('s.date <= ?')
    params.push(query.dateTo)
  }
  // Annotation filters match nothing until annotations exist in this library.
  if (query.tags.length > 0 || query.colors.length > 0 || query.hasNotes || query.inNotes) parts.push('0')
  return parts.map((p) => ` AND ${p}`).join('')
}

function checkText(text: string, groups: PlannedTerm[][]): boolean {
  return groups.every((group) => {
    const first = group[0]!
    if (first.term.negated) return !text.includes(first.norm)
    return group.some((t) => text.includes(t.norm))
  })
}

function candidates(
  db: Db,
  query: ParsedQuery,
  groups: PlannedTerm[][],
  sort: 'relevance' | 'date'
): Candidate[] {
  const params: unknown[] = []
  const expression = matchExpression(groups)
  if (expression === NONE) return []
  let sql: string
  if (expression) {
    params.push(expression)
    sql = `SELECT s.id, s.district, s.date, bm25(report_fts, 10.0, 4.0, 1.0) AS score
           FROM report_fts JOIN sections s ON s.id = report_fts.rowid
           WHERE report_fts MATCH ?`
  } else {
    sql = `SELECT s.id, s.district, s.date, 0.0 AS score FROM sections s WHERE s.kind = 'report'`
    const exactNegatives = groups
      .map((g) => g[0]!)
      .filter((t) => t.term.negated && !t.needsCheck && t.phrase && t.phrase !== NONE)
      .map((t) => t.phrase)
    if (exactNegatives.length > 0) {
      sql += ' AND s.id NOT IN (SELECT rowid FROM report_fts WHERE report_fts MATCH ?)'
      params.push(exactNegatives.join(' OR '))
    }
  }
  sql += filterSql(query, params, false)
  const rows = db.prepare<unknown[], Omit<Candidate, 'viaPinyin'>>(sql).all(...params)
  if (sort === 'date' || rows.length > RANK_LIMIT || !expression) rows.sort(byDate)
  else rows.sort((a, b) => a.score - b.score || byDate(a, b))
  return rows.map((r) => ({ ...r, viaPinyin: false }))
}

function byDate(a: { date: string | null; id: number }, b: { date: string | null; id: number }): number {
  if (a.date !== b.date) return a.date === null ? 1 : b.date === null ? -1 : a.date < b.date ? 1 : -1
  return a.id - b.id
}

const SNIPPET_CONTEXT = 36
const MAX_SNIPPETS = 3

export function findMatches(text: string, needles: readonly string[]): [number, number][] {
  const norm = normalizeWithOffsets(text)
  const found: [number, number][] = []
  for (const needle of needles) {
    if (needle === '') continue
    for (let at = norm.text.indexOf(needle); at >= 0; at = norm.text.indexOf(needle, at + 1)) {
      found.push(originalRange(norm, at, at + needle.length))
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: [number, number][] = []
  for (const r of found) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}

export function snippetsFor(text: string, matches: [number, number][]): SearchHit['snippets'] {
  if (matches.length === 0)
    return [{ text: text.slice(0, SNIPPET_CONTEXT * 2).replace(/\n/gu, ' '), marks: [] }]
  const snippets: SearchHit['snippets'] = []
  let i = 0
  while (i < matches.length && snippets.length < MAX_SNIPPETS) {
    const first = matches[i]!
    const start = Math.max(0, first[0] - SNIPPET_CONTEXT)
    const end = Math.min(text.length, first[1] + SNIPPET_CONTEXT)
    const marks: [number, number][] = []
    while (i < matches.length && matches[i]![1] <= end) {
      marks.push([matches[i]![0] - start, matches[i]![1] - start])
      i++
    }
    if (marks.length === 0) i++
    snippets.push({ text: text.slice(start, end).replace(/\n/gu, ' '), marks })
  }
  return snippets
}

interface ReportRow {
  id: number
  document_id: number
  district: string | null
  headline: string
  date: string | null
  text: string
}

export function searchReports(db: Db, rawQuery: string, options: SearchOptions = {}): SearchResult {
  const query = parseQuery(rawQuery)
  const limit = options.limit === 0 ? Number.MAX_SAFE_INTEGER : (options.limit ?? DEFAULT_LIMIT)
  const offset = options.offset ?? 0
  const sort = options.sort ?? 'relevance'
  const groups = query.groups.map((g) => g.map((t) => planTerm(db, t)))
  const needsCheck = groups.some((g) => g.some((t) => t.needsCheck))
  const textOf = statement<[number], { district: string | null; text: string }>(
    db,
    'SELECT district, text FROM sections WHERE id = ?'
  )

  let found = candidates(db, query, groups, sort)
  if (needsCheck) {
    found = found.filter((c) => {
      const row = textOf.get(c.id)
      return row ? checkText(normalizeForSearch(`${row.district ?? ''}\n${row.text}`), groups) : false
    })
  }

  // Pinyin: a Latin-only query also finds the Chinese words it spells, ranked after literal hits.
  const pinyinWords = pinyinExpansions(db, query)
  if (pinyinWords.length > 0) {
    const seen = new Set(found.map((c) => c.id))
    const expression = pinyinWords.flatMap((w) => {
      const plan = planSubstring(normalizeForSearch(w))
      return plan?.kind === 'phrase' ? [plan.phrase] : []
    })
    const params: unknown[] = [expression.join(' OR ')]
    const sql =
      `SELECT s.id, s.district, s.date, bm25(report_fts, 10.0, 4.0, 1.0) AS score
       FROM report_fts JOIN sections s ON s.id = report_fts.rowid WHERE report_fts MATCH ?` +
      filterSql(query, params, false)
    const extra = db.prepare<unknown[], Omit<Candidate, 'viaPinyin'>>(sql).all(...params)
    extra.sort((a, b) => (sort === 'date' ? byDate(a, b) : a.score - b.score || byDate(a, b)))
    for (const row of extra) if (!seen.has(row.id)) found.push({ ...row, viaPinyin: true })
  }

  const facetCounts = new Map<string, { district: string; count: number }>()
  for (const c of found) {
    const name = c.district ?? ''
    const key = c.district ? districtKey(c.district) : ''
    const entry = facetCounts.get(key)
    if (entry) entry.count++
    else facetCounts.set(key, { district: name, count: 1 })
  }
  const wanted = new Set(query.districts.map(districtKey))
  if (wanted.size > 0) found = found.filter((c) => c.district !== null && wanted.has(districtKey(c.district)))

  const page = found.slice(offset, offset + limit)
  const reportRow = statement<[number], ReportRow>(
    db,
    'SELECT id, document_id, district, headline, date, text FROM sections WHERE id = ?'
  )
  const literalNeedles = groups.flatMap((g) => g.filter((t) => !t.term.negated).map((t) => t.norm))
  const pinyinNeedles = pinyinWords.map(normalizeForSearch)
  const hits: SearchHit[] = []
  for (const c of page) {
    const row = reportRow.get(c.id)
    if (!row) continue
    const matches = findMatches(row.text, c.viaPinyin ? pinyinNeedles : [...literalNeedles, ...pinyinNeedles])
    hits.push({
      reportId: row.id,
      documentId: row.document_id,
      district: row.district,
      headline: row.headline,
      date: row.date,
      score: Math.round(-c.score * 1000) / 1000,
      snippets: snippetsFor(row.text, matches),
      matches,
      viaPinyin: c.viaPinyin,
    })
  }
  return {
    total: found.length,
    hits,
    districts: [...facetCounts.values()].filter((d) => d.district !== '').sort((a, b) => b.count - a.count),
    understood: describe(query, pinyinWords),
  }
}

function describe(query: ParsedQuery, pinyinWords: string[]): string {
  const parts = query.groups.map((g) =>
    g.map((t) => (t.negated ? `NOT “${t.text}”` : `“${t.text}”`)).join(' OR ')
  )
  if (query.districts.length > 0) parts.push(`district ${query.districts.join('/')}`)
  if (query.dateFrom || query.dateTo) parts.push(`date ${query.dateFrom ?? '…'}..${query.dateTo ?? '…'}`)
  if (pinyinWords.length > 0) parts.push(`pinyin: ${pinyinWords.slice(0, 5).join(', ')}`)
  return parts.join(' AND ')
}
