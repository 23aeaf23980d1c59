/**
 * Champion lists: for every index term found in more than RANK_LIMIT reports, its TOP_HITS
 * first hits in the order the search gives them (district and headline matches first, then the
 * other district reports, then leads and closings; bm25, then newest within each) and its hit
 * count, stored with the registry token they were ranked at (db/migrations/010). Each list is
 * made by the search's own ranking (rankedTerm, so the order is the same by construction), under
 * the match string a search plans for the word. A common word's
 * first pages are then a lookup: reading and ranking its hits took 30–40 ms for 60k–90k hits at
 * 100k reports, ten times that at 1M. bm25 depends on the whole library (report count, mean
 * length, the term's document frequency), so any import, correction or deletion (a new registry
 * token) makes every list stale: a stale list is never read, and the writer ranks the terms again
 * in steps between requests (`topHitsStep`), the newest token's lists being usable as they come.
 *
 * Common phrases get lists too. A phrase of three or more characters is one FTS5 phrase of
 * bigrams, and one found in tens of thousands of reports took 20–45 ms to count and rank (软件包:
 * 55k hits). Its words are found by sampling: after the terms, a pass reads a sample of reports
 * (SAMPLE_REPORTS) and counts the Han n-grams whose every bigram is itself a common term (which a
 * phrase with more than RANK_LIMIT hits needs), the beginnings of runs of digits (2023), and the
 * stretches that mix Han with Latin letters or digits (GUI（图形, 2023年; see countPhrases); those
 * estimated above RANK_LIMIT are then ranked like the terms. A phrase the sample misses is ranked
 * when it is searched, as before: the lists decide speed, never results.
 *
 * Han words and the sampled phrases with SHORT_LIST_FROM to RANK_LIMIT hits get short lists: their
 * first SHORT_LIST hits, made the same way.
 *
 * So do single characters found in more than RANK_LIMIT reports (report_chars, ranked by the tiers,
 * then newest: they have no term frequencies). Counting one took 30–50 ms at 1M reports (a
 * million hits), and ranking it reads every hit.
 */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { readDocumentTexts } from '../import/document-texts'
import { ensureVocabularyTable, indexStale, registryToken } from './index-store'
import { normalizeForSearch } from './normalize'
import { dropHeadlines, headlinesDue, headlinesStep } from './headlines'
import { planTerm, singlePart, type IndexPart, type PlannedTerm } from './plan'
import { rankedTerm } from './search'
import { charKind, neverAlone, TOKENIZER_VERSION } from './tokens'

/** Above this many hits a single word gets a stored list of its first pages. */
export const RANK_LIMIT = 2_000
/** How many of a common term's best hits are kept: the first pages of the list and more. */
export const TOP_HITS = 200
/**
 * Above this many hits (and up to RANK_LIMIT) a Han word or phrase gets a short list: its first
 * pages in the order the search gives them (district and headline matches first, then bm25, then
 * newest), made by the search itself. Ranking 500–2,000 hits took 5–15 ms on a reader that had not
 * read them before (each hit's length read for bm25, the headlines compared), about a tenth of the
 * bench's Han queries and most of their slowest.
 */
export const SHORT_LIST_FROM = 500
/** How many hits a short list keeps: the first two pages of results (a third is ranked as before). */
export const SHORT_LIST = 40
/** The row that says a pass over the whole vocabulary finished at its token. */
const DONE = ''
/** How many reports the phrase pass reads to find the common phrases. */
const SAMPLE_REPORTS = 4_000
/** The longest phrase given a list (the longer, the rarer). */
const MAX_PHRASE = 8
/** At most this many phrases are ranked, the most frequent first (each costs a full ranking). */
const MAX_PHRASES = 4_000
/** How much of a sampled report is read: its presence counts, and a book-length report would hold a step up. */
const SAMPLE_CHARS = 20_000

/** The FTS5 phrase of one index term, as the query planner writes it (tokens.ts). */
export const termMatch = (term: string): string => `"${term.replace(/"/gu, '""')}"`

/**
 * Which words get lists and in what order (2: short lists too; 3: district and headline matches
 * first, as the search ranks any hits; 4: leads and closings after the district reports; 5:
 * single characters too): a library ranked by an older build is ranked again.
 */
const LISTS_VERSION = 5

/**
 * What a list was ranked at: the library's state (its registry token) and the index's tokens (the
 * tokenizer's version). A new tokenizer plans other phrases for the same words (`2023` was
 * `"2 0 2 3"`, then `"520 502 523"`), and rebuilding the index leaves the registry token as it was:
 * without the version, the pass would not run again and the new phrases would have no lists.
 */
