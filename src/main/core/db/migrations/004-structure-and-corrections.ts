import type { Migration } from './index'

/**
 * What the new splitter knows (the district as written, where a date came from, a month-day
 * without a year, the document's stated date and its format) and the user's corrections of a
 * split, stored over the derived sections and never as edits of the original.
 *
 * A correction names its section by a key that survives re-import (`district:睢宁`, `ord:3`):
 * `set` overrides district/date/headline, `merge` joins the section with the next one, `split`
 * starts a new report at the paragraph that begins with `split_at` (its first characters).
 * Imported annotations keep where they point, so orphans can heal when their report is imported.
 */
export const structureAndCorrections: Migration = {
  version: 4,
  name: 'structure hints and split corrections',
  up(db) {
    db.exec(`
      ALTER TABLE sections ADD COLUMN district_written TEXT;
      ALTER TABLE sections ADD COLUMN date_origin TEXT;
      ALTER TABLE sections ADD COLUMN month_day TEXT;
      ALTER TABLE documents ADD COLUMN date TEXT;
      ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'txt';
      ALTER TABLE documents ADD COLUMN hints TEXT;
      UPDATE sections SET district_written = district, date_origin = CASE WHEN date IS NULL THEN NULL ELSE 'text' END;
      CREATE TABLE corrections (
        id            INTEGER PRIMARY KEY,
        document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        section_key   TEXT NOT NULL,
        action        TEXT NOT NULL CHECK (action IN ('set', 'merge', 'split')),
        district      TEXT,
        date          TEXT,
        headline      TEXT,
        split_at      TEXT,
        created_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX corrections_document ON corrections(document_id, id);
      CREATE INDEX sections_kind_document ON sections(document_id, kind);
      -- Where an imported annotation points (its document's hash and report key, and file name),
      -- so one imported before its report can be placed when the report arrives.
      ALTER TABLE annotations ADD COLUMN target_source TEXT;
      ALTER TABLE annotations ADD COLUMN target_file TEXT;
      CREATE INDEX annotations_orphans ON annotations(orphan) WHERE orphan = 1 AND deleted_at IS NULL;
    `)
  },
}
