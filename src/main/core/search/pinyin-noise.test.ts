/** Pinyin initials find words, not two characters that happen to meet or a rare second reading. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Library } from '../library'
import { pinyinExpansions } from './pinyin'
import { parseQuery } from './query-parse'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-pinyin-'))
  library = new Library(join(dir, 'data'))
  await library.importPaths([SAMPLE])
  const noisy = join(dir, 'noisy.txt')
  writeFileSync(
    noisy,
    '2023年\n丰县\n丰县会议\n' +
      '1月5日，丰县召开会议，会上强调要展开数字化改造，各镇展开数据普查，会上还部署了工作。'.repeat(3) +
      '\n'
  )
  await library.importPaths([noisy])
})
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

it('finds 客商 from ks, without 会上 (read kuai) or 开数 (展开|数字, two words meeting)', () => {
  const words = pinyinExpansions(library.db, parseQuery('ks'))
  expect(words).toContain('客商')
  expect(words).not.toContain('会上')
  expect(words).not.toContain('开数')
  expect(pinyinExpansions(library.db, parseQuery('xz'))).toContain('徐州')
})