export const listToken = (db: Db): string => `${registryToken(db)}/${TOKENIZER_VERSION}/${LISTS_VERSION}`

/**
 * The key of a part's list: its match for a phrase of report_fts; a single character's (report_chars,
 * whose match may spell the same) carries its table in front.
 */
export const listKey = (part: IndexPart): string =>
  part.table === 'report_fts' ? part.match : `${part.table} ${part.match}`

/** A term's stored list (by its listKey), if it was ranked at the library's current state. */
export function storedTopHits(db: Db, match: string): { total: number; ids: number[] } | null {
  const row = statement<[string], { token: string; total: number; ids: string }>(
    db,
    'SELECT token, total, ids FROM top_hits WHERE match = ?'
  ).get(match)
  if (!row || row.token !== listToken(db)) return null
  return { total: row.total, ids: JSON.parse(row.ids) as number[] }
}

/** True when the lists are not those of the library's current state (and the index is current). */
export function topHitsDue(db: Db): boolean {
  if (indexStale(db)) return false
  const done = statement<[string], string>(db, 'SELECT token FROM top_hits WHERE match = ?').pluck().get(DONE)
  return done !== listToken(db)
}

/** Where each connection's pass stands: its token, and how far each of its parts came. */
interface Pass {
  token: string
  /** The single characters (report_chars): the last one done, null once all are. */
  charAfter: string | null
  /** The terms: the last one done. */
  after: string
  /** The sample: the reports to read (document id and section order), and the next one. */
  sample: [number, number][] | null
  at: number
  /** The common bigrams (from the terms' lists), and how many sampled reports hold each n-gram. */
  common: Set<string> | null
  seen: Map<string, number>
  /** The phrases to rank, most frequent first, and the next one. */
  phrases: string[] | null
  next: number
  /** Whether the pass loads the headlines itself (and lets go of them when it is over). */
  ownHeadlines: boolean
}
const passes = new WeakMap<Db, Pass>()

/** A word or phrase planned as one part of the index, and the key of that part's list. */
interface Planned {
  term: PlannedTerm
  key: string
}

const HAN = /^\p{Script=Han}+$/u
const HAN_WORD = /^\p{Script=Han}{2}$/u
/** A term of two digits (tokens.ts writes them with a 5 in front). */
const DIGIT_PAIR = /^5[0-9]{2}$/u

const DIGIT = /[0-9]/u
/**
 * At most this many of the phrases ranked hold digits (the most frequent): they are in nearly every
 * report, so they would come first and leave no room for Han phrases, and each is a full ranking
 * of most of the library (135 ms at 100k reports) in one step of the pass.
 */
export const MAX_DIGIT_PHRASES = 100
/** The longest run of digits whose beginnings are counted (a year: 2023). */
const MAX_DIGITS = 4

/**
 * Counts, once per report, its n-grams of common bigrams (three to MAX_PHRASE characters), what
 * a person types towards a year, a date or a number: the first three to MAX_DIGITS digits of a run
 * of digits (202, 2023; two are one term of the index), and its mixed phrases (see countMixed).
 * Each is a phrase of digit tokens that a library of dated reports holds in nearly every report:
 * `2023年` took 135 ms to rank at 100k.
 */
function countPhrases(text: string, common: Set<string>, seen: Map<string, number>): void {
  const inReport = new Set<string>()
  for (let i = 0; i + 3 <= text.length; i++) {
    for (let j = i; j + 2 <= text.length && j + 2 - i <= MAX_PHRASE; j++) {
      if (!common.has(text.slice(j, j + 2))) break
      if (j > i) inReport.add(text.slice(i, j + 2))
    }
  }
  for (const g of inReport) if (!HAN.test(g)) inReport.delete(g)
  for (let i = 0; i < text.length;) {
    if (!DIGIT.test(text[i]!) || (i > 0 && DIGIT.test(text[i - 1]!))) {
      i++
      continue
    }
    let end = i
    while (end < text.length && DIGIT.test(text[end]!)) end++
    // Two digits are one term of the index (ranked with the terms), three or more a phrase.
    for (let n = 3; n <= Math.min(MAX_DIGITS, end - i); n++) inReport.add(text.slice(i, i + n))
    i = end
  }
  countMixed(text, inReport)
  for (const g of inReport) seen.set(g, (seen.get(g) ?? 0) + 1)
}

/** A space or a quote: a query's phrase never holds one (it splits terms, or quotes a phrase). */
const splitsPhrase = (c: number): boolean => c <= 0x20 || c === 0x22 || c === 0xa0 || c === 0x3000

