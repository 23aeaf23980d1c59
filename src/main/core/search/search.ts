/**
 * Runs a query over every section a document has (district reports, and the lead and closing,
 * whose hits say so): the indexes give candidates (see plan.ts); terms whose index parts are not exact
 * on their own are checked against the normalised text, so results always equal a substring
 * search over every report's text. Hits are ranked at any hit count: district/headline matches
 * first, then the other district reports, then leads and closings; within each, bm25, then newest
 * (every hit of a word is read once with its score and ranked in memory; a common word's first
 * pages are stored, top-hits.ts). A single character's hits, which have no term frequencies to
 * score, come newest first.
 */
import type { SearchHit, SearchResult } from '../../../shared/api'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import {
  countyByCode,
  countyCodesOfCity,
  districtGroup,
  districtKey,
  districtLabel,
} from '../import/districts'
import { containsNormalized, normalizeForSearch } from './normalize'
import { pinyinExpansions } from './pinyin'
import { candidateSql, planTerm, rankExpression, singlePart, type PlannedTerm } from './plan'
import { hasStrayBrackets, parseQuery, type AmountRange, type ParsedQuery } from './query-parse'
import { findMatches, mergeMatches, snippetsFor } from './snippets'
import { indexProgress, indexStale } from './index-store'
import { extractAmounts } from '../analysis/amounts'
import { countByPlace, inSnapshot, sectionTable, type SectionTable } from './section-table'
import { listKey, RANK_LIMIT, storedTopHits } from './top-hits'
import { loadedHeadlines, loadHeadlines } from './headlines'
import { AMONG, rankedHits, rankFunction } from '../db/rank-extension'
import { forSectionTexts, sectionText } from '../import/document-texts'
import { byChinese } from '../collate'

export { findMatches, snippetsFor } from './snippets'

export interface SearchOptions {
  limit?: number
  offset?: number
  sort?: 'relevance' | 'date'
  /** Count hits per district (the UI's facet list). On by default. */
  facets?: boolean
  /** Hits without matches and snippets (for counting, as `stats` does). Off by default. */
  bare?: boolean
}

interface Row {
  id: number
  document_id: number
  kind: SearchHit['kind']
  district: string | null
  /** The county's code in the gazetteer (tells 徐州's 鼓楼区 from 南京's). */
  code: string | null
  headline: string
  date: string | null
}

const DEFAULT_LIMIT = 20

/** The whole library newest first, read in date-index order (no sort of every row). */
export const LIBRARY_BY_DATE = `SELECT id, document_id, kind, district, district_code AS code, headline, date FROM sections INDEXED BY sections_date
  WHERE kind = 'report' ORDER BY date DESC, id DESC LIMIT ? OFFSET ?`

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ')

/** The county codes of the cities named (city:徐州), simplified. */
const cityCodes = (cities: readonly string[]): string[] =>
  cities.flatMap((c) => countyCodesOfCity(normalizeForSearch(c)))

/** Sections with a stored figure in the range (see db/migrations/007-facts.ts). */
function amountSql(range: AmountRange, params: unknown[]): string {
  const bounds = ['unit = ?']
  params.push(range.unit)
  if (range.min !== null) {
    bounds.push(`value ${range.minStrict ? '>' : '>='} ?`)
    params.push(range.min)
  }
  if (range.max !== null) {
    bounds.push(`value ${range.maxStrict ? '<' : '<='} ?`)
    params.push(range.max)
  }
  return `SELECT section_id FROM facts WHERE ${bounds.join(' AND ')}`
}

/** Whether a figure falls in the range (the same test as amountSql, for figures read from a text). */
export function inAmountRange(range: AmountRange, figure: { unit: string; value: number }): boolean {
  if (figure.unit !== range.unit) return false
  if (range.min !== null && (range.minStrict ? figure.value <= range.min : figure.value < range.min))
    return false
  if (range.max !== null && (range.maxStrict ? figure.value >= range.max : figure.value > range.max))
    return false
  return true
}

