/**
 * Every section's headline as searches compare it (normalizeForSearch), held in memory by section
 * id once loaded, for the district/headline tier of the ranking (search.ts, orderIds). Reading the
 * headlines of a word's 500–2,000 hits row by row took 2.5–7 ms at 100k reports, as much as
 * scoring them; a lookup here takes a fraction of a millisecond.
 *
 * Loading every headline takes about 0.3 s at 100k reports (3 s at 1M), too long for one request:
 * the readers load them in steps between requests (`headlinesStep`), and again after any change
 * of the library (a new registry token). Until then searches read the hits' headlines from the
 * table, as before: the cache decides speed, never results.
 */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { registryToken } from './index-store'
import { normalizeForSearch } from './normalize'
import { inSnapshot } from './section-table'

interface Loading {
  token: string
  /** By section id, once loaded; undefined for ids that are not sections. */
  folded: (string | undefined)[]
  /** The last section id loaded. */
  after: number
  complete: boolean
}

const loaded = new WeakMap<Db, Loading>()

/** How many rows one read of a step takes. */
const ROWS = 5_000

/** The hits' headlines as searches compare them, if every headline is loaded at the current state. */
export function loadedHeadlines(db: Db): readonly (string | undefined)[] | null {
  const state = loaded.get(db)
  return state?.complete && state.token === registryToken(db) ? state.folded : null
}

/** True when the headlines in memory are not those of the library's current state. */
export function headlinesDue(db: Db): boolean {
  return loadedHeadlines(db) === null
}

/**
 * Loads the next headlines for about `budgetMs`, on one snapshot; true once every headline is
 * loaded at the current token. A change of the library meanwhile starts the load again.
 */
export function headlinesStep(db: Db, budgetMs = 25): boolean {
  const started = performance.now()
  const read = (): boolean => {
    const token = registryToken(db)
    let state = loaded.get(db)
    if (!state || state.token !== token) {
      state = { token, folded: [], after: 0, complete: false }
      loaded.set(db, state)
    }
    const next = statement<[number, number], [number, string]>(
      db,
      'SELECT id, headline FROM sections WHERE id > ? ORDER BY id LIMIT ?'
    ).raw()
    // A step reads at least one batch, however little time it was given.
    if (!state.complete)
      do {
        const rows = next.all(state.after, ROWS)
        for (const [id, headline] of rows) state.folded[id] = normalizeForSearch(headline)
        if (rows.length > 0) state.after = rows[rows.length - 1]![0]
        if (rows.length < ROWS) state.complete = true
      } while (!state.complete && performance.now() - started < budgetMs)
    return state.complete
  }
  return inSnapshot(db, read)
}

/** Lets go of the headlines in memory (the writer, once its pass over the stored lists is over). */
export function dropHeadlines(db: Db): void {
  loaded.delete(db)
}

/** Every headline loaded at once (a benchmark, a test). */
export function loadHeadlines(db: Db): void {
  while (!headlinesStep(db, 1_000));
}
