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
let warned = false

/** Loads the extension on a connection, if it was built; a failure leaves the connection on bm25(). */
export function loadRankExtension(db: Database.Database): void {
  const file = rankExtensionFile()
  if (!file) return
  try {
    db.loadExtension(file)
    ranked.add(db)
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