function filterSql(
  query: ParsedQuery,
  params: unknown[],
  withDistricts: boolean,
  /** False while the stored figures are being made again: amount: is then tested on the text. */
  withAmounts = true
): string {
  const parts: string[] = []
  const ex = query.exclude
  if (withAmounts) {
    for (const range of query.amounts) parts.push(`s.id IN (${amountSql(range, params)})`)
    for (const range of ex.amounts) parts.push(`s.id NOT IN (${amountSql(range, params)})`)
  }
  if (withDistricts && query.districts.length > 0) {
    parts.push(`s.district_key IN (${placeholders(query.districts.length)})`)
    params.push(...query.districts.map(districtKey))
  }
  if (withDistricts && ex.districts.length > 0) {
    parts.push(`(s.district_key IS NULL OR s.district_key NOT IN (${placeholders(ex.districts.length)}))`)
    params.push(...ex.districts.map(districtKey))
  }
  if (query.cities.length > 0) {
    const codes = cityCodes(query.cities)
    parts.push(`s.district_code IN (${placeholders(codes.length) || 'NULL'})`)
    params.push(...codes)
  }
  if (ex.cities.length > 0) {
    const codes = cityCodes(ex.cities)
    if (codes.length > 0) {
      parts.push(`(s.district_code IS NULL OR s.district_code NOT IN (${placeholders(codes.length)}))`)
      params.push(...codes)
    }
  }
  for (const source of query.sources) {
    parts.push("instr(coalesce(s.source, ''), ?) > 0")
    params.push(source)
  }
  for (const source of ex.sources) {
    parts.push("instr(coalesce(s.source, ''), ?) = 0")
    params.push(source)
  }
  if (query.dateFrom) {
    parts.push('s.date >= ?')
    params.push(query.dateFrom)
  }
  if (query.dateTo) {
    parts.push('s.date <= ?')
    params.push(query.dateTo)
  }
  for (const [from, to] of ex.dates) {
    parts.push('(s.date IS NULL OR s.date < ? OR s.date > ?)')
    params.push(from, to)
  }
  const live = 'SELECT a.report_id FROM annotations a WHERE a.deleted_at IS NULL AND a.report_id IS NOT NULL'
  const withTag = `${live} AND EXISTS (SELECT 1 FROM annotation_tags t WHERE t.annotation_id = a.id AND t.tag = ?)`
  for (const tag of query.tags) {
    parts.push(`s.id IN (${withTag})`)
    params.push(tag)
  }
  for (const tag of ex.tags) {
    parts.push(`s.id NOT IN (${withTag})`)
    params.push(tag)
  }
  if (query.colors.length > 0) {
    parts.push(`s.id IN (${live} AND a.color IN (${placeholders(query.colors.length)}))`)
    params.push(...query.colors)
  }
  if (ex.colors.length > 0) {
    parts.push(`s.id NOT IN (${live} AND a.color IN (${placeholders(ex.colors.length)}))`)
    params.push(...ex.colors)
  }
  if (query.hasNotes) parts.push(`s.id IN (${live} AND a.note <> '')`)
  if (ex.hasNotes) parts.push(`s.id NOT IN (${live} AND a.note <> '')`)
  return parts.map((p) => ` AND ${p}`).join('')
}

const hasFilters = (q: ParsedQuery): boolean => filterSql(q, [], true) !== '' || q.inNotes

/** in:notes — reports whose annotations (quote, note, tags) match the text terms. */
function reportsByNotes(db: Db, groups: PlannedTerm[][]): number[] {
  const rows = statement<[], { report_id: number; body: string }>(
    db,
    `SELECT a.report_id, a.exact || char(10) || a.note || char(10) ||
       coalesce((SELECT group_concat(tag, ' ') FROM annotation_tags t WHERE t.annotation_id = a.id), '') AS body
     FROM annotations a WHERE a.deleted_at IS NULL AND a.report_id IS NOT NULL`
  ).all()
  return [
    ...new Set(rows.filter((r) => checkText(normalizeForSearch(r.body), groups)).map((r) => r.report_id)),
  ]
}

/** Whether a report's (original) text satisfies every group, with exact substring semantics. */
function checkText(text: string, groups: PlannedTerm[][]): boolean {
  return groups.every((group) => {
    const first = group[0]!
    if (first.term.negated) return !containsNormalized(text, first.norm)
    return group.some((t) => containsNormalized(text, t.norm))
  })
}

/** Hits with their scores, in the same order (parallel). */
interface Scored {
  ids: number[]
  scores: ArrayLike<number>
}

/**
 * Up to this many hits (a common word filtered by place or date) are scored alone, the expression's
 * other hits passed over (AMONG): scoring every hit of 系统 took 36 ms at 100k reports, its 107 in
 * one district 4 ms. Above it, scoring all can be the cheaper (5,000 of 5,000 hits: about 8 ms
 * against 3 ms; 84k of 84k: 56 against 34).
 */
const SCORED_AMONG = 5_000

/**
 * Every hit of an expression over report_fts (or those `among` them) with its score (bm25, or the
 * rank extension's rank_bm25, the same order): read once by the extension's aggregate where it is
 * loaded (one value back), else a row per hit (about 35 ms for 90k hits at 100k reports).
 */
function allScores(db: Db, match: string, among: readonly number[] | null = null): Scored {
  const kept = among === null ? null : JSON.stringify(among)
  const once = rankedHits(db, match, Number.MAX_SAFE_INTEGER, 0, kept)
  if (once) return once
  const rows = statement<string[], [number, number]>(
    db,
    `SELECT rowid, ${rankFunction(db)}(report_fts) FROM report_fts WHERE report_fts MATCH ?${kept === null ? '' : AMONG}`
  )
    .raw()
    .all(match, ...(kept === null ? [] : [kept]))
  return { ids: rows.map((r) => r[0]), scores: Float64Array.from(rows, (r) => r[1]) }
}

interface Found {
  total: number
  /** The ranked page, or every hit when ranked in full. */
  rows: Row[]
  /** True when `rows` is already the requested page (the fast path pages in the index). */
  paged: boolean
  facets: Map<string, Facet> | null
}

type Facet = { district: string; code: string | null; count: number }

