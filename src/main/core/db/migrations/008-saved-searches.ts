import type { Migration } from './index'

/**
 * Searches a person keeps watching: a name, the query with its filters, and how far they had
 * seen (the newest section id when the search was last opened), so after an import each one can
 * say how many new reports it finds. The user's own data: backed up, never derived.
 */
export const savedSearches: Migration = {
  version: 8,
  name: 'saved searches',
  up(db) {
    db.exec(`
      CREATE TABLE saved_searches (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        query       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        opened_at   TEXT NOT NULL,
        seen_up_to  INTEGER NOT NULL
      ) STRICT;
    `)
  },
}
