import type { Migration } from './index'

/**
 * The figures of every report (1.6亿元, 5.2万亩, 增长6.8%; analysis/amounts.ts), stored when the
 * report is indexed, so `amount:>1亿` finds reports by value and the figures of a result set add
 * up per district without reading its texts. Derived data, like the search index: made again from
 * the text whenever the index is (a version change fills it for an existing library), and left
 * out of backups. Offsets are into the report's display text; `value` is in `unit`.
 */
export const facts: Migration = {
  version: 7,
  name: 'the figures of each report',
  up(db) {
    db.exec(`
      CREATE TABLE facts (
        section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        unit       TEXT NOT NULL,
        value      REAL NOT NULL,
        PRIMARY KEY (section_id, start)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX facts_value ON facts(unit, value);
    `)
  },
}
