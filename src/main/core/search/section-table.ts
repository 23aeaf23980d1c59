/**
 * Every section's place (district, county code, kind) and date, held in memory by section id, so
 * hits are counted by district, month or year without reading their rows: at 100k reports a
 * common word's 16k hits took 250 ms to look up row by row (each row is a page or more with its
 * text), and take under 5 ms here. Read from one covering index (db/migrations/009) in two grouped
 * passes, about 120 ms at 100k reports, and read again when the library's registry token changes
 * (any import, correction or deletion: db/migrations/006).
 */
import type { SearchHit } from '../../../shared/api'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { countyByCode } from '../import/districts'
import { perLibraryState, withStableMeta, type PerLibraryState } from './index-store'
import { normalizeForSearch } from './normalize'

export interface Place {
  code: string | null
  key: string | null
  kind: SearchHit['kind']
  district: string | null
  /** The district as searches compare it (normalizeForSearch), for the district-match tier. */
  folded: string | null
  city: string | null
}

export interface SectionTable {
  /** By section id: its place's index in `places`, or −1 where there is no such section. */
  place: Int32Array
  /** By section id: its date's index in `dates`, or −1 where it has none. */
  day: Int32Array
  places: Place[]
  /** Every date a section has, in order. */
  dates: string[]
}

/** Calls `each` with every id of a comma-separated list (group_concat's), without splitting it. */
function forEachId(list: string, each: (id: number) => void): void {
  let id = 0
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i)
    if (c === 44) {
      each(id)
      id = 0
    } else id = id * 10 + (c - 48)
  }
  if (list.length > 0) each(id)
}

function readTable(db: Db): SectionTable {
  const maxId = statement<[], number>(db, 'SELECT max(id) FROM sections').pluck().get() ?? 0
  const place = new Int32Array(maxId + 1).fill(-1)
  const day = new Int32Array(maxId + 1).fill(-1)
  const places: Place[] = []
  const byPlace = statement<[], [string | null, string | null, SearchHit['kind'], string | null, string]>(
    db,
    `SELECT district_code, district_key, kind, district, group_concat(id) FROM sections INDEXED BY sections_places
     GROUP BY 1, 2, 3, 4`
  )
    .raw()
    .all()
  for (const [code, key, kind, district, ids] of byPlace) {
    const at = places.length
    places.push({
      code,
      key,
      kind,
      district,
      folded: district === null ? null : normalizeForSearch(district),
      city: code ? (countyByCode(code)?.city ?? null) : null,
    })
    forEachId(ids, (id) => (place[id] = at))
  }
  const dates: string[] = []
  const byDate = statement<[], [string, string]>(
    db,
    `SELECT date, group_concat(id) FROM sections INDEXED BY sections_places WHERE date IS NOT NULL
     GROUP BY 1 ORDER BY 1`
  )
    .raw()
    .all()
  for (const [date, ids] of byDate) {
    const at = dates.length
    dates.push(date)
    forEachId(ids, (id) => (day[id] = at))
  }
  return { place, day, places, dates }
}

/** The section table of the library as this connection sees it now (read again after any change). */
export const sectionTable: PerLibraryState<SectionTable> = perLibraryState(readTable)

/**
 * Runs `read` on one snapshot of the library (a read transaction), so the section table and the
 * hits it counts come from the same state even while an import commits beside it.
 */
export function inSnapshot<T>(db: Db, read: () => T): T {
  const stable = (): T => withStableMeta(db, read)
  return db.inTransaction ? stable() : db.transaction(stable)()
}

/** How many of the ids fall in each place (by place index). */
export function countByPlace(table: SectionTable, ids: readonly number[]): Int32Array {
  const counts = new Int32Array(table.places.length)
  for (const id of ids) {
    const at = table.place[id] ?? -1
    if (at >= 0) counts[at]!++
  }
  return counts
}

/** How many of the ids fall on each date (by date index), and how many have none. */
export function countByDate(
  table: SectionTable,
  ids: readonly number[]
): { counts: Int32Array; undated: number } {
  const counts = new Int32Array(table.dates.length)
  let undated = 0
  for (const id of ids) {
    const at = table.day[id] ?? -1
    if (at >= 0) counts[at]!++
    else undated++
  }
  return { counts, undated }
}