/**
 * Adds the mixed phrases of a normalised text: every stretch of three to MAX_PHRASE characters that
 * holds both a CJK character and a Latin letter or digit (GUI（图形, 护进程（d, 2023年, 月26日), as a
 * person copies or types them. Their plans join boundary tokens, and a trailing fragment of a
 * word is a prefix that FTS5 merges over every word it begins: one found in thousands of reports
 * took 10–20 ms to count and rank at 100k. A stretch is found from where its next CJK character
 * and its next letter or digit are, so a report of Han text alone costs one pass.
 */
function countMixed(text: string, inReport: Set<string>): void {
  const n = text.length
  const nextHan = new Int32Array(n + 1).fill(n)
  const nextWord = new Int32Array(n + 1).fill(n)
  const nextSplit = new Int32Array(n + 1).fill(n)
  for (let i = n - 1; i >= 0; i--) {
    const c = text.charCodeAt(i)
    const kind = charKind(text[i]!)
    nextHan[i] = kind === 'cjk' ? i : nextHan[i + 1]!
    nextWord[i] = kind === 'alnum' || kind === 'digit' ? i : nextWord[i + 1]!
    nextSplit[i] = splitsPhrase(c) ? i : nextSplit[i + 1]!
  }
  for (let start = 0; start < n; start++) {
    // Not inside a character of two code units, at either end.
    if (isLowSurrogate(text.charCodeAt(start))) continue
    const shortest = Math.max(start + 3, Math.max(nextHan[start]!, nextWord[start]!) + 1)
    const longest = Math.min(start + MAX_PHRASE, nextSplit[start]!)
    for (let end = shortest; end <= longest; end++)
      if (end === n || !isLowSurrogate(text.charCodeAt(end))) inReport.add(text.slice(start, end))
  }
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff

/**
 * Ranks the next common terms of the vocabulary, then the common phrases, for about `budgetMs`,
 * in one transaction. True when the pass is over (every common term and phrase ranked at the
 * current token, stale lists dropped). A change of the library meanwhile starts the pass again.
 */
export function topHitsStep(db: Db, budgetMs = 50): boolean {
  if (!topHitsDue(db)) return true
  ensureVocabularyTable(db)
  const started = performance.now()
  const inBudget = (): boolean => performance.now() - started < budgetMs
  return db.transaction(() => {
    const token = listToken(db)
    let pass = passes.get(db)
    if (!pass || pass.token !== token) {
      pass = {
        token,
        charAfter: '',
        after: '',
        sample: null,
        at: 0,
        common: null,
        seen: new Map(),
        phrases: null,
        next: 0,
        ownHeadlines: headlinesDue(db),
      }
      passes.set(db, pass)
    }
    const next = statement<[string], { term: string; doc: number }>(
      db,
      'SELECT term, doc FROM temp.report_vocab WHERE term > ? ORDER BY term LIMIT 64'
    )
    const nextChar = statement<[string], { term: string; doc: number }>(
      db,
      'SELECT term, doc FROM temp.chars_vocab WHERE term > ? ORDER BY term LIMIT 64'
    )
    const store = statement(
      db,
      'INSERT INTO top_hits (match, token, total, ids) VALUES (?, ?, ?, ?) ON CONFLICT (match) DO UPDATE SET token = excluded.token, total = excluded.total, ids = excluded.ids'
    )
    /**
     * A word or phrase as a search plans it, when that is one part of the index (which the lists
     * hold): a phrase of report_fts, or (`chars`) a single character of report_chars.
     */
    const plannedOf = (text: string, table: IndexPart['table'] = 'report_fts'): Planned | null => {
      const term = planTerm(db, { text, negated: false })
      const part = singlePart([[term]])
      return part?.table === table ? { term, key: listKey(part) } : null
    }
    /**
     * Stores the first hits of a word or phrase in the order a search for it gives them (rankedTerm,
     * the search's own ranking): TOP_HITS of them above RANK_LIMIT hits, SHORT_LIST above
     * SHORT_LIST_FROM. Nothing for a term no search asks for alone (null).
     */
    const rankMatch = (planned: Planned | null): void => {
      if (planned === null) return
      const { total, ids } = rankedTerm(db, planned.term, TOP_HITS)
      const keep = total > RANK_LIMIT ? TOP_HITS : total > SHORT_LIST_FROM ? SHORT_LIST : 0
      if (keep > 0) store.run(planned.key, token, total, JSON.stringify(ids.slice(0, keep)))
    }
    /**
     * An index term as a person types it, planned as that very term: a Han word or a Latin word as
     * it is, two digits as they are (`20` is the term `520`, see tokens.ts).
     */
    const typedTerm = (term: string): Planned | null => {
      for (const text of [term, DIGIT_PAIR.test(term) ? term.slice(1) : null]) {
        const planned = text === null ? null : plannedOf(text)
        if (planned?.key === termMatch(term)) return planned
      }
      return null
    }
    while (inBudget()) {
      if (pass.sample === null) {
        // The headlines, which short lists are ranked by (as the readers do), then the terms.
        if (!headlinesStep(db, Math.max(1, budgetMs - (performance.now() - started)))) continue
        if (pass.charAfter !== null) {
          // The single characters first: their pass is the shortest (fewer than 2,000 at 100k
          // reports), and a common one without a list ranks all of its hits, most of the library.
          const chars = nextChar.all(pass.charAfter)
          for (const { term, doc } of chars) {
            pass.charAfter = term
            if (doc > RANK_LIMIT) {
              const planned = plannedOf(term, 'report_chars')
              if (planned?.key === listKey({ table: 'report_chars', match: termMatch(term) }))
                rankMatch(planned)
            }
            if (!inBudget()) break
          }
          if (chars.length === 0) pass.charAfter = null
          continue
        }
        const terms = next.all(pass.after)
        for (const { term, doc } of terms) {
          pass.after = term
          // The vocabulary's count may still include deleted reports; the index's own count decides.
          if ((doc > RANK_LIMIT && !neverAlone(term)) || (doc > SHORT_LIST_FROM && HAN_WORD.test(term)))
            rankMatch(typedTerm(term))
          // A short list is a search (a few ms): a batch of them stops when the step's time is up.
          if (!inBudget()) break
        }
        if (terms.length > 0) continue
        pass.common = new Set(
          statement<[string], string>(db, "SELECT match FROM top_hits WHERE token = ? AND match LIKE '\"%'")
            .pluck()
            .all(token)
            .map((m) => m.slice(1, -1))
            .filter((t) => t.length === 2)
        )
        pass.sample = []
        // No common bigram, no common phrase: no report to read. Sections of every kind, as the
        // index holds them (a roundup's date is often in its lead, before the first district).
        if (pass.common.size > 0) {
          const reports = statement<[], [number, number]>(
            db,
            'SELECT document_id, ord FROM sections ORDER BY id'
          )
            .raw()
            .all()
          const stride = Math.max(1, reports.length / SAMPLE_REPORTS)
          for (let x = 0; x < reports.length; x += stride) pass.sample.push(reports[Math.floor(x)]!)
        }
      } else if (pass.phrases === null) {
        // The sample.
        while (pass.at < pass.sample.length && inBudget()) {
          const [documentId, ord] = pass.sample[pass.at++]!
          const text = readDocumentTexts(db, documentId)?.sections[ord]
          if (text) countPhrases(normalizeForSearch(text.slice(0, SAMPLE_CHARS)), pass.common!, pass.seen)
        }
        if (pass.at < pass.sample.length) continue
        const reports = statement<[], number>(db, 'SELECT count(*) FROM sections').pluck().get()!
        // Estimated at three quarters of the limit or more (a sample's count varies), and seen twice.
        const least = Math.max(2, (0.75 * SHORT_LIST_FROM * pass.sample.length) / Math.max(1, reports))
        let digits = 0
        pass.phrases = [...pass.seen]
          .filter(([, n]) => n >= least)
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .filter(([g]) => !DIGIT.test(g) || ++digits <= MAX_DIGIT_PHRASES)
          .slice(0, MAX_PHRASES)
          .map(([g]) => g)
        pass.seen = new Map()
        pass.common = null
      } else if (pass.next < pass.phrases.length) {
        // The phrases, as a search plans them.
        const phrase = pass.phrases[pass.next++]!
        rankMatch(plannedOf(phrase))
      } else {
        statement(db, 'DELETE FROM top_hits WHERE token <> ?').run(token)
        store.run(DONE, token, 0, '[]')
        passes.delete(db)
        // The writer holds no headlines otherwise (a reader keeps its own).
        if (pass.ownHeadlines) dropHeadlines(db)
        return true
      }
    }
    return false
  })()
}

/** Every common term ranked at once (a benchmark, a test); returns how many steps it took. */
export function fillTopHits(db: Db): number {
  let steps = 1
  while (!topHitsStep(db, 1_000)) steps++
  return steps
}