function facetCounts(rows: Row[]): Map<string, Facet> {
  const counts = new Map<string, Facet>()
  for (const r of rows) if (r.district) addFacet(counts, { district: r.district, code: r.code, count: 1 })
  return counts
}

/**
 * The sidebar's districts: name, city and count, and the filter that selects exactly that
 * district (with its city where another city has a district of the same name), largest first,
 * equal counts by name so the order never jumps.
 */
/**
 * Each district of a list with the query filter that selects exactly it: its name, with its city
 * when another district of the list has the same name (鼓楼区 of 徐州 and of 南京).
 */
export function withDistrictFilters<T extends { district: string; city: string | null }>(
  list: readonly T[]
): (T & { filter: string })[] {
  const names = new Map<string, number>()
  for (const d of list) names.set(districtKey(d.district), (names.get(districtKey(d.district)) ?? 0) + 1)
  return list.map((d) => ({
    ...d,
    filter:
      (names.get(districtKey(d.district)) ?? 0) > 1 && d.city
        ? `district:${d.district} city:${d.city}`
        : `district:${d.district}`,
  }))
}

function facetList(facets: Map<string, Facet> | null): SearchResult['districts'] {
  return withDistrictFilters(
    [...(facets?.values() ?? [])].map((f) => ({
      district: f.district,
      city: f.code ? (countyByCode(f.code)?.city ?? null) : null,
      count: f.count,
    }))
  ).sort((a, b) => b.count - a.count || byChinese(a.district, b.district))
}

/** Adds a count to its district's facet (several spellings of one county: the gazetteer's name). */
function addFacet(out: Map<string, Facet>, f: Facet): void {
  const key = districtGroup(f.district, f.code)
  const entry = out.get(key)
  if (!entry) out.set(key, { ...f, district: districtLabel(f.district, f.code) })
  else {
    entry.count += f.count
    // Names the gazetteer does not know: the first in order, whatever order the rows come in.
    if (f.district < entry.district && !f.code) entry.district = f.district
  }
}

/** At most this many districts are offered for the words of a query (the most reports first). */
const NAMED_DISTRICTS = 5

/** How many sections each place of a section table has (counted once per table). */
const sectionsPerPlace = new WeakMap<SectionTable, Int32Array>()

/**
 * The districts whose name (any spelling of it, or the gazetteer's, compared as searches compare
 * text) holds every word of a query without filters, each with all of its reports counted: the
 * NAMED_DISTRICTS with the most reports, and none for a single character (区 or 县 is in nearly
 * every name).
 */
function namedDistricts(
  db: Db,
  query: ParsedQuery,
  needles: readonly string[]
): SearchResult['namedDistricts'] {
  if (needles.length === 0 || needles.join('').length < 2 || hasFilters(query)) return []
  const table = sectionTable(db)
  const holds = (name: string): boolean => needles.every((n) => name.includes(n))
  /** The districts named (districtGroup: every spelling of a county is one). */
  const named = new Set<string>()
  for (const p of table.places)
    if (p.kind === 'report' && p.district !== null)
      if (holds(p.folded ?? '') || holds(normalizeForSearch(districtLabel(p.district, p.code))))
        named.add(districtGroup(p.district, p.code))
  if (named.size === 0) return []
  let counts = sectionsPerPlace.get(table)
  if (!counts) {
    counts = new Int32Array(table.places.length)
    for (const at of table.place) if (at >= 0) counts[at]!++
    sectionsPerPlace.set(table, counts)
  }
  const out = new Map<string, Facet>()
  table.places.forEach((p, at) => {
    if (p.kind === 'report' && p.district !== null && named.has(districtGroup(p.district, p.code)))
      addFacet(out, { district: p.district, code: p.code, count: counts[at]! })
  })
  return facetList(out).slice(0, NAMED_DISTRICTS)
}

/**
 * The whole library's district counts, from the places index alone (about 20 ms at 100k reports):
 * the window's first list needs no section table, which readers read after it.
 */
function libraryFacets(db: Db): Found['facets'] {
  const out = new Map<string, Facet>()
  for (const f of statement<[], Facet>(
    db,
    `SELECT min(district) AS district, district_code AS code, count(*) AS count FROM sections INDEXED BY sections_places
     WHERE kind = 'report' AND district IS NOT NULL GROUP BY district_code, district_key`
  ).all())
    addFacet(out, f)
  return out
}

/** The district counts of the given sections (reports with a district), from the section table. */
function facetsOfIds(db: Db, ids: readonly number[]): Found['facets'] {
  const table = sectionTable(db)
  const counts = countByPlace(table, ids)
  const out = new Map<string, Facet>()
  table.places.forEach((p, at) => {
    if (p.kind !== 'report' || p.district === null) return
    if (counts[at]! > 0) addFacet(out, { district: p.district, code: p.code, count: counts[at]! })
  })
  return out
}

/** The list rows of the given sections (in no particular order). */
const rowsOf = (db: Db, ids: readonly number[]): Row[] =>
  statement<[string], Row>(
    db,
    `SELECT id, document_id, kind, district, district_code AS code, headline, date FROM sections
     WHERE id IN (SELECT value FROM json_each(?))`
  ).all(JSON.stringify(ids))

