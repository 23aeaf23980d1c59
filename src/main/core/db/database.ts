import Database from 'better-sqlite3'
import { CodedError } from '../../../shared/result'
import { migrations, type Migration } from './migrations'
import { nativeBinding } from './native-binding'
import { loadRankExtension } from './rank-extension'

export type Db = Database.Database

/**
 * Pages of 16 KB: a packed document (1–2 KB) wastes a fifth of a 4 KB page on average and a
 * twentieth of a 16 KB one (100k reports: 37 → 7 MB); searches were measured as fast.
 */
const PAGE_SIZE = 16384

export const LATEST_SCHEMA_VERSION = migrations.reduce((v, m) => Math.max(v, m.version), 0)

/**
 * Opens (creating if needed) a library database. WAL lets browser mode and the CLI read while an
 * import writes; synchronous=FULL because annotations are typed by a person and must survive a
 * power cut, and per-file import transactions are large enough that the extra fsync is cheap.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    nativeBinding: nativeBinding(),
  })
  db.pragma('busy_timeout = 10000')
  // Its searches rank with the FTS5 extension where it was built (rank-extension.ts).
  loadRankExtension(db)
  if (!options.readonly) {
    // A new library gives back the room its index's merges free (see optimizeIndex), in pages
    // that waste less room around the packed texts; both can only be chosen before the first
    // table, or by compacting (migrate).
    if (db.pragma('page_count', { simple: true }) === 0) {
      db.pragma(`page_size = ${PAGE_SIZE}`)
      db.pragma('auto_vacuum = INCREMENTAL')
    }
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
  }
  db.pragma('foreign_keys = ON')
  // Per-file savepoints inside import batches keep sub-journals; in memory they cost little.
  db.pragma('temp_store = MEMORY')
  if (!options.readonly) migrate(db)
  return db
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** The refusal to open a library a newer version of the app wrote (its schema is `version`). */
export class NewerLibraryError extends CodedError {
  constructor(version: number) {
    super(
      'INTERNAL',
      `This library was written by a newer version of the app (schema ${version}); update the app to open it.`
    )
  }
}

export function migrate(
  db: Db,
  upTo: number = LATEST_SCHEMA_VERSION,
  list: readonly Migration[] = migrations
): void {
  const current = schemaVersion(db)
  if (current > LATEST_SCHEMA_VERSION) throw new NewerLibraryError(current)
  let compact = false
  for (const migration of list) {
    if (migration.version <= current || migration.version > upTo) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
    compact ||= migration.compactAfter === true && current > 0
  }
  if (compact) compactLibrary(db)
}

/**
 * Rewrites the file without its empty pages (VACUUM: all or nothing, safe to interrupt), and
 * makes it give back the room later merges free. Needs as much free disk as the library takes;
 * where that fails the library stays as it was, only larger.
 */
export function compactLibrary(db: Db): void {
  const journal = String(db.pragma('journal_mode', { simple: true }))
  try {
    // The page size can change only outside WAL.
    if (journal === 'wal') db.pragma('journal_mode = DELETE')
    db.pragma(`page_size = ${PAGE_SIZE}`)
    db.pragma('auto_vacuum = INCREMENTAL')
    // VACUUM copies the library into a transient database: on disk, not in memory (a large
    // library would need as much memory as it has bytes).
    db.pragma('temp_store = FILE')
    db.exec('VACUUM')
  } catch (err) {
    console.warn(`The library could not be compacted: ${err instanceof Error ? err.message : String(err)}`)
  } finally {
    db.pragma('temp_store = MEMORY')
    if (journal === 'wal') db.pragma('journal_mode = WAL')
  }
}
