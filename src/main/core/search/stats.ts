/**
 * How the hits of a query spread over districts, months or years: the numbers behind an overview,
 * counted from exactly the reports `search` finds (same parser, filters, pinyin fallback), so each
 * bucket's count is what `search '<query> district:X'` or a date filter on that span returns.
 */
import type { Db } from '../db/database'
import { searchReports } from './search'

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
  const { total, hits } = searchReports(db, query, { limit: 0, facets: false, bare: true, sort: 'date' })
  const buckets = new Map<string, { key: string; city?: string | null; count: number }>()
  let unbucketed = 0
  for (const hit of hits) {
    const key = by === 'district' ? hit.district : hit.date ? hit.date.slice(0, by === 'month' ? 7 : 4) : null
    if (!key) {
      unbucketed++
      continue
    }
    // 鼓楼区 of 徐州 and of 南京 are different districts.
    const id = by === 'district' ? `${key}\u0000${hit.city ?? ''}` : key
    const bucket = buckets.get(id)
    if (bucket) bucket.count++
    else buckets.set(id, by === 'district' ? { key, city: hit.city, count: 1 } : { key, count: 1 })
  }
  const list = [...buckets.values()]
  list.sort(
    by === 'district'
      ? (a, b) => b.count - a.count || a.key.localeCompare(b.key, 'zh-CN')
      : (a, b) => a.key.localeCompare(b.key)
  )
  return { total, by, buckets: list, unbucketed }
}
