import type { Migration } from './index'

/**
 * The full-text index holds JS-built bigram tokens (see search/tokens.ts) in a contentless FTS5
 * table: the text lives once, in sections. `library_meta` records the tokenizer version so a
 * change rebuilds the index from the stored text.
 */
export const searchIndex: Migration = {
  version: 2,
  name: 'search index',
  up(db) {
    db.exec(`
      CREATE TABLE library_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE VIRTUAL TABLE report_fts USING fts5(
        district, headline, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 0', prefix = '1'
      );
    `)
  },
}
