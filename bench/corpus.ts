/**
 * A benchmark corpus: report-sized documents resampled from real Chinese text (the bundled sample
 * plus Debian's Chinese reference manual, package debian-reference-zh-cn), seeded for repeatability.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractHtml } from '../src/main/core/import/extract/html'
import countyNames from '../src/main/core/import/county-names.json'
import type { ImportSource } from '../src/main/core/import/sources'

const DEBIAN_REFERENCE = '/usr/share/debian-reference'
const FORTUNES = '/usr/share/games/fortunes'
const FORTUNE_FILES = ['chinese', 'tang300', 'song100']
const PACKAGES = ['debian-reference-zh-cn', 'debian-reference-zh-tw', 'fortunes-zh']
/** Below this the corpus cannot stand for real libraries (the sample alone has a few hundred). */
export const MIN_DISTINCT_CHARS = 3_000

/**
 * The real-text corpus must be there: installed with apt when we may (root, as on CI), else the
 * benchmark stops with the command to run. It never quietly measures the sample instead.
 */
function ensureCorpus(): void {
  const present = (): boolean =>
    existsSync(DEBIAN_REFERENCE) &&
    readdirSync(DEBIAN_REFERENCE).some((f) => f.endsWith('.zh-cn.html')) &&
    existsSync(join(FORTUNES, 'tang300'))
  if (present()) return
  const command = `apt-get install -y ${PACKAGES.join(' ')}`
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error(`bench: installing the Chinese corpus (${command})`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    spawnSync('apt-get', ['install', '-y', '-qq', ...PACKAGES], { stdio: 'inherit', env })
  }
  if (!present()) {
    console.error(
      `MISSING_CORPUS: the benchmark needs Debian's Chinese reference manual as real text; run: sudo ${command}`
    )
    process.exit(1)
  }
}

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

export function loadParagraphs(): { paragraphs: string[]; sources: string[]; distinctChars: number } {
  ensureCorpus()
  const sources = ['resources/sample-xuzhou-roundup.txt']
  const paragraphs = readFileSync('resources/sample-xuzhou-roundup.txt', 'utf8')
    .split('\n')
    .filter((l) => l.length >= 12)
  {
    for (const file of readdirSync(DEBIAN_REFERENCE).filter((f) => /\.zh-(?:cn|tw)\.html$/u.test(f))) {
      sources.push(join(DEBIAN_REFERENCE, file))
      const text = extractHtml(readFileSync(join(DEBIAN_REFERENCE, file), 'utf8')).text
      for (const line of text.split('\n')) {
        const han = line.match(/\p{Script=Han}/gu)?.length ?? 0
        if (line.length >= 12 && line.length <= 600 && han >= line.length * 0.3) paragraphs.push(line)
      }
    }
  }
  // Chinese fortunes (sayings, Tang and Song poems): one entry per paragraph, a far wider range of
  // characters than technical prose. Files that are not UTF-8 are GB-encoded.
  for (const name of FORTUNE_FILES) {
    const file = join(FORTUNES, name)
    if (!existsSync(file)) continue
    sources.push(file)
    const bytes = readFileSync(file)
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      text = new TextDecoder('gb18030').decode(bytes)
    }
    for (const entry of text.split(/\n%\n/u)) {
      // Some fortunes carry terminal escapes (colours): text only.
      const joined = entry
        .replace(/\u001b\[[0-9;]{0,12}[A-Za-z]/gu, '')
        .replace(/[\u0000-\u001f\u007f]/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim()
      const han = joined.match(/\p{Script=Han}/gu)?.length ?? 0
      for (let at = 0; at < joined.length; at += 600) {
        const piece = joined.slice(at, at + 600)
        if (piece.length >= 12 && han >= joined.length * 0.3) paragraphs.push(piece)
      }
    }
  }
  const distinctChars = new Set(paragraphs.join('').match(/\p{Script=Han}/gu) ?? []).size
  if (distinctChars < MIN_DISTINCT_CHARS) {
    console.error(
      `MISSING_CORPUS: the corpus has ${distinctChars} distinct characters; at least ${MIN_DISTINCT_CHARS} are needed to stand for real libraries.`
    )
    process.exit(1)
  }
  return { paragraphs, sources, distinctChars }
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
