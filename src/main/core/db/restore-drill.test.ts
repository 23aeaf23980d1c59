/** The restore drill: back up, change things, restore, compare. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Library } from '../library'
import { listBackups } from './backups'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-drill-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('restores exactly what was backed up, and keeps the replaced library as a backup', async () => {
  const library = new Library(join(dir, 'data'))
  await library.importPaths([SAMPLE])
  const before = library.listReports()
  const backup = join(dir, 'my-backup.sqlite3')
  await library.backup(backup)

  const extra = join(dir, '新沂.txt')
  writeFileSync(extra, '2023年\n新沂\n新增报告\n2月1日，新沂召开会议。\n')
  await library.importPaths([extra])
  expect(library.counts().reports).toBe(10)

  await library.restore(backup)
  expect(library.listReports()).toEqual(before)
  expect(library.search('佰斯拓').total).toBe(1)
  expect(listBackups(join(dir, 'data'))).toHaveLength(1)
  library.close()

  const reopened = new Library(join(dir, 'data'))
  expect(reopened.listReports()).toEqual(before)
  expect(reopened.notice).toBeNull()
  reopened.close()
})

it('refuses to restore a file that is not a library', async () => {
  const library = new Library(join(dir, 'data'))
  await library.importPaths([SAMPLE])
  const bogus = join(dir, 'bogus.sqlite3')
  writeFileSync(bogus, 'not a database')
  await expect(library.restore(bogus)).rejects.toMatchObject({ code: 'NOT_A_LIBRARY' })
  expect(library.counts().reports).toBe(9)
  library.close()
})
