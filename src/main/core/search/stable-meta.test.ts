/**
 * A search reads each library_meta value (the registry token, the tokenizer's version) once per
 * snapshot, not once per document it unpacks or term it plans; and a value read in one snapshot
 * is read again in the next.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { statement } from '../db/statements'
import { Library } from '../library'
import { metaValue, registryToken, withStableMeta } from './index-store'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
const META = 'SELECT value FROM library_meta WHERE key = ?'
let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-stable-meta-'))
  library = new Library(join(dir, 'lib'))
  await library.importPaths([SAMPLE])
})
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The keys of every library_meta read while `run` runs. */
function metaReads(run: () => void): string[] {
  const read = statement<[string], string>(library.db, META)
  const get = read.get.bind(read)
  const keys: string[] = []
  read.get = ((key: string) => {
    keys.push(key)
    return get(key)
  }) as typeof read.get
  try {
    run()
  } finally {
    read.get = get
  }
  return keys
}

describe('library_meta within a snapshot', () => {
  it('a search with many hits reads each key once', () => {
    let hits = 0
    const keys = metaReads(() => {
      const result = library.search('区 发展', { limit: 20 })
      hits = result.hits.length
    })
    expect(hits).toBeGreaterThan(3)
    expect(keys).toContain('registry_token')
    expect(keys.length).toBe(new Set(keys).size)
  })

  it('reads the values again in the next snapshot', async () => {
    const before = withStableMeta(library.db, () => {
      const first = registryToken(library.db)
      expect(withStableMeta(library.db, () => registryToken(library.db))).toBe(first)
      return first
    })
    const file = join(dir, '睢宁补充.txt')
    writeFileSync(file, '睢宁县\n2024年3月1日，睢宁县召开招商引资推进会，签约项目12个，总投资1.6亿元。\n')
    await library.importPaths([file])
    const after = withStableMeta(library.db, () => metaValue(library.db, 'registry_token'))
    expect(after).not.toBe(before)
    expect(library.search('睢宁县召开招商').total).toBe(1)
  })
})
