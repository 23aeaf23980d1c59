/**
 * How the hits of a query spread over districts, months or years: the numbers behind an overview,
 * counted from exactly the reports `search` finds (same parser, filters, pinyin fallback), so each
 * bucket's count is what `search '<query> district:X'` or a date filter on that span returns.
 */
import type { Db } from '../db/database'
import { matchingSections } from './search'
import { countByDate, countByPlace, inSnapshot, sectionTable } from './section-table'
import { districtGroup, districtLabel } from '../import/districts'
import { byChinese } from '../collate'

export type StatsBy = 'district' | 'month' | 'year'

export interface SearchStats {
  total: number
  by: StatsBy
  /** District buckets largest first (then by name); month and year buckets in time order. */
  buckets: { key: string; city?: string | null; count: number }[]
  /** Hits that fall in no bucket: the lead or closing of a roundup (no district), or no date. */
  unbucketed: number
}

export function searchStats(db: Db, query: string, by: StatsBy): SearchStats {
  return inSnapshot(db, () => {
    const ids = matchingSections(db, query)
    const table = sectionTable(db)
    const buckets = new Map<string, { key: string; city?: string | null; count: number }>()
    const add = (id: string, bucket: { key: string; city?: string | null }, count: number): void => {
      const entry = buckets.get(id)
      if (entry) entry.count += count
      else buckets.set(id, { ...bucket, count })
    }
    let unbucketed = 0
    if (by === 'district') {
      countByPlace(table, ids).forEach((count, at) => {
        if (count === 0) return
        const { district, code, city } = table.places[at]!
        // One bucket per county however its reports wrote it (鼓楼, 鼓楼区); 鼓楼区 of 徐州 and
        // of 南京 are two.
        if (district === null) unbucketed += count
        else add(districtGroup(district, code), { key: districtLabel(district, code), city }, count)
      })
    } else {
      const { counts, undated } = countByDate(table, ids)
      unbucketed = undated
      counts.forEach((count, at) => {
        if (count === 0) return
        const key = table.dates[at]!.slice(0, by === 'month' ? 7 : 4)
        add(key, { key }, count)
      })
    }
    const list = [...buckets.values()]
    list.sort(
      by === 'district'
        ? (a, b) => b.count - a.count || byChinese(a.key, b.key)
        : (a, b) => a.key.localeCompare(b.key)
    )
    return { total: ids.length, by, buckets: list, unbucketed }
  })
}
