/**
 * After an import, the writer merges the index into one segment in small steps (indexMergeStep):
 * the same hits before and after, a quit midway loses nothing and the next start goes on, and a
 * small import into a merged library does not rewrite the whole index again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { foundIds } from '../test-support/searches'
import { Library, uploadedSources } from '../library'
import { indexMergeDue, indexMergeStep } from './index-store'

const SAMPLE = readFileSync(join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt'), 'utf8')
const QUERIES = ['招商', '1.6亿元', '睢宁', '2023年', 'v2.3版', '项目建设', '鼓楼', '亿元']
const dir = mkdtempSync(join(tmpdir(), 'dnr-index-merge-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const found = (library: Library): Record<string, number[]> => foundIds(library, QUERIES)

const segments = (library: Library, table = 'report_fts'): number =>
  library.db.prepare<[], number>(`SELECT count(DISTINCT segid) FROM ${table}_idx`).pluck().get() ?? 0

/** `count` variants of the sample, each its own file, in one import (one transaction: one segment). */
async function importVariants(library: Library, from: number, count: number): Promise<void> {
  const districts = ['睢宁', '邳州', '新沂', '沛县', '丰县', '铜山']
  const files = Array.from({ length: count }, (_, k) => {
    const i = from + k
    const text = SAMPLE.replace(/睢宁/gu, districts[i % districts.length]!).replace(
      '1.6亿元',
      `${1 + (i % 9)}.${i % 7}亿元，v2.3版系统上线，项目建设第${i}期`
    )
    return { name: `v${i}.txt`, dataBase64: Buffer.from(text).toString('base64') }
  })
  expect((await library.importSources(uploadedSources(files))).failed).toEqual([])
}

it('merges the segments an import left into one, in steps, a quit midway included, with the same hits', async () => {
  let library = new Library(dir)
  for (let batch = 0; batch < 4; batch++) await importVariants(library, batch * 5, 5)
  expect(segments(library)).toBeGreaterThan(1)
  const before = found(library)
  expect(before['招商']!.length).toBeGreaterThan(0)
  expect(indexMergeDue(library.db)).toBe(true)

  // A few pages a step, so that it takes several; then the app quits and starts again.
  let steps = 0
  while (steps < 2 && !indexMergeStep(library.db, 2)) steps++
  expect(steps).toBe(2)
  library.close()
  library = new Library(dir)
  expect(indexMergeDue(library.db)).toBe(true)
  while (!indexMergeStep(library.db, 2)) steps++
  expect(steps).toBeGreaterThan(3)

  expect(segments(library)).toBe(1)
  expect(segments(library, 'report_chars')).toBe(1)
  expect(indexMergeDue(library.db)).toBe(false)
  expect(found(library)).toEqual(before)
  // FTS5's own check of the merged index.
  library.db.exec("INSERT INTO report_fts(report_fts) VALUES ('integrity-check')")
  library.db.exec("INSERT INTO report_chars(report_chars) VALUES ('integrity-check')")
  library.close()
})

it('leaves a merged index alone after a small import, and merges again once the library has grown by a quarter', async () => {
  const library = new Library(dir)
  try {
    await importVariants(library, 100, 1)
    expect(segments(library)).toBe(2)
    expect(indexMergeDue(library.db)).toBe(false)
    // 20 files' reports and more: a quarter more than when it was merged.
    await importVariants(library, 200, 8)
    expect(indexMergeDue(library.db)).toBe(true)
    const before = found(library)
    expect(before['v2.3版']!.length).toBe(29)
    while (!indexMergeStep(library.db));
    expect(segments(library)).toBe(1)
    expect(found(library)).toEqual(before)
  } finally {
    library.close()
  }
})
