import type { Migration } from './index'

/**
 * Full-text search over JS-built tokens (see search/tokens.ts), in contentless FTS5 tables: the
 * text lives once, in sections. `report_fts` holds bigram and word tokens with positions (phrase
 * queries); `report_chars` holds each report's distinct CJK characters without positions, which
 * answers one-character queries directly and is far smaller than a prefix index.
 * `library_meta` records the tokenizer version so a change rebuilds both from the stored text.
 */
export const searchIndex: Migration = {
  version: 2,
  name: 'search index',
  up(db) {
    db.exec(`
      CREATE TABLE library_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE VIRTUAL TABLE report_fts USING fts5(
        body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE VIRTUAL TABLE report_chars USING fts5(
        chars, content = '', contentless_delete = 1, detail = 'none', tokenize = 'unicode61 remove_diacritics 0'
      );
    `)
  },
}