/** The list rows of a page of sections, in the page's order (a section gone meanwhile is left out). */
function rowsInOrder(db: Db, page: readonly number[]): Row[] {
  const byId = new Map(rowsOf(db, page).map((r) => [r.id, r]))
  return page.flatMap((id) => byId.get(id) ?? [])
}

/** The ids a compound candidate SELECT gives. */
const idsOf = (db: Db, compound: string, params: unknown[]): number[] =>
  db
    .prepare<unknown[], number>(compound)
    .pluck()
    .all(...params)

/**
 * The hits' order without their rows: the section table gives each one's district and date, one
 * lean read gives the headlines (district/headline matches first), then bm25, then newest. Reading
 * every hit's whole row with its score took three times as long (10 ms for 1,800 hits). Each hit's
 * keys go into typed arrays and the page is picked by index: a word's every hit is ranked here
 * (90k of them at 100k reports), and an object per hit cost more than the scores did.
 */
function orderIds(
  db: Db,
  ids: readonly number[],
  groups: PlannedTerm[][],
  sort: 'relevance' | 'date',
  /** Each hit's score, in the order of `ids` (else read here). */
  known: ArrayLike<number> | null,
  /** The hits' headlines, when their rows are already read. */
  headlines?: ReadonlyMap<number, string> | null,
  /** How many of the first are wanted (a page's end): the rest are left unordered and out. */
  count = ids.length
): number[] {
  const n = ids.length
  const table = sectionTable(db)
  // Dates are numbered in order, so a date's number orders it; none (−1) comes last.
  const day = new Int32Array(n)
  for (let i = 0; i < n; i++) day[i] = table.day[ids[i]!] ?? -1
  const newest = (a: number, b: number): number =>
    day[a] === day[b] ? ids[b]! - ids[a]! : day[a] === -1 ? 1 : day[b] === -1 ? -1 : day[b]! - day[a]!
  const all = new Array<number>(n)
  for (let i = 0; i < n; i++) all[i] = i
  if (sort === 'date') return firstInOrder(all, count, newest).map((i) => ids[i]!)
  const expression = known ? null : rankExpression(groups)
  const score =
    known ??
    (expression
      ? scoresOf(allScores(db, expression, n <= SCORED_AMONG ? ids : null), ids)
      : new Float64Array(n))
  const needles = groups.flatMap((g) => g.filter((t) => !t.term.negated).map((t) => t.norm))
  /**
   * A hit's tier: 0 where its district or headline holds a needle, 1 for the other district
   * reports, 2 for the rest (a document's lead and closing, short framing that bm25's length
   * normalisation would otherwise put first for any word they share with the reports).
   */
  const tier = new Uint8Array(n)
  const place = table.place
  const framing = table.places.map((p) => p.kind !== 'report')
  for (let i = 0; i < n; i++) {
    const at = place[ids[i]!] ?? -1
    tier[i] = at >= 0 && framing[at] ? 2 : 1
  }
  if (needles.length > 0) {
    const [one] = needles
    const holds =
      needles.length === 1
        ? (s: string): boolean => s.includes(one!)
        : (s: string): boolean => needles.some((needle) => s.includes(needle))
    const placeMatches = table.places.map((p) => p.folded !== null && holds(p.folded))
    // Each hit's headline as searches compare it: the readers' copy in memory (folded already),
    // else the rows' (given, or read at once), folded here one by one. For more hits than a
    // stored list is made for, every headline is loaded instead (as a reader does in steps): it
    // costs about as much as reading theirs, once.
    if (!headlines && n > RANK_LIMIT && !loadedHeadlines(db)) loadHeadlines(db)
    const folded = loadedHeadlines(db)
    const heads = folded
      ? null
      : new Map(
          headlines ??
            statement<[string], [number, string]>(
              db,
              'SELECT id, headline FROM sections WHERE id IN (SELECT value FROM json_each(?))'
            )
              .raw()
              .all(JSON.stringify(ids))
        )
    for (let i = 0; i < n; i++) {
      const id = ids[i]!
      const at = place[id] ?? -1
      if (at >= 0 && placeMatches[at]) tier[i] = 0
      else if (holds((folded ? folded[id] : normalizeForSearch(heads!.get(id) ?? '')) ?? '')) tier[i] = 0
    }
  }
  return firstInOrder(all, count, (a, b) => tier[a]! - tier[b]! || score[a]! - score[b]! || newest(a, b)).map(
    (i) => ids[i]!
  )
}

const ascending = (list: ArrayLike<number>): boolean => {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! >= list[i]!) return false
  return true
}

/**
 * Each of `ids`' score among a query's scored hits (0 where it has none). Both lists come in rowid
 * order from the index: then they are walked side by side (a map of 75k hits took 16 ms).
 */
