/**
 * The figures of a result set, district by district: for the reports a query finds, how many
 * figures in one unit (元 by default) each district's reports hold, their sum and the largest,
 * with where it is. Read from the stored figures (db/migrations/007-facts.ts), so a result set of
 * thousands of reports is summed without reading their texts. When the query filters by amount in
 * that unit, only the figures the filter asked for count.
 */
import type { FigureSummary } from '../../../shared/api'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { districtGroup, districtLabel } from '../import/districts'
import { parseQuery } from '../search/query-parse'
import { inAmountRange, matchingSections, withDistrictFilters } from '../search/search'
import { inSnapshot, sectionTable, type Place } from '../search/section-table'
import { extractAmounts } from './amounts'
import { indexStale } from '../search/index-store'
import { sectionText } from '../import/document-texts'
import { byChinese } from '../collate'

interface FactRow {
  section_id: number
  start: number
  end: number
  value: number
}

/**
 * The stored figures in `unit` of the given reports: looked up report by report for a small
 * result set, or read in one pass over the unit's figures (an index) and kept when their report
 * is in the set, when the set is large (a common word's: most of the library).
 */
function storedFacts(db: Db, reportIds: readonly number[], unit: string): FactRow[] {
  const inUnit =
    statement<[string], number>(db, 'SELECT count(*) FROM facts WHERE unit = ?').pluck().get(unit) ?? 0
  if (reportIds.length * 8 < inUnit)
    return statement<[string, string], FactRow>(
      db,
      `SELECT f.section_id, f.start, f.end, f.value FROM json_each(?) h
       JOIN facts f ON f.section_id = h.value AND f.unit = ? ORDER BY f.section_id, f.start`
    ).all(JSON.stringify(reportIds), unit)
  const wanted = new Set(reportIds)
  return statement<[string], FactRow>(
    db,
    'SELECT section_id, start, "end", value FROM facts WHERE unit = ? ORDER BY section_id, start'
  )
    .all(unit)
    .filter((f) => wanted.has(f.section_id))
}

export function figureSummary(db: Db, query: string, unit = '元'): FigureSummary {
  return inSnapshot(db, () => summarize(db, query, unit))
}

function summarize(db: Db, query: string, unit: string): FigureSummary {
  const table = sectionTable(db)
  const placeOf = (id: number): Place => table.places[table.place[id]!]!
  const ranges = parseQuery(query).amounts.filter((r) => r.unit === unit)
  const reportIds = matchingSections(db, query).filter((id) => placeOf(id).district !== null)
  const facts: FactRow[] = indexStale(db)
    ? // While an upgrade makes the stored figures again, they are read from the texts.
      reportIds.flatMap((id) =>
        extractAmounts(sectionText(db, id) ?? '')
          .filter((a) => a.unit === unit)
          .map((a) => ({ section_id: id, start: a.start, end: a.end, value: a.value }))
      )
    : storedFacts(db, reportIds, unit)
  const districts = new Map<
    string,
    {
      district: string
      city: string | null
      reports: Set<number>
      count: number
      sum: number
      largest: FactRow
    }
  >()
  for (const fact of facts) {
    if (!ranges.every((r) => inAmountRange(r, { unit, value: fact.value }))) continue
    const hit = placeOf(fact.section_id)
    const key = districtGroup(hit.district!, hit.code)
    const entry = districts.get(key)
    if (!entry) {
      districts.set(key, {
        district: districtLabel(hit.district!, hit.code),
        city: hit.city,
        reports: new Set([fact.section_id]),
        count: 1,
        sum: fact.value,
        largest: fact,
      })
      continue
    }
    entry.reports.add(fact.section_id)
    entry.count++
    entry.sum += fact.value
    if (fact.value > entry.largest.value) entry.largest = fact
  }
  const list = withDistrictFilters([...districts.values()])
    .map(({ reports, largest: f, ...e }) => ({
      ...e,
      reports: reports.size,
      sum: Math.round(e.sum * 1e6) / 1e6,
      largest: {
        reportId: f.section_id,
        text: (sectionText(db, f.section_id) ?? '').slice(f.start, f.end),
        start: f.start,
        end: f.end,
        value: f.value,
      },
    }))
    .sort((a, b) => b.sum - a.sum || byChinese(a.district, b.district))
  return {
    unit,
    districts: list,
    count: list.reduce((n, d) => n + d.count, 0),
    sum: Math.round(list.reduce((n, d) => n + d.sum, 0) * 1e6) / 1e6,
  }
}
