/**
 * Where and when the hits of a query are (issue 12): hits over time, in buckets that fit the span
 * (days for up to two months, ISO weeks for up to a year, months for up to six years, then years),
 * and the same buckets per district for a heatmap. Counted from exactly the reports `search`
 * finds, like `stats`, so a bucket's count is what its date filter returns.
 */
import type { SearchOverview } from '../../../shared/api'
import type { Db } from '../db/database'
import { matchingSections, withDistrictFilters } from './search'
import { countByDate, inSnapshot, sectionTable } from './section-table'
import { districtGroup, districtLabel } from '../import/districts'
import { byChinese } from '../collate'

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

const DAY_DATE = /^\d{4}-\d{2}-\d{2}$/u

export function searchOverview(db: Db, query: string): SearchOverview {
  return inSnapshot(db, () => {
    const ids = matchingSections(db, query)
    const table = sectionTable(db)
    const total = ids.length
    const { counts } = countByDate(table, ids)
    // The dates (their indexes in the table, in order) that hold a hit and are whole days.
    const hitDates = table.dates.flatMap((d, at) => (counts[at]! > 0 && DAY_DATE.test(d) ? [at] : []))
    if (hitDates.length === 0)
      return { total, dated: 0, unit: 'day', buckets: [], districts: [], otherDistricts: 0 }
    const first = table.dates[hitDates[0]!]!
    const last = table.dates[hitDates[hitDates.length - 1]!]!
    const unit = unitFor(first, last)
    const buckets = bucketsBetween(first, last, unit).map((b) => ({ ...b, count: 0 }))
    const index = new Map(buckets.map((b, i) => [b.key, i]))
    // By date index: its bucket, or −1 for a date with no hit or not a whole day.
    const bucketAt = new Int32Array(table.dates.length).fill(-1)
    let dated = 0
    for (const at of hitDates) {
      const b = index.get(bucketOf(table.dates[at]!, unit).key)!
      bucketAt[at] = b
      buckets[b]!.count += counts[at]!
      dated += counts[at]!
    }
    // By place index: its heatmap row (one per county, districtGroup), or −1 for no district.
    const rows: { district: string; city: string | null; counts: number[]; total: number }[] = []
    const rowKeys = new Map<string, number>()
    const rowAt = table.places.map((p) => {
      if (p.district === null) return -1
      const key = districtGroup(p.district, p.code)
      let r = rowKeys.get(key)
      if (r === undefined) {
        r = rows.length
        rowKeys.set(key, r)
        rows.push({
          district: districtLabel(p.district, p.code),
          city: p.city,
          counts: buckets.map(() => 0),
          total: 0,
        })
      }
      return r
    })
    for (const id of ids) {
      const b = bucketAt[table.day[id]!] ?? -1
      const r = rowAt[table.place[id]!] ?? -1
      if (b < 0 || r < 0) continue
      rows[r]!.counts[b]!++
      rows[r]!.total++
    }
    const ranked = rows
      .filter((r) => r.total > 0)
      .sort((a, b) => b.total - a.total || byChinese(a.district, b.district))
    return {
      total,
      dated,
      unit,
      buckets,
      districts: withDistrictFilters(ranked).slice(0, MAX_DISTRICTS),
      otherDistricts: ranked.slice(MAX_DISTRICTS).reduce((n, r) => n + r.total, 0),
    }
  })
}