function scoresOf(scored: Scored, ids: readonly number[]): Float64Array {
  const out = new Float64Array(ids.length)
  if (ascending(ids) && ascending(scored.ids)) {
    for (let i = 0, j = 0; i < ids.length; i++) {
      while (j < scored.ids.length && scored.ids[j]! < ids[i]!) j++
      if (j < scored.ids.length && scored.ids[j] === ids[i]) out[i] = scored.scores[j]!
    }
    return out
  }
  const byId = new Map<number, number>()
  for (let i = 0; i < scored.ids.length; i++) byId.set(scored.ids[i]!, scored.scores[i]!)
  return Float64Array.from(ids, (id) => byId.get(id) ?? 0)
}

/**
 * The first `count` items in `compare`'s order (a total order), as sorting them all and taking the
 * first would give: a page of a few thousand hits is picked through a heap of the page's size
 * instead of sorting every hit.
 */
export function firstInOrder<T>(items: T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count * 4 >= items.length) return items.sort(compare).slice(0, count)
  // A heap of the best `count` so far, the worst of them at its root.
  const heap: T[] = []
  const worse = (i: number, j: number): boolean => compare(heap[i]!, heap[j]!) > 0
  const swap = (i: number, j: number): void => {
    const t = heap[i]!
    heap[i] = heap[j]!
    heap[j] = t
  }
  for (const item of items) {
    if (heap.length < count) {
      heap.push(item)
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1)
    } else if (count > 0 && compare(item, heap[0]!) < 0) {
      heap[0] = item
      for (let i = 0; ;) {
        const l = 2 * i + 1
        let w = i
        if (l < heap.length && worse(l, w)) w = l
        if (l + 1 < heap.length && worse(l + 1, w)) w = l + 1
        if (w === i) break
        swap(i, w)
        i = w
      }
    }
  }
  return heap.sort(compare)
}

/**
 * A single exact term's hit count and its first `count` hits, in the order a search for it alone
 * pages them (find's fast path: every hit scored, or a single character's unscored, then
 * orderIds): what the stored lists hold (top-hits.ts), made by the same ranking.
 */
export function rankedTerm(db: Db, term: PlannedTerm, count: number): { total: number; ids: number[] } {
  const part = singlePart([[term]])
  if (!part) throw new Error(`not one part of the index: ${term.norm}`)
  if (part.table === 'report_chars') {
    const hits = statement<[string], number>(db, 'SELECT rowid FROM report_chars WHERE report_chars MATCH ?')
      .pluck()
      .all(part.match)
    return { total: hits.length, ids: orderIds(db, hits, [[term]], 'relevance', null, null, count) }
  }
  const scored = allScores(db, part.match)
  return {
    total: scored.ids.length,
    ids: orderIds(db, scored.ids, [[term]], 'relevance', scored.scores, null, count),
  }
}

/** The requested page of the hits, ordered (orderIds), with their district counts. */
function pageOfIds(
  db: Db,
  ids: number[],
  groups: PlannedTerm[][],
  opts: Required<SearchOptions>,
  /** Each hit's score, in the order of `ids`. */
  scores: ArrayLike<number> | null
): Found {
  const ordered = orderIds(db, ids, groups, opts.sort, scores, null, opts.offset + opts.limit)
  return {
    total: ids.length,
    rows: rowsInOrder(db, ordered.slice(opts.offset, opts.offset + opts.limit)),
    paged: true,
    facets: opts.facets ? facetsOfIds(db, ids) : null,
  }
}

