import type { Migration } from './index'

/**
 * The best-ranked hits of each common index term, kept with the registry token they were ranked
 * at (see search/top-hits.ts): a common word's first pages are read from here instead of scoring
 * its tens of thousands of hits on every search. Derived (made again from the index), so left out
 * of backups; a row whose token is not the library's is never read.
 */
export const topHits: Migration = {
  version: 10,
  name: 'top hits of common terms',
  up(db) {
    db.exec(`
      CREATE TABLE top_hits (
        match  TEXT PRIMARY KEY,
        token  TEXT NOT NULL,
        total  INTEGER NOT NULL,
        ids    TEXT NOT NULL
      ) STRICT;
    `)
  },
}
