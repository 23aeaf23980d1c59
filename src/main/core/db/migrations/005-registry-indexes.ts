import type { Migration } from './index'

/**
 * Two covering indexes that let a backup read the library's registry without touching each
 * document's original and text (see db/backups.ts): a row's columns after those large values can
 * only be read by walking past them, a page or more per document. At 100k documents a backup read
 * 400 MB of pages to copy 40 MB of registry; from these indexes it reads the registry alone.
 */
export const registryIndexes: Migration = {
  version: 5,
  name: 'covering indexes for backups',
  up(db) {
    db.exec(`
      CREATE INDEX documents_registry ON documents(
        path, title, source, encoding, bom_length, content_hash, byte_size, year, imported_at, date, format, hints
      );
      CREATE INDEX sections_shape ON sections(document_id, ord, kind, first_line, line_count);
    `)
  },
}
