/**
 * A file offered for restore must be a library as this app makes it: exactly the tables, indexes,
 * triggers and views our migrations create for its schema version, each with the same definition.
 * A "shared backup" that carries a trigger of its own (rewriting the next note into a phishing
 * link, say) or a view is refused, never opened as the user's library.
 */
import Database from 'better-sqlite3'
import { nativeBinding } from './native-binding'
import { backupMeta } from './backups'
import { LATEST_SCHEMA_VERSION, migrate } from './database'

interface SchemaObject {
  type: string
  name: string
  sql: string
}

const normalizeSql = (sql: string | null): string => (sql ?? '').replace(/\s+/gu, ' ').trim()

function objects(db: Database.Database): Map<string, SchemaObject> {
  const rows = db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"
    )
    .all()
  return new Map(
    rows.map((r) => [`${r.type}:${r.name}`, { type: r.type, name: r.name, sql: normalizeSql(r.sql) }])
  )
}

const expectedByVersion = new Map<number, Map<string, SchemaObject>>()

/** The schema our migrations make for a version, from a fresh database in memory. */
function expectedSchema(version: number): Map<string, SchemaObject> {
  let expected = expectedByVersion.get(version)
  if (!expected) {
    const db = new Database(':memory:', { nativeBinding: nativeBinding() })
    try {
      migrate(db, version)
      expected = objects(db)
    } finally {
      db.close()
    }
    expectedByVersion.set(version, expected)
  }
  return expected
}

/** What a backup leaves out of the schema: indexes (made again on restore) and triggers. */
const LEFT_OUT_OF_BACKUPS = new Set(['index', 'trigger'])

/** Creates the indexes and triggers our schema has and the database lacks (a backup leaves them out). */
export function createLeftOut(db: Database.Database): void {
  const actual = objects(db)
  for (const [key, object] of expectedSchema(db.pragma('user_version', { simple: true }) as number))
    if (LEFT_OUT_OF_BACKUPS.has(object.type) && object.sql !== '' && !actual.has(key)) db.exec(object.sql)
}

/** Null when the file's schema is exactly ours, else a sentence saying what is foreign. */
export function foreignSchema(file: string): string | null {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() })
    const version = db.pragma('user_version', { simple: true }) as number
    if (version < 1 || version > LATEST_SCHEMA_VERSION)
      return `it has schema version ${version}, which this app did not make`
    const expected = expectedSchema(version)
    const actual = objects(db)
    for (const [key, object] of actual) {
      const ours = expected.get(key)
      if (!ours) return `it contains a ${object.type} this app did not make (${object.name})`
      if (ours.sql !== object.sql)
        return `its ${object.type} ${object.name} is not defined as this app defines it`
    }
    // A backup leaves its indexes and triggers out (made again on restore); anything else missing is foreign.
    const backup = backupMeta(db) !== null
    for (const [key, object] of expected)
      if (!actual.has(key) && !(backup && LEFT_OUT_OF_BACKUPS.has(object.type)))
        return `its ${object.type} ${object.name} is missing`
    return null
  } catch {
    return 'it cannot be read as a library'
  } finally {
    db?.close()
  }
}
