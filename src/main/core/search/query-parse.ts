/**
 * Our small query language. User input is never FTS5 syntax: anything odd is a literal or ignored,
 * and parsing never throws.
 *
 *   招商 项目          both (whitespace = AND)
 *   "Debian 系统"      a phrase with its space
 *   招商 OR 引资       either
 *   -睢宁, NOT 睢宁    without
 *   district:睢宁  city:徐州  source:徐州发布  date:2023-01-26  date:2023-01..2023-03  tag:…  color:…
 *   has:notes  in:notes; any filter but in: negated with - or NOT (-district:睢宁, NOT tag:招商)
 *   amount:>1亿  amount:1000万..5亿  amount:<=30%  amount:>5万亩   (a figure in the report; 元 unless a unit is written)
 *   招商*, zhao*       the same as 招商, zhao (words are found anywhere); district: with no value yet: no filter
 */
import { parseFigure } from '../analysis/amounts'

/** Reports with a figure in `unit` between `min` and `max` (null: unbounded; strict: the bound itself excluded). */
export interface AmountRange {
  unit: string
  min: number | null
  max: number | null
  minStrict: boolean
  maxStrict: boolean
}

export interface Term {
  text: string
  negated: boolean
}

/** A conjunction of groups; each group is a disjunction of terms. */
export interface ParsedQuery {
  groups: Term[][]
  districts: string[]
  cities: string[]
  sources: string[]
  dateFrom: string | null
  dateTo: string | null
  tags: string[]
  colors: string[]
  hasNotes: boolean
  inNotes: boolean
  amounts: AmountRange[]
  /** Negated filters: sections that match any of these are left out. */
  exclude: {
    districts: string[]
    cities: string[]
    sources: string[]
    dates: [string, string][]
    tags: string[]
    colors: string[]
    hasNotes: boolean
    amounts: AmountRange[]
  }
}

const MAX_QUERY_CHARS = 2_000
const MAX_TERMS = 32

interface Token {
  text: string
  quoted: boolean
  /** A quoted phrase written with a leading minus: -"开门红". */
  negated?: boolean
}

/** Removes what can never be searched for: NUL and other controls, lone surrogates, bidi marks. */
export function sanitizeQuery(raw: string): string {
  return raw
    .slice(0, MAX_QUERY_CHARS)
    .replace(/[\ud800-\udfff]/gu, '') // in u-mode only lone surrogates match
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, '')
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const ch = input[i]!
    if (/\s/u.test(ch)) {
      i++
      continue
    }
    if ((ch === '-' || ch === '－') && input[i + 1] === '"') {
      const end = input.indexOf('"', i + 2)
      if (end > i + 2) {
        tokens.push({ text: input.slice(i + 2, end), quoted: true, negated: true })
        i = end + 1
        continue
      }
    }
    if (ch === '"' || ch === '“' || ch === '”') {
      const close = ch === '“' ? '”' : ch === '"' ? '"' : '“'
      const end = input.indexOf(close, i + 1)
      // Curly quotes are often part of Chinese text (“开门红”): keep them as literals when unmatched.
      if (end > i + 1) {
        const inner = input.slice(i + 1, end)
        tokens.push({ text: ch === '"' ? inner : ch + inner + close, quoted: true })
        i = end + 1
        continue
      }
      if (ch === '"') {
        i++
        continue
      }
    }
    let j = i
    while (j < input.length && !/\s/u.test(input[j]!)) j++
    tokens.push({ text: input.slice(i, j), quoted: false })
    i = j
  }
  return tokens
}

const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/u

function dateBounds(value: string): [string, string] | null {
  const m = DATE.exec(value)
  if (!m) return null
  const y = m[1]!
  const mo = m[2] ? m[2].padStart(2, '0') : null
  const d = m[3] ? m[3].padStart(2, '0') : null
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return null
  if (d && (Number(d) < 1 || Number(d) > 31)) return null
  if (d) return [`${y}-${mo}-${d}`, `${y}-${mo}-${d}`]
  if (mo) return [`${y}-${mo}-01`, `${y}-${mo}-31`]
  return [`${y}-01-01`, `${y}-12-31`]
}

