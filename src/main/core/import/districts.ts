/**
 * Recognises Chinese county-level place names (区, 县, 县级市, 旗, 开发区 …) from the generated
 * data file (see scripts/generate-districts.ts), written in full (睢宁县) or without their suffix (睢宁).
 */
import countyNames from './county-names.json'
import { districtKey, shortCountyName } from '../../../shared/district-key'

export interface County {
  code: string
  name: string
  city: string
  province: string
}

export { districtKey, shortCountyName }

interface Index {
  byName: Map<string, County[]>
  byCode: Map<string, County>
  /** Every start of every name in byName, so a reader of a line can stop at the first impossible character. */
  prefixes: Set<string>
  /** The full names of the cities and provinces the counties belong to (徐州市, 江苏省), and their starts. */
  above: Set<string>
  aboveStarts: Set<string>
}

let index: Index | null = null

/** Every start of every name (徐, 徐州, 徐州市). */
function startsOf(names: Iterable<string>): Set<string> {
  const starts = new Set<string>()
  for (const name of names) for (let end = 1; end <= name.length; end++) starts.add(name.slice(0, end))
  return starts
}

function loadIndex(): Index {
  if (index) return index
  const byName = new Map<string, County[]>()
  const byCode = new Map<string, County>()
  const add = (key: string, county: County): void => {
    const list = byName.get(key)
    if (list) list.push(county)
    else byName.set(key, [county])
  }
  for (const row of countyNames.rows) {
    const [code = '', name = '', city = '', province = ''] = row
    const county = { code, name, city, province }
    byCode.set(code, county)
    add(name, county)
    const short = shortCountyName(name)
    if (short !== name) add(short, county)
  }
  const above = new Set<string>()
  for (const county of byCode.values()) above.add(county.city).add(county.province)
  index = { byName, byCode, prefixes: startsOf(byName.keys()), above, aboveStarts: startsOf(above) }
  return index
}

/**
 * The county a name (simplified characters, full or short form) denotes, choosing among namesakes
 * (several cities have a 鼓楼区) by how often each candidate's city is mentioned in the document.
 */
export function lookupCounty(name: string, cityMentions: (city: string) => number): County | null {
  const candidates = loadIndex().byName.get(name)
  if (!candidates || candidates.length === 0) return null
  let best = candidates[0] as County
  let bestScore = -1
  for (const county of candidates) {
    const score =
      cityMentions(shortCountyName(county.city)) * 10 +
      cityMentions(county.province.replace(/(?:省|壮族自治区|回族自治区|维吾尔自治区|自治区)$/u, ''))
    if (score > bestScore) {
      best = county
      bestScore = score
    }
  }
  return best
}

/** Whether this is the full name of a city or province that counties belong to (徐州市, 江苏省). */
export function isPlaceAbove(name: string): boolean {
  return loadIndex().above.has(name)
}

/** Whether the full name of some city or province starts with this. */
export function startsPlaceAbove(prefix: string): boolean {
  return loadIndex().aboveStarts.has(prefix)
}

/** The counties of a name (simplified characters, full or short form): more than one for namesakes. */
export function countiesNamed(name: string): readonly County[] {
  return loadIndex().byName.get(name) ?? []
}

/** Whether a county's name (simplified characters, full or short form) is exactly this. */
export function isCountyName(name: string): boolean {
  return loadIndex().byName.has(name)
}

/** Whether some county's name (simplified characters, full or short form) starts with this. */
export function startsCountyName(prefix: string): boolean {
  return loadIndex().prefixes.has(prefix)
}

export function countyByCode(code: string): County | null {
  return loadIndex().byCode.get(code) ?? null
}

/**
 * The group a district's reports count in, in every list and chart of districts: its county (by
 * gazetteer code) however a report wrote it (鼓楼, 鼓楼区, 鼓樓區), or its name as searches compare
 * it (districtKey) where the gazetteer does not know it.
 */
export const districtGroup = (district: string, code: string | null): string =>
  code ?? `name:${districtKey(district)}`

/** A district's name in those lists: the gazetteer's for a known county, otherwise as written. */
export const districtLabel = (district: string, code: string | null): string =>
  code ? (countyByCode(code)?.name ?? district) : district

/** The county codes of a city written in full or short (徐州 = 徐州市), in simplified characters. */
export function countyCodesOfCity(city: string): string[] {
  const wanted = city.trim().replace(/市$/u, '')
  if (wanted === '') return []
  const codes: string[] = []
  for (const county of loadIndex().byCode.values())
    if (county.city.replace(/市$/u, '') === wanted || county.city === wanted) codes.push(county.code)
  return codes
}