function find(db: Db, query: ParsedQuery, textGroups: PlannedTerm[][], opts: Required<SearchOptions>): Found {
  // in:notes matches the terms against annotations; the reports are then only filtered.
  const noteIds = query.inNotes ? reportsByNotes(db, textGroups) : null
  const groups = noteIds ? [] : textGroups
  // No text and no filters: the whole library, newest first, paged by the date index.
  if (groups.length === 0 && !hasFilters(query)) {
    const total = statement<[], { n: number }>(
      db,
      "SELECT count(*) AS n FROM sections WHERE kind = 'report'"
    ).get()!.n
    const rows = statement<[number, number], Row>(db, LIBRARY_BY_DATE).all(
      Math.min(opts.limit, Number.MAX_SAFE_INTEGER),
      opts.offset
    )
    const facets = opts.facets ? libraryFacets(db) : null
    return { total, rows, paged: true, facets }
  }
  const params: unknown[] = []
  const compound = candidateSql(groups, params)
  if (compound === 'none') return { total: 0, rows: [], paged: false, facets: new Map() }
  const exact = groups.every((g) => g.every((t) => t.exact))
  const single = singlePart(groups)

  // Fast path: one exact term, no filters. The hits (and their bm25 scores) from the index alone,
  // ordered by what the section table knows, and only the page's rows read.
  if (single && !hasFilters(query)) {
    const relevance = opts.sort === 'relevance'
    // A common term's or character's stored first pages (top-hits.ts), when ranked at the
    // library's current state.
    const top = relevance ? storedTopHits(db, listKey(single)) : null
    if (top && opts.offset + Math.min(opts.limit, top.total) <= top.ids.length) {
      const rows = rowsInOrder(db, top.ids.slice(opts.offset, opts.offset + opts.limit))
      return {
        total: top.total,
        rows,
        paged: true,
        facets: opts.facets ? facetsOfIds(db, idsOf(db, compound, params)) : null,
      }
    }
    // Every hit with its score, ranked as any other hits are (district and headline matches
    // first, then bm25, then newest): read once by the rank extension's aggregate, else through
    // bm25() (about 35 ms for 90k hits at 100k reports).
    if (relevance && single.table === 'report_fts') {
      const scored = allScores(db, single.match)
      return pageOfIds(db, scored.ids, textGroups, opts, scored.scores)
    }
    // A single character has no term frequencies to score (report_chars): its hits are ranked by
    // the tiers, then newest. By date, every hit is ordered by the section table's dates (the
    // index's order is the order of import, which a library's dates need not follow).
    return pageOfIds(db, idsOf(db, compound, params), textGroups, opts, null)
  }

  // Words the index decides, filtered by place, date or amount: the ids without reading a row,
  // then the rows of the page alone.
  const fast = noteIds ? null : idsFromIndexes(db, query, groups, false)
  if (fast) {
    const facets = opts.facets ? facetsOfIds(db, fast) : null
    return {
      ...pageOfIds(db, inDistricts(db, fast, query), groups, { ...opts, facets: false }, null),
      facets,
    }
  }

  const all = [...params]
  // Filters alone (no words) list district reports, as the library view does.
  const onlyReports = groups.length === 0 ? " AND s.kind = 'report'" : ''
  // While the stored figures are made again (an upgrade), amount: reads them from the text.
  const figuresFromText = (query.amounts.length > 0 || query.exclude.amounts.length > 0) && indexStale(db)
  let sql = `SELECT s.id, s.document_id, s.kind, s.district, s.district_code AS code, s.headline, s.date FROM sections s
     WHERE s.id IN (${compound})${onlyReports} ${filterSql(query, all, false, !figuresFromText)}`
  if (noteIds) {
    sql += ' AND s.id IN (SELECT value FROM json_each(?))'
    all.push(JSON.stringify(noteIds))
  }
  let rows = db.prepare<unknown[], Row>(sql).all(...all)
  if (!exact || figuresFromText) {
    // Each candidate's text, read once: the words the index could not decide, and the figures
    // while they are being stored again. A text that cannot be read is checked as empty.
    const keep = (text: string): boolean => {
      if (!exact && !checkText(text, groups)) return false
      if (!figuresFromText) return true
      const figures = extractAmounts(text)
      return (
        query.amounts.every((range) => figures.some((f) => inAmountRange(range, f))) &&
        !query.exclude.amounts.some((range) => figures.some((f) => inAmountRange(range, f)))
      )
    }
    const passed = new Set<number>()
    const read = new Set<number>()
    forSectionTexts(
      db,
      rows.map((r) => r.id),
      (id, text) => {
        read.add(id)
        if (keep(text)) passed.add(id)
      }
    )
    const emptyPasses = keep('')
    rows = rows.filter((r) => passed.has(r.id) || (emptyPasses && !read.has(r.id)))
  }
  const facets = opts.facets ? facetCounts(rows) : null
  const wanted = new Set(query.districts.map(districtKey))
  if (wanted.size > 0) rows = rows.filter((r) => r.district !== null && wanted.has(districtKey(r.district)))
  const unwanted = new Set(query.exclude.districts.map(districtKey))
  if (unwanted.size > 0)
    rows = rows.filter((r) => r.district === null || !unwanted.has(districtKey(r.district)))
  const byId = new Map(rows.map((r) => [r.id, r]))
  const ordered = orderIds(
    db,
    rows.map((r) => r.id),
    groups,
    opts.sort,
    null,
    new Map(rows.map((r) => [r.id, r.headline]))
  )
  return { total: rows.length, rows: ordered.map((id) => byId.get(id)!), paged: false, facets }
}

export function searchReports(db: Db, rawQuery: string, options: SearchOptions = {}): SearchResult {
  // One snapshot: the district counts (from the section table) and the hits agree.
  return inSnapshot(db, () => searchLiteralFirst(db, rawQuery, options))
}

function searchLiteralFirst(db: Db, rawQuery: string, options: SearchOptions): SearchResult {
  const literal = searchParsed(db, parseQuery(rawQuery), options)
  // Ctrl+F first: `(招商` is searched as typed; only when that finds nothing is a bracket without
  // its partner read as a typing slip, as an unpaired quote is.
  if (literal.total > 0 || !hasStrayBrackets(rawQuery)) return literal
  const relaxed = searchParsed(db, parseQuery(rawQuery, { strayBrackets: 'strip' }), options)
  return relaxed.total > 0
    ? { ...relaxed, understood: `${relaxed.understood} (unpaired bracket ignored)` }
    : literal
}

/**
 * The ids of exactly the sections `searchReports` finds, for counting them (stats, the overview,
 * the sums of figures). Where every word is exact in the index and the filters are places, dates
 * or amounts, they come from the indexes and the section table without reading a row; otherwise,
 * or when that finds nothing (pinyin and an unpaired bracket are then tried), from the search.
 */