function dateRange(value: string): [string | null, string | null] | null {
  const [from, to] = value.includes('..') ? value.split('..', 2) : [value, value]
  const lo = from ? dateBounds(from) : null
  const hi = to ? dateBounds(to) : null
  if ((from && !lo) || (to && !hi) || (!lo && !hi)) return null
  return [lo ? lo[0] : null, hi ? hi[1] : null]
}

/** amount:>1亿, amount:>=3000万元, amount:1000万..5亿, amount:..5%, amount:1.6亿 (exactly); null when malformed. */
export function amountRange(value: string): AmountRange | null {
  const v = value
    .replace(/[＞]/gu, '>')
    .replace(/[＜]/gu, '<')
    .replace(/[＝]/gu, '=')
    .replace(/≥/gu, '>=')
    .replace(/≤/gu, '<=')
  const compare = /^(>=|<=|>|<)(.+)$/u.exec(v)
  if (compare) {
    const figure = parseFigure(compare[2]!)
    if (!figure) return null
    const lower = compare[1]!.startsWith('>')
    return {
      unit: figure.unit,
      min: lower ? figure.value : null,
      max: lower ? null : figure.value,
      minStrict: compare[1] === '>',
      maxStrict: compare[1] === '<',
    }
  }
  const sides = v.includes('..') ? v.split('..') : [v, v]
  if (sides.length !== 2) return null
  const [from, to] = sides as [string, string]
  const lo = from ? parseFigure(from) : null
  const hi = to ? parseFigure(to) : null
  if ((from && !lo) || (to && !hi) || (!lo && !hi)) return null
  // 1000万..5亿元: a unit written on either side is the range's.
  const written = (side: string | undefined): boolean =>
    side !== undefined && /[^\d.,零〇一二两三四五六七八九十百千万亿]$/u.test(side)
  const units = [lo && written(from) ? lo.unit : null, hi && written(to) ? hi.unit : null].filter(
    (u) => u !== null
  )
  if (units.length === 2 && units[0] !== units[1]) return null
  return {
    unit: units[0] ?? (lo ?? hi)!.unit,
    min: lo?.value ?? null,
    max: hi?.value ?? null,
    minStrict: false,
    maxStrict: false,
  }
}

/** A filter's key typed without its value yet (`district:`): read as no filter, not as text. */
const BARE_FILTER = /^(district|city|source|date|tag|color|colour|has|in|amount)[:：]$/iu

/**
 * A search-engine wildcard at either end of a word (招商*, *引资, zhao*): every search finds its
 * words anywhere in the text already, so the stars are dropped; a word of stars alone stays.
 */
const isStar = (c: string | undefined): boolean => c === '*' || c === '＊'
const withoutWildcards = (text: string): string => {
  let start = 0
  let end = text.length
  while (start < end && isStar(text[start])) start++
  while (end > start && isStar(text[end - 1])) end--
  return start === end ? text : text.slice(start, end)
}

const isNotes = (value: string): boolean => value.toLowerCase() === 'notes' || value.toLowerCase() === 'note'

function applyFilter(query: ParsedQuery, token: string, negated: boolean): boolean {
  const m = /^(district|city|source|date|tag|color|colour|has|in|amount):(.+)$/iu.exec(token)
  if (!m) return false
  const key = m[1]!.toLowerCase()
  const value = m[2]!
  const into = negated ? query.exclude : query
  switch (key) {
    case 'district':
      into.districts.push(value)
      return true
    case 'city':
      into.cities.push(value)
      return true
    case 'source':
      into.sources.push(value)
      return true
    case 'date': {
      const range = dateRange(value)
      if (!range) return false
      if (negated) query.exclude.dates.push([range[0] ?? '0000-01-01', range[1] ?? '9999-12-31'])
      else [query.dateFrom, query.dateTo] = range
      return true
    }
    case 'tag':
      into.tags.push(value)
      return true
    case 'color':
    case 'colour':
      into.colors.push(value.toLowerCase())
      return true
    case 'has':
      if (!isNotes(value)) return false
      into.hasNotes = true
      return true
    case 'in':
      if (!isNotes(value) || negated) return false
      query.inNotes = true
      return true
    case 'amount': {
      const range = amountRange(value)
      if (!range) return false
      into.amounts.push(range)
      return true
    }
  }
  return false
}

