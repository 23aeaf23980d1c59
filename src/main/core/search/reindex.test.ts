/**
 * An upgrade that changes the index's tokens does not hold the library's opening: a large library
 * opens with its index stale, every search reads the text meanwhile (the same results, marked as
 * indexing), and the index is built again in steps between other work, surviving a quit midway.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { foundIds } from '../test-support/searches'
import { Library } from '../library'
import { indexProgress, indexStale, rebuildIndexStep } from './index-store'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
const QUERIES = ['招商', '1.6亿元', '睢宁', '2023年', 'c”来', 'GDP', '会议', 'v2.3版', '-tag']
let dir: string

const found = (library: Library): Record<string, number[]> => foundIds(library, QUERIES)

/** As an older version of the app left it: the index built by another tokenizer. */
function makeStale(library: Library): void {
  library.db
    .prepare("UPDATE library_meta SET value = 'bigram-words-digits-v4-all-sections' WHERE key = 'tokenizer'")
    .run()
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-reindex-'))
  const library = new Library(dir)
  const files = [SAMPLE]
  for (let i = 0; i < 6; i++) {
    const file = join(dir, `mixed-${i}.txt`)
    writeFileSync(
      file,
      `2023年\n沛县\n沛县招商\n1月${i + 1}日，沛县发布v2.3版规划，引用“abc”来说明；GDP增长${i}.5%。\n` +
        `睢宁\n睢宁会议\n2023年2月，睢宁召开会议，c”来自项目-tag ${i}。\n`
    )
    files.push(file)
  }
  await library.importPaths(files)
  library.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('opens a large library at once, finds the same by reading the text, and builds the index in steps', async () => {
  const fresh = new Library(dir)
  const expected = found(fresh)
  expect(expected['c”来']!.length).toBeGreaterThan(0)
  makeStale(fresh)
  fresh.close()

  // Above the threshold: opened without building the index.
  const library = new Library(dir, { reindexInBackgroundAbove: 0 })
  expect(indexStale(library.db)).toBe(true)
  expect(library.search('招商').indexing).toEqual({ done: 0, total: expect.any(Number) })
  expect(found(library)).toEqual(expected)

  // A few sections a step; searches and an import in between.
  expect(rebuildIndexStep(library.db, 5)).toBe(false)
  expect(found(library)).toEqual(expected)
  const late = join(dir, 'late.txt')
  writeFileSync(late, '2023年\n邳州\n邳州招商\n3月1日，邳州签约v2.3版项目，c”来访。\n')
  await library.importPaths([late])
  const withLate = found(library)
  expect(withLate['v2.3版']!.length).toBe(expected['v2.3版']!.length + 1)
  const midway = library.search('招商').indexing!
  expect(midway.done).toBeGreaterThan(0)
  expect(midway.done).toBeLessThan(midway.total)

  // A quit midway: the next open goes on from where the last step ended.
  library.close()
  const again = new Library(dir, { reindexInBackgroundAbove: 0 })
  expect(again.search('招商').indexing!.done).toBe(midway.done)
  let steps = 0
  while (!rebuildIndexStep(again.db, 5)) steps++
  expect(steps).toBeGreaterThan(1)
  expect(indexStale(again.db)).toBe(false)
  expect(indexProgress(again.db)).toBeNull()
  expect(again.search('招商').indexing).toBeUndefined()
  expect(found(again)).toEqual(withLate)
  again.close()
})

it('builds a small library’s index on open', () => {
  const library = new Library(dir)
  makeStale(library)
  library.close()
  const reopened = new Library(dir)
  expect(indexStale(reopened.db)).toBe(false)
  reopened.close()
})
