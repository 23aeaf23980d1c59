import type { Migration } from './index'

/**
 * A covering index of what counts are made of: each section's district (county code, key and
 * name), kind and date. Counting a common word's hits by district or month read each hit's row,
 * a page or more per report with its text (250 ms for 16k hits at 100k reports); read from this
 * index in two grouped passes, every section's place and date fit in memory (see
 * search/section-table.ts) and the counts need no row at all.
 */
export const sectionPlaces: Migration = {
  version: 9,
  name: 'section places index',
  up(db) {
    db.exec('CREATE INDEX sections_places ON sections(district_code, district_key, kind, district, date)')
  },
}
