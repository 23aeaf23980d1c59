/**
 * Every layout of the roundup corpus (fixtures/roundups.ts) imports into the right districts,
 * dates, headlines and sources, through the same import a user runs: .txt, .md, .html, and .docx
 * and .pdf built here from text (test-support/documents.ts). Prints an accuracy
 * table (reports found, districts right, dates right) for docs/NOTES.md.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../library'
import { ROUNDUPS, type Expected, type RoundupCase } from './fixtures/roundups'
import { CHROMIUM, docxFromHtml, pdfFromHtml } from '../test-support/documents'

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-roundups-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function fileFor(c: RoundupCase): Promise<Buffer> {
  if (c.file.endsWith('.docx')) return docxFromHtml(c.content)
  if (c.file.endsWith('.pdf')) return pdfFromHtml(c.content)
  return Buffer.from(c.content)
}

interface Accuracy {
  name: string
  expected: number
  found: number
  districts: number
  dates: number
  headlines: number
  sources: number
}
const table: Accuracy[] = []

afterAll(() => {
  if (table.length === 0) return
  const sum = (k: keyof Omit<Accuracy, 'name'>): number => table.reduce((n, r) => n + r[k], 0)
  const rows = table.map(
    (r) =>
      `| ${r.name} | ${r.found}/${r.expected} | ${r.districts} | ${r.dates} | ${r.headlines} | ${r.sources} |`
  )
  console.log(
    [
      '| layout | reports found | districts right | dates right | headlines right | sources right |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      `| all ${table.length} layouts | ${sum('found')}/${sum('expected')} | ${sum('districts')} | ${sum('dates')} | ${sum('headlines')} | ${sum('sources')} |`,
    ].join('\n')
  )
})

describe('the roundup corpus', () => {
  it('has at least 20 layouts', () => {
    expect(ROUNDUPS.length).toBeGreaterThanOrEqual(20)
  })

  for (const c of ROUNDUPS) {
    const needsChromium = c.file.endsWith('.pdf') && !existsSync(CHROMIUM)
    it.skipIf(needsChromium)(`${c.name} (${c.file})`, async () => {
      const library = new Library(join(dir, `${c.file}.library`))
      try {
        const file = join(dir, c.file)
        writeFileSync(file, await fileFor(c))
        const summary = await library.importPaths([file])
        expect(summary.failed).toEqual([])
        const got: Expected[] = library
          .listReports()
          .map((r) => [r.district ?? '', r.date, r.headline, r.source])
        const right = (i: number) => got.filter((g, n) => g[i] === c.expected[n]?.[i]).length
        table.push({
          name: c.name,
          expected: c.expected.length,
          found: got.length,
          districts: right(0),
          dates: right(1),
          headlines: right(2),
          sources: right(3),
        })
        expect(got).toEqual(c.expected)

        for (const word of c.leadWords ?? []) {
          const hits = library.search(word, { limit: 0 }).hits
          expect(
            hits.some((h) => h.kind === 'lead'),
            `${word} is found in the lead`
          ).toBe(true)
        }
        for (const phrase of c.findable ?? [])
          expect(library.search(phrase, { limit: 0 }).total, `${phrase} is found`).toBe(1)
        const texts = library.listReports().map((r) => library.getReport(r.id).text)
        for (const furniture of c.boilerplate ?? [])
          for (const text of texts) expect(text, 'page furniture in a report').not.toContain(furniture)
        if (c.city) for (const r of library.listReports()) expect(library.getReport(r.id).city).toBe(c.city)
      } finally {
        library.close()
      }
    })
  }
})
