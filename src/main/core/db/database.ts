import Database from 'better-sqlite3'
import { CodedError } from '../../../shared/result'
import { migrations, type Migration } from './migrations'
import { nativeBinding } from './native-binding'

export type Db = Database.Database

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
  if (!options.readonly) {
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

export function migrate(
  db: Db,
  upTo: number = LATEST_SCHEMA_VERSION,
  list: readonly Migration[] = migrations
): void {
  const current = schemaVersion(db)
  if (current > LATEST_SCHEMA_VERSION)
    throw new CodedError(
      'INTERNAL',
      `This library was written by a newer version of the app (schema ${current}); update the app to open it.`
    )
  for (const migration of list) {
    if (migration.version <= current || migration.version > upTo) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
}
