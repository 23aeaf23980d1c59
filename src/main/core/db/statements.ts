import type Database from 'better-sqlite3'

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/** A prepared statement, prepared once per connection. Values are always bound, never spliced. */
export function statement<P extends unknown[] | object = unknown[], R = unknown>(
  db: Database.Database,
  sql: string
): Database.Statement<P, R> {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  let stmt = cache.get(sql)
  if (!stmt) {
    stmt = db.prepare(sql)
    cache.set(sql, stmt)
  }
  return stmt as unknown as Database.Statement<P, R>
}