export function matchingSections(db: Db, rawQuery: string): number[] {
  return inSnapshot(db, () => {
    const query = parseQuery(rawQuery)
    const groups = query.groups.map((g) => g.map((t) => planTerm(db, t)))
    const fast = idsFromIndexes(db, query, groups, true)
    if (fast !== null && fast.length > 0) return fast
    return searchLiteralFirst(db, rawQuery, { limit: 0, facets: false, bare: true, sort: 'date' }).hits.map(
      (h) => h.reportId
    )
  })
}

/**
 * The ids the query finds, from the indexes and the section table, or null when the query needs
 * the rows or the text (words the index cannot decide, notes, tags, colours, sources).
 * `withDistricts` false leaves district: filters out (the facets count every district).
 */
function idsFromIndexes(
  db: Db,
  query: ParsedQuery,
  groups: PlannedTerm[][],
  withDistricts: boolean
): number[] | null {
  const ex = query.exclude
  const byAnnotations = [query.tags, ex.tags, query.colors, ex.colors].some((list) => list.length > 0)
  if (query.inNotes || query.hasNotes || ex.hasNotes || byAnnotations) return null
  if (query.sources.length > 0 || ex.sources.length > 0) return null
  const amounts = query.amounts.length > 0 || ex.amounts.length > 0
  if (amounts && indexStale(db)) return null
  if (!groups.every((g) => g.every((t) => t.exact))) return null
  const table = sectionTable(db)
  let ids: number[]
  if (groups.length === 0 && !amounts) {
    // Filters alone list district reports, as the library view does.
    ids = []
    table.place.forEach((at, id) => {
      if (at >= 0 && table.places[at]!.kind === 'report') ids.push(id)
    })
  } else {
    const params: unknown[] = []
    const compound =
      groups.length === 0 ? "SELECT id FROM sections WHERE kind = 'report'" : candidateSql(groups, params)
    if (compound === 'none') return []
    const parts = [`SELECT id FROM (${compound})`]
    for (const range of query.amounts) parts.push(`INTERSECT ${amountSql(range, params)}`)
    for (const range of ex.amounts) parts.push(`EXCEPT ${amountSql(range, params)}`)
    ids = idsOf(db, parts.join(' '), params)
  }
  const inCities = query.cities.length > 0 ? new Set(cityCodes(query.cities)) : null
  const outCities = new Set(cityCodes(ex.cities))
  const byPlace = table.places.map(
    (p) =>
      (inCities === null || (p.code !== null && inCities.has(p.code))) &&
      (p.code === null || !outCities.has(p.code))
  )
  const byDate = table.dates.map(
    (d) =>
      (query.dateFrom === null || d >= query.dateFrom) &&
      (query.dateTo === null || d <= query.dateTo) &&
      ex.dates.every(([from, to]) => d < from || d > to)
  )
  const anyDate = query.dateFrom === null && query.dateTo === null
  const found = ids.filter((id) => {
    const at = table.day[id]!
    return byPlace[table.place[id]!]! && (at >= 0 ? byDate[at]! : anyDate)
  })
  return withDistricts ? inDistricts(db, found, query) : found
}

/** The ids in the query's districts and not in those it leaves out (the section table's keys). */
function inDistricts(db: Db, ids: number[], query: ParsedQuery): number[] {
  if (query.districts.length === 0 && query.exclude.districts.length === 0) return ids
  const table = sectionTable(db)
  const wanted = new Set(query.districts.map(districtKey))
  const unwanted = new Set(query.exclude.districts.map(districtKey))
  const keep = table.places.map(
    (p) =>
      (wanted.size === 0 || (p.key !== null && wanted.has(p.key))) && (p.key === null || !unwanted.has(p.key))
  )
  return ids.filter((id) => keep[table.place[id]!])
}

