/**
 * Turns parsed terms into SQL over the two indexes. Each term becomes a set of report ids
 * (INTERSECT of its parts), groups are UNIONs of terms, the query INTERSECTs its groups and
 * EXCEPTs its exact negations. Values are always bound parameters.
 */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { ensureVocabularyTable, indexStale, perLibraryState } from './index-store'
import { normalizeForSearch } from './normalize'
import type { Term } from './query-parse'
import { allChars, anyWord, planSubstring, withLeadingWord } from './tokens'

export interface IndexPart {
  table: 'report_fts' | 'report_chars'
  match: string
}

export interface PlannedTerm {
  term: Term
  norm: string
  /** Index parts that narrow the term; null when the index cannot (scan); 'none' when nothing matches. */
  parts: IndexPart[] | null | 'none'
  /** True when the parts are also sufficient, so no text check is needed. */
  exact: boolean
}

/** Above this many indexed words containing a Latin/digit fragment, check the text instead. */
const MAX_FRAGMENT_WORDS = 300
const FIRST_CJK = '\u2e80'

/**
 * Indexed Latin words containing a fragment, or ending with it (they sort before CJK in the
 * vocabulary); null when there are too many to be worth listing.
 */
function wordsWith(
  db: Db,
  fragment: string,
  where: 'anywhere' | 'end',
  limit = MAX_FRAGMENT_WORDS
): string[] | null {
  const found = (w: string): boolean => (where === 'end' ? w.endsWith(fragment) : w.includes(fragment))
  // A word of letters that are not CJK but sort among it (ー, 〆, Yi) may start with one: then
  // the whole vocabulary is searched.
  if ([...fragment].some((ch) => ch >= FIRST_CJK)) {
    ensureVocabularyTable(db)
    const test =
      where === 'end' ? 'substr(term, -length(@fragment)) = @fragment' : 'instr(term, @fragment) > 0'
    const rows = statement<[{ fragment: string; limit: number }], { term: string }>(
      db,
      `SELECT term FROM temp.report_vocab WHERE term >= 'a' AND ${test} LIMIT @limit`
    ).all({ fragment, limit: limit + 1 })
    return rows.length > limit ? null : rows.map((r) => r.term)
  }
  const words: string[] = []
  for (const w of latinWords(db)) {
    if (!found(w)) continue
    if (words.length === limit) return null
    words.push(w)
  }
  return words
}

/**
 * The index's Latin words (they sort between the digits and boundary tokens and CJK), read once
 * per state of the library: reading them from the vocabulary table reads each one's postings
 * (about 50 ms at 100k reports), which a query with a Latin fragment paid every time.
 */
export const latinWords = perLibraryState((db): string[] => {
  ensureVocabularyTable(db)
  // Words start with a letter; below 'a' are digits and boundary tokens (see tokens.ts).
  return statement<[string], string>(db, "SELECT term FROM temp.report_vocab WHERE term >= 'a' AND term < ?")
    .pluck()
    .all(FIRST_CJK)
})

/** What one alternative phrase of a leading word costs FTS5 (it reads the whole phrase again), ms. */
const MS_PER_ALTERNATIVE = 1.2
/** What checking a candidate's text costs, cold (its document unpacked), ms. */
const MS_PER_CHECK = 0.15

/**
 * Whether `phrase AND (any of the words)`, with each candidate's text checked, is cheaper than one
 * exact phrase per word: FTS5 reads the phrase's lists once per alternative, so sixty words ending
 * with `on` made `on(1)以及p` take 130 ms (in tokenizer v6, before six letters of a word stood in
 * the boundary token), against 7 ms for the loose match and a check of its 124 candidates. With
 * few words, or many candidates, the exact alternatives stay.
 */
function looseIsCheaper(db: Db, phrase: string, words: readonly string[]): boolean {
  if (words.length <= 4) return false
  const candidates =
    statement<[string], number>(db, 'SELECT count(*) FROM report_fts WHERE report_fts MATCH ?')
      .pluck()
      .get(`${phrase} AND ${anyWord(words)}`) ?? 0
  return candidates * MS_PER_CHECK < words.length * MS_PER_ALTERNATIVE
}

