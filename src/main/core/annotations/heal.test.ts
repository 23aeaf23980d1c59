/**
 * Orphans that heal: annotations imported before their reports are placed when the file arrives,
 * say why they are orphans until then, and do not count in tag totals.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Library } from '../library'
import { exportJsonLd, importJsonLd } from './exchange'
import { addAnnotation, deleteAnnotation, listAnnotations, listTags } from './store'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-heal-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('places annotations imported before their file once the file is imported, and says why until then', async () => {
  const first = new Library(join(dir, 'a'))
  await first.importPaths([SAMPLE])
  const suining = first.listReports().find((r) => r.district === '睢宁')!
  const text = first.getReport(suining.id).text
  const quote = '佰斯拓工业风机研发制造项目成功签约'
  addAnnotation(first.db, {
    reportId: suining.id,
    start: text.indexOf(quote),
    end: text.indexOf(quote) + quote.length,
    note: '核实投资额',
    tags: ['招商'],
  })
  const exported = exportJsonLd(first.db)
  first.close()

  const fresh = new Library(join(dir, 'b'))
  try {
    expect(importJsonLd(fresh.db, exported)).toMatchObject({ imported: 1, orphans: 1 })
    const [waiting] = listAnnotations(fresh.db, {})
    expect(waiting).toMatchObject({ orphan: true, orphanReason: 'missing', reportId: null })
    expect(waiting!.file).toContain('sample-xuzhou-roundup.txt')
    expect(listTags(fresh.db)).toEqual([])

    await fresh.importPaths([SAMPLE])
    const [placed] = listAnnotations(fresh.db, {})
    expect(placed).toMatchObject({ orphan: false, orphanReason: null, district: '睢宁', note: '核实投资额' })
    const report = fresh.getReport(placed!.reportId!)
    expect(report.text.slice(placed!.start!, placed!.end!)).toBe(quote)
    expect(listTags(fresh.db)).toEqual([{ tag: '招商', count: 1 }])
    // Importing the same JSON-LD again adds nothing and changes nothing.
    expect(importJsonLd(fresh.db, exported)).toMatchObject({ imported: 0, skipped: 1 })
    // An orphan can be deleted like any annotation.
    expect(deleteAnnotation(fresh.db, placed!.id).id).toBe(placed!.id)
  } finally {
    fresh.close()
  }
})

it('exports only what the notebook filters select', async () => {
  const library = new Library(join(dir, 'c'))
  try {
    await library.importPaths([SAMPLE])
    const reports = library.listReports()
    const mark = (district: string, quote: string, tags: string[]) => {
      const r = reports.find((x) => x.district === district)!
      const text = library.getReport(r.id).text
      addAnnotation(library.db, {
        reportId: r.id,
        start: text.indexOf(quote),
        end: text.indexOf(quote) + quote.length,
        tags,
      })
    }
    mark('睢宁', '1.6亿元', ['招商'])
    mark('邳州', '市委工作例会', ['会议'])
    const { exportAnnotations } = await import('../library')
    const md = exportAnnotations(library.db, 'md', { tag: '招商' })
    expect(md).toContain('1.6亿元')
    expect(md).not.toContain('市委工作例会')
    expect(exportAnnotations(library.db, 'csv', { district: '邳州' })).not.toContain('1.6亿元')
    expect(exportAnnotations(library.db, 'md')).toContain('市委工作例会')
  } finally {
    library.close()
  }
})