function searchParsed(db: Db, query: ParsedQuery, options: SearchOptions): SearchResult {
  const opts: Required<SearchOptions> = {
    limit: options.limit === 0 ? Number.MAX_SAFE_INTEGER : (options.limit ?? DEFAULT_LIMIT),
    offset: options.offset ?? 0,
    sort: options.sort ?? 'relevance',
    facets: options.facets ?? true,
    bare: options.bare ?? false,
  }
  const groups = query.groups.map((g) => g.map((t) => planTerm(db, t)))
  const indexing = indexProgress(db)
  const literal = find(db, query, groups, opts)
  let page = literal.paged ? literal.rows : literal.rows.slice(opts.offset, opts.offset + opts.limit)
  let total = literal.total
  const viaPinyin = new Set<number>()

  // Pinyin: a Latin-only query that finds nothing literally finds the Chinese words it spells
  // instead (marked as pinyin matches), so literal results stay exactly what Ctrl+F would find.
  const pinyinWords = literal.total > 0 ? [] : pinyinExpansions(db, query)
  if (pinyinWords.length > 0) {
    const pinyinGroups = [pinyinWords.map((w) => planTerm(db, { text: w, negated: false }))]
    const extra = find(db, query, pinyinGroups, { ...opts, limit: Number.MAX_SAFE_INTEGER, offset: 0 })
    const literalIds = new Set(literal.rows.map((r) => r.id))
    const added = extra.rows.filter((r) => !literalIds.has(r.id))
    for (const r of added) viaPinyin.add(r.id)
    const combined = [...literal.rows, ...added]
    total = literal.total + added.length
    page = combined.slice(opts.offset, opts.offset + opts.limit)
    if (literal.facets)
      for (const [k, v] of facetCounts(added)) {
        const entry = literal.facets.get(k)
        if (entry) entry.count += v.count
        else literal.facets.set(k, v)
      }
  }

  // Bare hits (counts, overviews) need no text: nothing is read per hit.
  const literalNeedles = groups.flatMap((g) => g.filter((t) => !t.term.negated).map((t) => t.norm))
  const pinyinNeedles = pinyinWords.map(normalizeForSearch)
  // A page's texts are read in document order; a long list (an export) one by one as it goes.
  const texts = opts.bare || page.length > 200 ? null : new Map<number, string>()
  if (texts)
    forSectionTexts(
      db,
      page.map((r) => r.id),
      (id, text) => texts.set(id, text)
    )
  const hits: SearchHit[] = page.flatMap((r) => {
    const text = opts.bare ? '' : texts ? texts.get(r.id) : sectionText(db, r.id)
    if (text === undefined) return []
    const pinyin = viaPinyin.has(r.id)
    const words = opts.bare ? [] : findMatches(text, pinyin ? pinyinNeedles : literalNeedles)
    // The figures an amount: filter asked for are hits too.
    const figures =
      opts.bare || query.amounts.length === 0
        ? []
        : extractAmounts(text)
            .filter((f) => query.amounts.some((range) => inAmountRange(range, f)))
            .map((f): [number, number] => [f.start, f.end])
    const matches = figures.length > 0 ? mergeMatches([...words, ...figures]) : words
    return [
      {
        reportId: r.id,
        documentId: r.document_id,
        kind: r.kind,
        city: r.code ? (countyByCode(r.code)?.city ?? null) : null,
        district: r.district,
        headline: r.headline,
        date: r.date,
        score: 0,
        snippets: opts.bare ? [] : snippetsFor(text, matches),
        matches,
        viaPinyin: pinyin,
      },
    ]
  })
  hits.forEach((h, i) => (h.score = Math.max(0, total - opts.offset - i)))
  return {
    total,
    hits,
    districts: facetList(literal.facets),
    understood: describe(query, pinyinWords),
    // With the district counts (the list asks for them once typing pauses), not with every page.
    namedDistricts: opts.facets && opts.offset === 0 ? namedDistricts(db, query, literalNeedles) : [],
    ...(indexing ? { indexing } : {}),
  }
}

function describeRange(r: AmountRange): string {
  if (r.min !== null && r.min === r.max) return `= ${r.min} ${r.unit}`
  const lo = r.min === null ? null : `${r.minStrict ? '>' : '≥'} ${r.min}`
  const hi = r.max === null ? null : `${r.maxStrict ? '<' : '≤'} ${r.max}`
  return `${[lo, hi].filter(Boolean).join(' and ')} ${r.unit}`
}

function describe(query: ParsedQuery, pinyinWords: string[]): string {
  const parts = query.groups.map((g) =>
    g.map((t) => (t.negated ? `NOT “${t.text}”` : `“${t.text}”`)).join(' OR ')
  )
  const ex = query.exclude
  if (query.districts.length > 0) parts.push(`district ${query.districts.join('/')}`)
  if (query.cities.length > 0) parts.push(`city ${query.cities.join('/')}`)
  if (query.sources.length > 0) parts.push(`source ${query.sources.join('/')}`)
  if (ex.districts.length > 0) parts.push(`NOT district ${ex.districts.join('/')}`)
  if (ex.cities.length > 0) parts.push(`NOT city ${ex.cities.join('/')}`)
  if (ex.sources.length > 0) parts.push(`NOT source ${ex.sources.join('/')}`)
  for (const [from, to] of ex.dates) parts.push(`NOT date ${from}..${to}`)
  if (ex.tags.length > 0) parts.push(`NOT tag ${ex.tags.join('/')}`)
  if (ex.colors.length > 0) parts.push(`NOT color ${ex.colors.join('/')}`)
  if (ex.hasNotes) parts.push('NOT has notes')
  if (query.dateFrom || query.dateTo) parts.push(`date ${query.dateFrom ?? '…'}..${query.dateTo ?? '…'}`)
  if (query.tags.length > 0) parts.push(`tag ${query.tags.join('/')}`)
  if (query.colors.length > 0) parts.push(`color ${query.colors.join('/')}`)
  if (query.hasNotes) parts.push('has notes')
  if (query.inNotes) parts.push('in notes')
  for (const range of query.amounts) parts.push(`amount ${describeRange(range)}`)
  for (const range of ex.amounts) parts.push(`NOT amount ${describeRange(range)}`)
  if (pinyinWords.length > 0) parts.push(`pinyin: ${pinyinWords.slice(0, 5).join(', ')}`)
  return parts.join(' AND ')
}
