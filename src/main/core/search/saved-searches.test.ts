/**
 * Saved searches: a name and a query with its filters; after an import each says how many new
 * reports it finds, opening one gives those first and marks it seen; they survive a backup and
 * restore like the rest of the user's work.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Library } from '../library'
import { deleteSavedSearch, listSavedSearches, openSavedSearch, saveSearch } from './saved-searches'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-saved-'))
  library = new Library(join(dir, 'data'))
  await library.importPaths([SAMPLE])
})
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

it('counts the reports new since a search was last opened, lists them, then marks them seen', async () => {
  const investment = saveSearch(library.db, '招商', '招商')
  const suining = saveSearch(library.db, '睢宁金额', 'district:睢宁 amount:>1000万')
  expect(investment).toMatchObject({ name: '招商', total: 4, newCount: 0 })
  expect(suining).toMatchObject({ total: 1, newCount: 0 })

  const file = join(dir, '新沂.txt')
  writeFileSync(
    file,
    '2023年\n新沂\n新沂招商\n2月1日，新沂召开招商大会，签约项目8个。\n睢宁\n睢宁项目\n2月2日，睢宁签约3000万元项目。\n'
  )
  await library.importPaths([file])
  const after = listSavedSearches(library.db)
  expect(after.find((s) => s.name === '招商')).toMatchObject({ total: 5, newCount: 1 })
  expect(after.find((s) => s.name === '睢宁金额')).toMatchObject({ total: 2, newCount: 1 })

  const opened = openSavedSearch(library.db, investment.id)
  expect(opened.newReportIds).toHaveLength(1)
  expect(library.getReport(opened.newReportIds[0]!).district).toBe('新沂')
  expect(opened.search.newCount).toBe(0)
  expect(listSavedSearches(library.db).find((s) => s.name === '招商')!.newCount).toBe(0)
  // The other one still has its new report waiting.
  expect(listSavedSearches(library.db).find((s) => s.name === '睢宁金额')!.newCount).toBe(1)

  // A new version of a file: its unchanged reports are not new.
  writeFileSync(
    file,
    '2023年\n新沂\n新沂招商\n2月1日，新沂召开招商大会，签约项目9个。\n睢宁\n睢宁项目\n2月2日，睢宁签约3000万元项目。\n'
  )
  await library.importPaths([file])
  expect(listSavedSearches(library.db).find((s) => s.name === '招商')!.newCount).toBe(0)
})

it('keeps one search per name, refuses a nameless one, deletes, and survives a restore', async () => {
  const again = saveSearch(library.db, '招商', '招商 OR 引资')
  expect(listSavedSearches(library.db).filter((s) => s.name === '招商')).toEqual([again])
  expect(() => saveSearch(library.db, '  ', '招商')).toThrow(/name/u)
  const backup = (await library.automaticBackup(true)) as string
  const extra = saveSearch(library.db, '临时', '项目')
  deleteSavedSearch(library.db, extra.id)
  expect(listSavedSearches(library.db).map((s) => s.name)).not.toContain('临时')
  expect(() => deleteSavedSearch(library.db, extra.id)).toThrow(/no saved search/u)
  saveSearch(library.db, '备份之后', '会议')
  await library.restore(backup)
  expect(
    listSavedSearches(library.db)
      .map((s) => s.name)
      .sort()
  ).toEqual(['招商', '睢宁金额'].sort())
})
