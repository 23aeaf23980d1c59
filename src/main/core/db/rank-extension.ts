/**
 * The FTS5 ranking extension (native/fts5-rank.c, built by scripts/build-rank-extension.mjs):
 * rank_bm25() orders hits as bm25() does without evaluating a query's one phrase a second time
 * for its IDF. Loaded on each library connection where it was built; searches rank with SQLite's
 * bm25() on a connection without it (the same order, slower for phrases of common words).
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type Database from 'better-sqlite3'
import { nativeBinding } from './native-binding'
import { statement } from './statements'

export const RANK_EXTENSION_FILE = `fts5-rank.${
  process.platform === 'win32' ? 'dll' : process.platform === 'darwin' ? 'dylib' : 'so'
}`

/** Set by tests: a file to load instead of the one found, or null for none. */
let chosen: string | null | undefined
const found = new Map<string, string | null>()

export function setRankExtension(file: string | null | undefined): void {
  chosen = file
}

/**
 * Where the extension is: beside the Electron build of better-sqlite3 (an installed app has both
 * in its resources), else in the checkout's build/native (tests, the CLI, browser mode, a
 * development start), or nowhere.
 */
export function rankExtensionFile(): string | null {
  if (chosen !== undefined) return chosen
  const binding = nativeBinding() ?? ''
  let file = found.get(binding)
  if (file === undefined) {
    file = findRankExtension(dirname(fileURLToPath(import.meta.url)), binding || undefined)
    found.set(binding, file)
  }
  return file
}

/**
 * The extension beside `binding`, else in build/native of the first folder with a package.json
 * at or above `from` (this module is in src/main/core/db of a checkout, or bundled into out/main).
 * The search stops at that folder: never one above the project, where anyone could put a file
 * (an installed app's package.json is inside its archive, which holds no build/).
 */
export function findRankExtension(from: string, binding?: string): string | null {
  const candidates = binding ? [join(dirname(binding), RANK_EXTENSION_FILE)] : []
  let dir = from
  for (let up = 0; up < 6; up++, dir = dirname(dir)) {
    if (!existsSync(join(dir, 'package.json'))) continue
    candidates.push(join(dir, 'build/native', RANK_EXTENSION_FILE))
    break
  }
  return candidates.find((f) => existsSync(f)) ?? null
}

const ranked = new WeakSet<Database.Database>()
/** Connections whose extension has the rank_hits aggregate too. */
const aggregated = new WeakSet<Database.Database>()
let warned = false

/** Loads the extension on a connection, if it was built; a failure leaves the connection on bm25(). */
export function loadRankExtension(db: Database.Database): void {
  const file = rankExtensionFile()
  if (!file) return
  try {
    db.loadExtension(file)
    ranked.add(db)
    // A build from before rank_hits (one a running app kept, an install that did not build it
    // again) loads too: the searches then read their hits as they did before it.
    try {
      db.prepare('SELECT rank_hits(1, 0.0, 0, 0)')
      aggregated.add(db)
    } catch {
      // No rank_hits in that build.
    }
  } catch (err) {
    if (!warned) {
      warned = true
      console.warn(
        `fts5-rank: ${file} could not be loaded (${err instanceof Error ? err.message : String(err)}); ranking with bm25()`
      )
    }
  }
}

/** The ranking function a connection's searches use: the extension's, or SQLite's bm25. */
export const rankFunction = (db: Database.Database): 'rank_bm25' | 'bm25' =>
  ranked.has(db) ? 'rank_bm25' : 'bm25'

/**
 * The condition that keeps a query's hits to given rowids (bound as a JSON array). The `+` keeps
 * SQLite from handing the rowids to FTS5, which would look each one up in the index (about 1.6 ms
 * a row): instead FTS5 reads the hits and SQLite tests each against the set, so only the kept ones
 * are scored. 107 of 系统's 84k hits at 100k reports: 4 ms against 36 ms for all of them.
 */
export const AMONG = ' AND +rowid IN (SELECT value FROM json_each(?))'

/** A query's hits read once (rankedHits). */
export interface RankedHits {
  total: number
  /** Every hit when there are `keepAll` or fewer, else the `k` best in order (their rowids). */
  ids: number[]
  /** Their scores, in the same order. */
  scores: Float64Array
}

/**
 * The hits of an FTS5 expression over report_fts in one reading of the index, with the
 * extension's rank_hits aggregate: their count, and every hit with its rank_bm25 score when there
 * are `keepAll` or fewer (in no particular order), else the `k` best as `ORDER BY score, rowid
 * DESC` gives them. Null on a connection without the extension, or with a build from before
 * the aggregate (the caller then reads a row per hit through the ranking function).
 * (The subquery's LIMIT -1 keeps SQLite from moving the auxiliary function into the aggregate's
 * arguments, where FTS5 refuses it.)
 */
export function rankedHits(
  db: Database.Database,
  match: string,
  keepAll: number,
  k: number,
  /** Only these hits (a JSON array of rowids; see amongIds), the others neither scored nor kept. */
  among: string | null = null
): RankedHits | null {
  if (!aggregated.has(db)) return null
  const blob = statement<[number, number, string, ...string[]], Buffer>(
    db,
    `SELECT rank_hits(id, score, ?, ?) FROM
       (SELECT rowid AS id, rank_bm25(report_fts) AS score FROM report_fts WHERE report_fts MATCH ?${among === null ? '' : AMONG} LIMIT -1)`
  )
    .pluck()
    .get(keepAll, k, match, ...(among === null ? [] : [among]))
  if (!blob) return { total: 0, ids: [], scores: new Float64Array(0) }
  // A blob's bytes need not be aligned for a Float64Array view: then a copy.
  const values =
    blob.byteOffset % 8 === 0
      ? new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8)
      : new Float64Array(Uint8Array.from(blob).buffer)
  const count = (values.length - 1) >> 1
  const ids = new Array<number>(count)
  const scores = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    ids[i] = values[1 + 2 * i]!
    scores[i] = values[2 + 2 * i]!
  }
  return { total: values[0] ?? 0, ids, scores }
}
