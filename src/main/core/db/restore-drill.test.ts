/** The restore drill: back up, change things, restore, compare. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { Library } from '../library'
import { backupsSize, listBackups, originalsBytes } from './backups'
import { addAnnotation } from '../annotations/store'
import type { ImportSource } from '../import/sources'
import { allSectionTexts, documentOriginal } from '../import/document-texts'

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

it('refuses a backup that carries a trigger or a view of its own, and keeps the library as it was', async () => {
  const library = new Library(join(dir, 'data'))
  await library.importPaths([SAMPLE])
  for (const [name, plant] of [
    [
      'trigger',
      `CREATE TRIGGER phish AFTER INSERT ON annotations BEGIN
         UPDATE annotations SET note = '[验证账户](https://evil.example)' WHERE id = NEW.id; END`,
    ],
    ['view', 'CREATE VIEW leak AS SELECT original FROM documents'],
    ['changed table', 'ALTER TABLE documents ADD COLUMN extra TEXT'],
  ] as const) {
    const shared = join(dir, `shared-${name.replace(' ', '-')}.sqlite3`)
    await library.backup(shared)
    const Database = (await import('better-sqlite3')).default
    const db = new Database(shared)
    db.exec(plant)
    db.close()
    await expect(library.restore(shared), name).rejects.toMatchObject({ code: 'NOT_A_LIBRARY' })
    await expect(library.restore(shared), name).rejects.toThrow(/Only backups this app made can be restored/u)
  }
  expect(library.counts().reports).toBe(9)
  const planted = library.db
    .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'view' OR name = 'phish'")
    .get() as { n: number }
  expect(planted.n).toBe(0)
  library.close()
})

it.skipIf(process.platform === 'win32')(
  'keeps the library and its backups readable by the user alone',
  async () => {
    const { statSync } = await import('node:fs')
    const dataDir = join(dir, 'private')
    const library = new Library(dataDir)
    await library.importPaths([SAMPLE])
    const backup = await library.automaticBackup(true)
    const mode = (path: string) => statSync(path).mode & 0o777
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(join(dataDir, 'library.sqlite3'))).toBe(0o600)
    expect(mode(join(dataDir, 'library.sqlite3-wal'))).toBe(0o600)
    expect(mode(join(dataDir, 'backups'))).toBe(0o700)
    expect(mode(backup!)).toBe(0o600)
    library.close()
  }
)

it('drills a restore on a library of 10,000 reports, within the backup budget', async () => {
  const lines = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((l) => l.length > 30)
  const districts = ['沛县', '睢宁', '邳州', '新沂', '丰县', '铜山', '贾汪', '鼓楼', '云龙', '泉山']
  const sources: ImportSource[] = Array.from({ length: 1000 }, (_, i) => {
    const body = districts.flatMap((d, k) => [
      d,
      `${d}第${i}期工作简报`,
      `${1 + (i % 12)}月${1 + ((i + k) % 28)}日，${lines[(i + k) % lines.length]}`,
      lines[(i * 7 + k) % lines.length] as string,
    ])
    const bytes = Buffer.from(`2023年\n徐州各地动态 第${i}期\n${body.join('\n')}\n`)
    return { path: `drill-${i}.txt`, name: `drill-${i}.txt`, read: () => bytes }
  })
  const library = new Library(join(dir, 'big'))
  await library.importSources(sources)
  expect(library.counts().reports).toBe(10_000)
  const first = library.listReports()[4321]!
  addAnnotation(library.db, { reportId: first.id, start: 3, end: 9, note: '万份之一' })
  const rows = (): unknown[] => [
    library.db.prepare('SELECT * FROM sections ORDER BY id').all(),
    library.db.prepare('SELECT * FROM annotations ORDER BY id').all(),
    allSectionTexts(library.db),
    library.db
      .prepare<[], number>('SELECT id FROM documents ORDER BY id')
      .pluck()
      .all()
      .map((id) => [id, documentOriginal(library.db, id)]),
  ]
  const before = rows()
  const found = library.search('睢宁 招商', { limit: 20 })

  const backup = (await library.automaticBackup(true)) as string
  await library.importSources(
    sources
      .slice(0, 10)
      .map((s) => ({ ...s, path: `again-${s.path}`, read: () => Buffer.from(`${s.read()}\n附`) }))
  )
  const started = performance.now()
  await library.restore(backup)
  console.log(
    `restore drill: 10,000 reports restored in ${((performance.now() - started) / 1000).toFixed(1)} s`
  )
  expect(rows()).toEqual(before)
  expect(library.search('睢宁 招商', { limit: 20 })).toEqual(found)
  expect(backupsSize(library.dataDir)).toBeLessThanOrEqual(originalsBytes(library.db))
  library.close()
}, 300_000)
