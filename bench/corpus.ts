/**
 * A benchmark corpus: report-sized documents resampled from real Chinese text (the bundled sample
 * plus Debian's Chinese reference manual, package debian-reference-zh-cn), seeded for repeatability.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractHtml } from '../src/main/core/import/extract/html'
import countyNames from '../src/main/core/import/county-names.json'
import type { ImportSource } from '../src/main/core/import/sources'

const DEBIAN_REFERENCE = '/usr/share/debian-reference'

let seed = 42
export function seedRandom(value: number): void {
  seed = value >>> 0
}

export function random(): number {
  // mulberry32: a seeded generator so runs are comparable
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
export const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!

export function loadParagraphs(): { paragraphs: string[]; sources: string[] } {
  const sources = ['resources/sample-xuzhou-roundup.txt']
  const paragraphs = readFileSync('resources/sample-xuzhou-roundup.txt', 'utf8')
    .split('\n')
    .filter((l) => l.length >= 12)
  if (existsSync(DEBIAN_REFERENCE)) {
    for (const file of readdirSync(DEBIAN_REFERENCE).filter((f) => f.endsWith('.zh-cn.html'))) {
      sources.push(join(DEBIAN_REFERENCE, file))
      const text = extractHtml(readFileSync(join(DEBIAN_REFERENCE, file), 'utf8')).text
      for (const line of text.split('\n')) {
        const han = line.match(/\p{Script=Han}/gu)?.length ?? 0
        if (line.length >= 12 && line.length <= 600 && han >= line.length * 0.3) paragraphs.push(line)
      }
    }
  } else {
    console.error(
      "note: Debian's Chinese reference manual is missing (apt-get install debian-reference-zh-cn); using the sample only"
    )
  }
  return { paragraphs, sources }
}

export function buildDocuments(paragraphs: string[], count: number): ImportSource[] {
  const counties = countyNames.rows.map((r) => r[1] as string)
  const docs: ImportSource[] = []
  for (let i = 0; i < count; i++) {
    const target = 1000 + random() * 2000
    const lines = [
      pick(counties),
      pick(paragraphs)
        .slice(0, 20)
        .replace(/[。！？；,.，]/gu, ' '),
    ]
    let size = 0
    while (size < target) {
      const p = pick(paragraphs)
      lines.push(p)
      size += Buffer.byteLength(p)
    }
    lines.push(`${1 + Math.floor(random() * 12)}月${1 + Math.floor(random() * 28)}日`)
    const bytes = Buffer.from(`2023年\n${lines.join('\n')}\n`, 'utf8')
    docs.push({ path: `bench-${i}.txt`, name: `bench-${i}.txt`, read: () => bytes })
  }
  return docs
}