const PAIRS: Record<string, string> = {
  '(': ')',
  '（': '）',
  '【': '】',
  '[': ']',
  '〔': '〕',
  '《': '》',
  '「': '」',
  '『': '』',
}
const CLOSERS = new Map(Object.entries(PAIRS).map(([open, close]) => [close, open]))

/** Strips a bracket at either end of a typed word that has no partner in it: (招商 → 招商, 招商】 → 招商. */
function withoutStrayBrackets(text: string): string {
  // Brackets alone are what the user is looking for.
  if ([...text].every((c) => PAIRS[c] !== undefined || CLOSERS.has(c))) return text
  let out = text
  for (let round = 0; round < 4 && out.length > 1; round++) {
    const first = out[0]!
    const last = out[out.length - 1]!
    if (PAIRS[first] && !out.includes(PAIRS[first]!)) out = out.slice(1)
    else if (CLOSERS.has(last) && !out.includes(CLOSERS.get(last)!)) out = out.slice(0, -1)
    else break
  }
  return out
}

/**
 * Parses a query. With `strayBrackets: 'strip'`, a bracket at the end of a word without its
 * partner is dropped ((招商 → 招商); the search tries the literal reading first.
 */
export function parseQuery(raw: string, options: { strayBrackets?: 'keep' | 'strip' } = {}): ParsedQuery {
  const strip = options.strayBrackets === 'strip'
  const query: ParsedQuery = {
    groups: [],
    districts: [],
    cities: [],
    sources: [],
    dateFrom: null,
    dateTo: null,
    tags: [],
    colors: [],
    hasNotes: false,
    inNotes: false,
    amounts: [],
    exclude: {
      districts: [],
      cities: [],
      sources: [],
      dates: [],
      tags: [],
      colors: [],
      hasNotes: false,
      amounts: [],
    },
  }
  const tokens = tokenize(sanitizeQuery(raw))
  let pendingOr = false
  let pendingNot = false
  let terms = 0
  for (const token of tokens) {
    if (!token.quoted) {
      if (token.text === 'OR' || token.text === '|') {
        pendingOr = query.groups.length > 0
        continue
      }
      if (token.text === 'AND' || token.text === '&&') continue
      if (token.text === 'NOT') {
        pendingNot = true
        continue
      }
      const minus = token.text.startsWith('-') || token.text.startsWith('－')
      if (applyFilter(query, minus ? token.text.slice(1) : token.text, minus || pendingNot)) {
        pendingNot = false
        continue
      }
      if (BARE_FILTER.test(minus ? token.text.slice(1) : token.text)) {
        pendingNot = false
        continue
      }
    }
    let text = token.quoted
      ? token.text
      : withoutWildcards(strip ? withoutStrayBrackets(token.text) : token.text)
    let negated = pendingNot || token.negated === true
    if (!token.quoted && text.length > 1 && (text.startsWith('-') || text.startsWith('－'))) {
      negated = true
      text = text.slice(1)
    }
    pendingNot = false
    if (text.trim() === '' || terms >= MAX_TERMS) continue
    terms++
    const term = { text, negated }
    const last = query.groups[query.groups.length - 1]
    if (pendingOr && last && !negated && !last.some((t) => t.negated)) last.push(term)
    else query.groups.push([term])
    pendingOr = false
  }
  return query
}

/** Whether stripping stray brackets would read the query differently. */
export function hasStrayBrackets(raw: string): boolean {
  return tokenize(sanitizeQuery(raw)).some((t) => !t.quoted && withoutStrayBrackets(t.text) !== t.text)
}

export function hasTextTerms(query: ParsedQuery): boolean {
  return query.groups.length > 0
}