export function planTerm(db: Db, term: Term): PlannedTerm {
  const norm = normalizeForSearch(term.text)
  const plan = planSubstring(norm)
  // An index built by another tokenizer version (being built again): the text decides.
  if (plan === null || indexStale(db)) return { term, norm, parts: null, exact: false }
  const parts: IndexPart[] = []
  let exact = plan.exact
  if (plan.phrase && plan.leadingWord) {
    // `mitation系统` (a fragment longer than the boundary token's letters): the phrase after each
    // indexed word ending with the fragment, one of which must stand right before it: exact, and
    // as selective as a whole word.
    const words = wordsWith(db, plan.leadingWord, 'end', 60)
    if (words?.length === 0) return { term, norm, parts: 'none', exact: true }
    if (words && looseIsCheaper(db, plan.phrase, words)) {
      parts.push({ table: 'report_fts', match: `${plan.phrase} AND ${anyWord(words)}` })
      exact = false
    } else if (words) {
      parts.push({
        table: 'report_fts',
        match: `(${words.map((w) => withLeadingWord(plan.phrase!, w)).join(' OR ')})`,
      })
      exact = plan.exactWithWord
    } else parts.push({ table: 'report_fts', match: plan.phrase })
  } else if (plan.phrase) parts.push({ table: 'report_fts', match: plan.phrase })
  // Characters the phrase does not place are checked in the text: required in the index too only
  // when nothing narrower stands beside them (`(1)中，你` read every report with 你, 78k of 100k).
  if (plan.chars.length > 0 && !(plan.narrow && parts.length > 0))
    parts.push({ table: 'report_chars', match: allChars(plan.chars) })
  if (plan.leadingFragment) {
    // Not adjacency, but a strong filter: some word must end with the fragment.
    const words = wordsWith(db, plan.leadingFragment, 'end', 60)
    if (words?.length === 0) return { term, norm, parts: 'none', exact: true }
    if (words) parts.push({ table: 'report_fts', match: anyWord(words) })
  }
  if (plan.fragment) {
    const words = wordsWith(db, plan.fragment, 'anywhere')
    if (words === null) return { term, norm, parts: null, exact: false }
    if (words.length === 0) return { term, norm, parts: 'none', exact: true }
    parts.push({ table: 'report_fts', match: anyWord(words) })
  }
  // Nothing the index holds narrows it (`ab ` after a fragment too common to list): the text decides.
  if (parts.length === 0) return { term, norm, parts: null, exact: false }
  return { term, norm, parts, exact }
}

function termSql(parts: IndexPart[], params: unknown[]): string {
  const selects = parts.map((p) => {
    params.push(p.match)
    return `SELECT rowid AS id FROM ${p.table} WHERE ${p.table} MATCH ?`
  })
  return selects.length === 1 ? selects[0]! : `SELECT id FROM (${selects.join(' INTERSECT ')})`
}

/** Every searchable section (reports, leads, closings): the candidates of a query the index cannot narrow. */
export const ALL_SECTIONS = 'SELECT id FROM sections'

/**
 * A compound SELECT of candidate ids for the groups, or 'none' when nothing can match. Terms the
 * index cannot narrow leave their group unconstrained; the text check then decides.
 */
export function candidateSql(groups: PlannedTerm[][], params: unknown[]): string | 'none' {
  const positive: string[] = []
  const negative: string[] = []
  // The values of each side, in the order their placeholders stand in the SQL (the positive side
  // comes first whatever the order of the words: `-睢宁 招商`).
  const positiveParams: unknown[] = []
  const negativeParams: unknown[] = []
  for (const group of groups) {
    const first = group[0]!
    if (first.term.negated) {
      if (first.exact && Array.isArray(first.parts)) negative.push(termSql(first.parts, negativeParams))
      continue
    }
    if (group.some((t) => t.parts === null)) continue
    const alternatives = group.filter((t) => t.parts !== 'none')
    if (alternatives.length === 0) return 'none'
    const sqls = alternatives.map((t) => termSql(t.parts as IndexPart[], positiveParams))
    positive.push(sqls.length === 1 ? sqls[0]! : `SELECT id FROM (${sqls.join(' UNION ')})`)
  }
  params.push(...positiveParams, ...negativeParams)
  const base = positive.length === 0 ? [ALL_SECTIONS] : positive
  const wrapped = [...base.map((s) => `SELECT id FROM (${s})`)].join(' INTERSECT ')
  if (negative.length === 0) return wrapped
  return `SELECT id FROM (${wrapped}) EXCEPT SELECT id FROM (${negative.join(' UNION ')})`
}

/** The single index part of a query with one exact positive term, for the fast paths. */
export function singlePart(groups: PlannedTerm[][]): IndexPart | null {
  if (groups.length !== 1 || groups[0]!.length !== 1) return null
  const t = groups[0]![0]!
  if (t.term.negated || !t.exact || !Array.isArray(t.parts) || t.parts.length !== 1) return null
  return t.parts[0]!
}

/** An FTS5 expression over report_fts that all positive terms share, for bm25 scores. */
export function rankExpression(groups: PlannedTerm[][]): string | null {
  const parts: string[] = []
  for (const group of groups) {
    if (group[0]!.term.negated) continue
    const phrases = group.map((t) =>
      Array.isArray(t.parts) ? t.parts.find((p) => p.table === 'report_fts')?.match : undefined
    )
    if (phrases.some((p) => p === undefined)) continue
    parts.push(phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`)
  }
  return parts.length > 0 ? parts.join(' AND ') : null
}
