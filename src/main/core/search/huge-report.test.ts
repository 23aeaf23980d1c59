/** One huge report cannot make searching slow for everyone: work per hit is bounded. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Library } from '../library'
import { MAX_MATCHES_PER_REPORT } from './snippets'

let dir: string
let library: Library
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-huge-'))
  library = new Library(join(dir, 'data'))
  // ~9 MB each: one in plain CJK (offsets are their own), one with ellipses NFKC expands.
  const plain =
    '2023年\n睢宁\n全年工作报告\n' + '1月5日，睢宁县召开招商引资推进会，部署全年项目建设。\n'.repeat(110_000)
  const expanding =
    '2023年\n邳州\n全年工作报告\n' + '1月6日，邳州召开招商引资大会……全力推进项目建设。\n'.repeat(110_000)
  writeFileSync(join(dir, 'plain.txt'), plain)
  writeFileSync(join(dir, 'expanding.txt'), expanding)
  const summary = await library.importPaths([join(dir, 'plain.txt'), join(dir, 'expanding.txt')])
  expect(summary.failed).toEqual([])
}, 120_000)
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

it('marks a bounded number of hits in huge reports, with exact offsets either way', () => {
  const result = library.search('招商引资', { limit: 20 })
  expect(result.total).toBe(2)
  for (const hit of result.hits) {
    expect(hit.matches.length).toBe(MAX_MATCHES_PER_REPORT)
    const text = library.getReport(hit.reportId).text
    const [s, e] = hit.matches[MAX_MATCHES_PER_REPORT - 1]!
    expect(text.slice(s, e)).toBe('招商引资')
  }
})
