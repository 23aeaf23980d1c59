import type { Migration } from './index'

/** Documents keep their original bytes; sections cover every line of the decoded text. */
export const documentsAndSections: Migration = {
  version: 1,
  name: 'documents and sections',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        path          TEXT NOT NULL,
        title         TEXT NOT NULL,
        source        TEXT,
        encoding      TEXT NOT NULL,
        bom_length    INTEGER NOT NULL DEFAULT 0,
        content_hash  TEXT NOT NULL UNIQUE,
        original      BLOB NOT NULL,
        byte_size     INTEGER NOT NULL,
        content_text  TEXT NOT NULL,
        year          INTEGER,
        imported_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sections (
        id                  INTEGER PRIMARY KEY,
        document_id         INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ord                 INTEGER NOT NULL,
        kind                TEXT NOT NULL CHECK (kind IN ('lead', 'report', 'closing')),
        first_line          INTEGER NOT NULL,
        line_count          INTEGER NOT NULL,
        district            TEXT,
        district_full       TEXT,
        district_key        TEXT,
        district_code       TEXT,
        headline            TEXT NOT NULL DEFAULT '',
        headline_line_count INTEGER NOT NULL DEFAULT 0,
        date                TEXT,
        source              TEXT,
        text                TEXT NOT NULL,
        UNIQUE (document_id, ord)
      ) STRICT;

      CREATE INDEX sections_reports ON sections(kind, document_id, ord);
      CREATE INDEX sections_district ON sections(district_key) WHERE kind = 'report';
      CREATE INDEX sections_date ON sections(date) WHERE kind = 'report';
    `)
  },
}
