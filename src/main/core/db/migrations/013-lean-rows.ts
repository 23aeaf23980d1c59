import type { Migration } from './index'

/**
 * The covering indexes that kept reads away from the texts stored in the rows (migrations 5 and
 * 11) are dropped: the texts are in `document_texts` now (migration 12), so a document's or a
 * section's row is as small as its index entry was, and the table is read as fast. At 100k
 * reports they held 49 MB. The library is then compacted once (see `compactAfter`): dropping
 * the text columns left its pages nearly empty. `sections_kind_document` (document, kind) goes too:
 * the unique (document, ord) index finds a document's sections as well. Hints that are all empty
 * are stored as none (the split reads both the same).
 */
export const leanRows: Migration = {
  version: 13,
  name: 'lean rows: covering indexes dropped, library compacted',
  compactAfter: true,
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS documents_registry;
      DROP INDEX IF EXISTS sections_shape;
      DROP INDEX IF EXISTS sections_rows;
      DROP INDEX IF EXISTS sections_kind_document;
      UPDATE documents SET hints = NULL
        WHERE hints = '{"headingLines":[],"title":null,"date":null,"source":null,"year":null}';
    `)
  },
}
