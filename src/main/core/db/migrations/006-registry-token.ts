import type { Migration } from './index'

/**
 * library_meta key of a random token that every write to the registry (documents, their versions,
 * sections) replaces: two equal tokens mean the same registry, with no write in between.
 */
export const REGISTRY_TOKEN_KEY = 'registry_token'

/** The tables whose every write replaces the token: all a backup holds besides the user's own few rows. */
export const TOKENED_TABLES = ['documents', 'document_versions', 'sections'] as const

/**
 * A token of the registry's state, kept by triggers, so a backup can tell in one read that the
 * registry is what the newest backup already holds and take it from there instead of copying it
 * again (db/backups.ts): at 100k reports the registry is nearly all of a backup's work, and what
 * changes between two quits is usually a note. Triggers see every writer, including ones added
 * later, where a token kept by the app's code would miss one. A token is random rather than a
 * count, so a library restored from an older backup cannot come back to a count it had before.
 */
export const registryToken: Migration = {
  version: 6,
  name: 'a token of the registry, for backups',
  up(db) {
    db.exec(
      `INSERT OR REPLACE INTO library_meta (key, value) VALUES ('${REGISTRY_TOKEN_KEY}', lower(hex(randomblob(8))))`
    )
    for (const table of TOKENED_TABLES)
      for (const event of ['INSERT', 'UPDATE', 'DELETE'])
        db.exec(`
          CREATE TRIGGER ${table}_${event.toLowerCase()}_token AFTER ${event} ON ${table} BEGIN
            INSERT INTO library_meta (key, value) VALUES ('${REGISTRY_TOKEN_KEY}', lower(hex(randomblob(8))))
              ON CONFLICT (key) DO UPDATE SET value = excluded.value;
          END`)
  },
}
