/**
 * Champion lists: for every index term found in more than RANK_LIMIT reports, its TOP_HITS
 * best-ranked hits (bm25, ties newest id first: exactly the order search.ts pages such a word in)
 * and its hit count, stored with the registry token they were ranked at (db/migrations/010).
 * A common word's first pages are then a lookup: scoring its hits took 30–40 ms for 60k–90k hits
 * at 100k reports, ten times that at 1M. bm25 depends on the whole library (report count, mean
 * length, the term's document frequency), so any import, correction or deletion (a new registry
 * token) makes every list stale: a stale list is never read, and the writer ranks the terms again
 * in steps between requests (`topHitsStep`), the newest token's lists being usable as they come.
 */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { ensureVocabularyTable, indexStale, registryToken } from './index-store'

/** Above this many hits a single word is paged by bm25 in the index (and gets a stored list). */
export const RANK_LIMIT = 2_000
/** How many of a common term's best hits are kept: the first pages of the list and more. */
export const TOP_HITS = 200
/** The row that says a pass over the whole vocabulary finished at its token. */
const DONE = ''

/** The FTS5 phrase of one index term, as the query planner writes it (tokens.ts). */
export const termMatch = (term: string): string => `"${term.replace(/"/gu, '""')}"`

/** A term's stored list, if it was ranked at the library's current state. */
export function storedTopHits(db: Db, match: string): { total: number; ids: number[] } | null {
  const row = statement<[string], { token: string; total: number; ids: string }>(
    db,
    'SELECT token, total, ids FROM top_hits WHERE match = ?'
  ).get(match)
  if (!row || row.token !== registryToken(db)) return null
  return { total: row.total, ids: JSON.parse(row.ids) as number[] }
}

/** True when the lists are not those of the library's current state (and the index is current). */
export function topHitsDue(db: Db): boolean {
  if (indexStale(db)) return false
  const done = statement<[string], string>(db, 'SELECT token FROM top_hits WHERE match = ?').pluck().get(DONE)
  return done !== registryToken(db)
}

/** Where each connection's pass over the vocabulary stands: its token and the last term done. */
const passes = new WeakMap<Db, { token: string; after: string }>()

/**
 * Ranks the next common terms of the vocabulary, for about `budgetMs`, in one transaction. True
 * when the pass is over (every common term ranked at the current token, stale lists dropped).
 * A change of the library meanwhile starts the pass again.
 */
export function topHitsStep(db: Db, budgetMs = 50): boolean {
  if (!topHitsDue(db)) return true
  ensureVocabularyTable(db)
  const started = performance.now()
  return db.transaction(() => {
    const token = registryToken(db)
    let pass = passes.get(db)
    if (!pass || pass.token !== token) {
      pass = { token, after: '' }
      passes.set(db, pass)
    }
    const next = statement<[string], { term: string; doc: number }>(
      db,
      'SELECT term, doc FROM temp.report_vocab WHERE term > ? ORDER BY term LIMIT 64'
    )
    const count = statement<[string], number>(
      db,
      'SELECT count(*) FROM report_fts WHERE report_fts MATCH ?'
    ).pluck()
    const best = statement<[string, number], number>(
      db,
      'SELECT rowid FROM report_fts WHERE report_fts MATCH ? ORDER BY bm25(report_fts), rowid DESC LIMIT ?'
    ).pluck()
    const store = statement(
      db,
      'INSERT INTO top_hits (match, token, total, ids) VALUES (?, ?, ?, ?) ON CONFLICT (match) DO UPDATE SET token = excluded.token, total = excluded.total, ids = excluded.ids'
    )
    while (performance.now() - started < budgetMs) {
      const terms = next.all(pass.after)
      if (terms.length === 0) {
        statement(db, 'DELETE FROM top_hits WHERE token <> ?').run(token)
        store.run(DONE, token, 0, '[]')
        passes.delete(db)
        return true
      }
      for (const { term, doc } of terms) {
        pass.after = term
        // The vocabulary's count may still include deleted reports; the index's own count decides.
        if (doc <= RANK_LIMIT) continue
        const match = termMatch(term)
        const total = count.get(match) ?? 0
        if (total > RANK_LIMIT) store.run(match, token, total, JSON.stringify(best.all(match, TOP_HITS)))
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
