import type { Migration } from './index'

/**
 * Annotations (W3C Web Annotation selectors: quote + position) and document versions. An
 * annotation is never deleted with its report: when its report disappears it becomes an orphan
 * (report_id NULL) and keeps its quote and note. Deleting is soft (deleted_at) so it can be undone.
 * document_versions keeps every earlier version's bytes when a file is imported again changed.
 */
export const annotations: Migration = {
  version: 3,
  name: 'annotations, document versions, timeline index',
  up(db) {
    db.exec(`
      CREATE TABLE annotations (
        id            INTEGER PRIMARY KEY,
        uuid          TEXT NOT NULL UNIQUE,
        report_id     INTEGER REFERENCES sections(id) ON DELETE SET NULL,
        document_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        report_key    TEXT NOT NULL,
        start         INTEGER,
        end           INTEGER,
        exact         TEXT NOT NULL,
        prefix        TEXT NOT NULL,
        suffix        TEXT NOT NULL,
        color         TEXT NOT NULL,
        note          TEXT NOT NULL DEFAULT '',
        orphan        INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL,
        modified_at   TEXT NOT NULL,
        deleted_at    TEXT
      ) STRICT;
      CREATE INDEX annotations_report ON annotations(report_id) WHERE deleted_at IS NULL;
      CREATE TABLE annotation_tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag           TEXT NOT NULL,
        PRIMARY KEY (annotation_id, tag)
      ) STRICT;
      CREATE INDEX annotation_tags_tag ON annotation_tags(tag);
      CREATE TABLE document_versions (
        id            INTEGER PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        content_hash  TEXT NOT NULL,
        encoding      TEXT NOT NULL,
        original      BLOB NOT NULL,
        imported_at   TEXT NOT NULL,
        replaced_at   TEXT NOT NULL
      ) STRICT;
      CREATE INDEX documents_path ON documents(path);
      -- The timeline counts reports per date and district without sorting the library.
      CREATE INDEX sections_date_district ON sections(date, district_key) WHERE kind = 'report';
    `)
  },
}
