/**
 * Our small query language. User input is never FTS5 syntax: anything odd is a literal or ignored,
 * and parsing never throws.
 *
 *   招商 项目          both (whitespace = AND)
 *   "Debian 系统"      a phrase with its space
 *   招商 OR 引资       either
 *   -睢宁, NOT 睢宁    without
 *   district:睢宁  date:2023-01-26  date:2023-01..2023-03  tag:…  color:…  has:notes  in:notes
 */

export interface Term {
  text: string
  negated: boolean
}

/** A conjunction of groups; each group is a disjunction of terms. */
export interface ParsedQuery {
  groups: Term[][]
  districts: string[]
  dateFrom: string | null
  dateTo: string | null
  tags: string[]
  colors: string[]
  hasNotes: boolean
  inNotes: boolean
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

function applyDate(query: ParsedQuery, value: string): boolean {
  const [from, to] = value.includes('..') ? value.split('..', 2) : [value, value]
  const lo = from ? dateBounds(from) : null
  const hi = to ? dateBounds(to) : null
  if ((from && !lo) || (to && !hi) || (!lo && !hi)) return false
  query.dateFrom = lo ? lo[0] : null
  query.dateTo = hi ? hi[1] : null
  return true
}

function applyFilter(query: ParsedQuery, token: string): boolean {
  const m = /^(district|date|tag|color|colour|has|in):(.+)$/iu.exec(token)
  if (!m) return false
  const key = m[1]!.toLowerCase()
  const value = m[2]!
  switch (key) {
    case 'district':
      query.districts.push(value)
      return true
    case 'date':
      return applyDate(query, value)
    case 'tag':
      query.tags.push(value)
      return true
    case 'color':
    case 'colour':
      query.colors.push(value.toLowerCase())
      return true
    case 'has':
      if (value.toLowerCase() !== 'notes' && value.toLowerCase() !== 'note') return false
      query.hasNotes = true
      return true
    case 'in':
      if (value.toLowerCase() !== 'notes' && value.toLowerCase() !== 'note') return false
      query.inNotes = true
      return true
  }
  return false
}

export function parseQuery(raw: string): ParsedQuery {
  const query: ParsedQuery = {
    groups: [],
    districts: [],
    dateFrom: null,
    dateTo: null,
    tags: [],
    colors: [],
    hasNotes: false,
    inNotes: false,
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
      if (applyFilter(query, token.text)) continue
    }
    let text = token.text
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

export function hasTextTerms(query: ParsedQuery): boolean {
  return query.groups.length > 0
}
