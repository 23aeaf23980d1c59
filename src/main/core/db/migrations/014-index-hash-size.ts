import type { Migration } from './index'

/** How much of an import's index FTS5 holds in memory before it writes a segment (32 MiB). */
export const INDEX_HASH_BYTES = 32 * 1024 * 1024

/**
 * FTS5 keeps the terms inserted in a transaction in memory and writes them out as a segment of the
 * index when the transaction ends, or sooner, when they pass its `hashsize` (1 MiB by default): a
 * batch of an import (a few MiB of terms) became several small segments, each merged again later.
 * Held to the end of the batch, they are one: the index inserts of 5,000 bench documents went
 * 1.45 → 1.05 s. The setting is stored with each index (its config table).
 */
export const indexHashSize: Migration = {
  version: 14,
  name: 'index terms held in memory up to 32 MiB before a segment is written',
  up(db) {
    // FTS5 reads a setting's value as written in the statement (a bound one fails in a file).
    for (const table of ['report_fts', 'report_chars'])
      db.exec(`INSERT INTO ${table}(${table}, rank) VALUES ('hashsize', ${INDEX_HASH_BYTES})`)
  },
}
