/**
 * Where and when the hits of a query are (issue 12): hits over time, in buckets that fit the span
 * (days for up to two months, ISO weeks for up to a year, months for up to six years, then years),
 * and the same buckets per district for a heatmap. Counted from exactly the reports `search`
 * finds, like `stats`, so a bucket's count is what its date filter returns.
 */
import type { SearchOverview } from '../../../shared/api'
import type { Db } from '../db/database'
import { searchReports, withDistrictFilters } from './search'

/** The heatmap's rows: the districts with the most hits (the rest are counted in `otherDistricts`). */
const MAX_DISTRICTS = 16
const DAY_MS = 86_400_000

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const dayMs = (date: string): number => Date.parse(`${date}T00:00:00Z`)

/** The bucket a date falls in: its key and the first and last day it covers. */
function bucketOf(date: string, unit: SearchOverview['unit']): { key: string; from: string; to: string } {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  switch (unit) {
    case 'day':
      return { key: date, from: date, to: date }
    case 'week': {
      // ISO weeks start on Monday.
      const ms = dayMs(date)
      const monday = ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS
      return { key: iso(monday), from: iso(monday), to: iso(monday + 6 * DAY_MS) }
    }
    case 'month': {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
      const key = date.slice(0, 7)
      return { key, from: `${key}-01`, to: `${key}-${String(last).padStart(2, '0')}` }
    }
    case 'year':
      return { key: String(y), from: `${y}-01-01`, to: `${y}-12-31` }
  }
}

/** Every bucket from the first date's to the last's, empty ones included (a time axis has no gaps). */
function bucketsBetween(first: string, last: string, unit: SearchOverview['unit']) {
  const out: { key: string; from: string; to: string }[] = []
  let at = first
  for (let guard = 0; guard < 5000; guard++) {
    const b = bucketOf(at, unit)
    out.push(b)
    if (b.to >= last) break
    at = iso(dayMs(b.to) + DAY_MS)
  }
  return out
}

export function unitFor(first: string, last: string): SearchOverview['unit'] {
  const days = (dayMs(last) - dayMs(first)) / DAY_MS
  if (days <= 62) return 'day'
  if (days <= 366) return 'week'
  if (days <= 6 * 366) return 'month'
  return 'year'
}

export function searchOverview(db: Db, query: string): SearchOverview {
  const { total, hits } = searchReports(db, query, { limit: 0, facets: false, bare: true, sort: 'date' })
  const dated = hits.filter((h) => h.date !== null && /^\d{4}-\d{2}-\d{2}$/u.test(h.date))
  if (dated.length === 0)
    return { total, dated: 0, unit: 'day', buckets: [], districts: [], otherDistricts: 0 }
  const dates = dated.map((h) => h.date!).sort()
  const unit = unitFor(dates[0]!, dates[dates.length - 1]!)
  const buckets = bucketsBetween(dates[0]!, dates[dates.length - 1]!, unit).map((b) => ({ ...b, count: 0 }))
  const index = new Map(buckets.map((b, i) => [b.key, i]))
  const rows = new Map<string, { district: string; city: string | null; counts: number[]; total: number }>()
  for (const hit of dated) {
    const at = index.get(bucketOf(hit.date!, unit).key)!
    buckets[at]!.count++
    if (hit.district === null) continue
    const key = `${hit.district}\u0000${hit.city ?? ''}`
    let row = rows.get(key)
    if (!row) {
      row = { district: hit.district, city: hit.city, counts: buckets.map(() => 0), total: 0 }
      rows.set(key, row)
    }
    row.counts[at]!++
    row.total++
  }
  const ranked = [...rows.values()].sort(
    (a, b) => b.total - a.total || a.district.localeCompare(b.district, 'zh-CN')
  )
  return {
    total,
    dated: dated.length,
    unit,
    buckets,
    districts: withDistrictFilters(ranked).slice(0, MAX_DISTRICTS),
    otherDistricts: ranked.slice(MAX_DISTRICTS).reduce((n, r) => n + r.total, 0),
  }
}
