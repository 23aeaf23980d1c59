/**
 * Backups in proportion (issue 13): a backup keeps what only the user can make and each original
 * once; a restore makes the rest again and gives back every row as it was, byte for byte.
 */
import iconv from 'iconv-lite'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { brotliCompressSync } from 'node:zlib'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../library'
import { addAnnotation, deleteAnnotation, updateAnnotation } from '../annotations/store'
import { correctReport } from '../import/correct'
import { saveSearch } from '../search/saved-searches'
import { ROUNDUPS } from '../import/fixtures/roundups'
import { CHROMIUM, docxFromHtml, pdfFromHtml } from '../test-support/documents'
import {
  automaticBackup,
  backupTo,
  backupsSize,
  BACKUP_BUDGET_FLOOR,
  KEEP_AUTOMATIC_BACKUPS,
  libraryUnchangedSince,
  listBackups,
  originalsBytes,
} from './backups'
import type { Db } from './database'
import { storeFile } from './backup-store'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
const TABLES = ['documents', 'sections', 'annotations', 'annotation_tags', 'document_versions', 'corrections']
const QUERIES = ['招商', '1.6亿元', '睢宁', '鼓楼', 'GDP', '项目']

let dir: string
let library: Library

/** Every row of every table the user's work lives in, and what searches find. */
function snapshot(db: Db): Record<string, unknown> {
  const rows = Object.fromEntries(
    TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()])
  )
  const found = Object.fromEntries(
    QUERIES.map((q) => {
      // Newest first: an order fixed by the data (relevance ties depend on the index's layout).
      const r = library.search(q, { limit: 50, sort: 'date' })
      return [q, { total: r.total, ids: r.hits.map((h) => h.reportId) }]
    })
  )
  return { rows, found }
}

/** What the shared store holds: hash and kind of each compressed blob. */
function storeFiles(): string[] {
  if (!existsSync(storeFile(library.dataDir))) return []
  const db = new Database(storeFile(library.dataDir), { readonly: true })
  try {
    return (
      db.prepare('SELECT hash, kind FROM blobs ORDER BY hash, kind').all() as { hash: string; kind: string }[]
    ).map((r) => `${r.hash}.${r.kind}`)
  } finally {
    db.close()
  }
}

function reportIn(file: string, district: string): number {
  const hit = library.listReports().find((r) => r.file.endsWith(file) && r.district === district)
  if (!hit) throw new Error(`no report ${district} in ${file}`)
  return hit.id
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-lean-backup-'))
  library = new Library(join(dir, 'data'))
  const files = [SAMPLE]
  for (const c of ROUNDUPS) {
    if (c.file.endsWith('.pdf') && !existsSync(CHROMIUM)) continue
    const file = join(dir, c.file)
    const bytes = c.file.endsWith('.docx')
      ? await docxFromHtml(c.content)
      : c.file.endsWith('.pdf')
        ? await pdfFromHtml(c.content)
        : Buffer.from(c.content)
    writeFileSync(file, bytes)
    files.push(file)
  }
  // The same roundup as GB18030 and as UTF-16 with a byte-order mark.
  const gb = join(dir, '徐州-gb18030.txt')
  writeFileSync(gb, iconv.encode(ROUNDUPS[0]!.content.replace(/宿迁/gu, '徐州'), 'gb18030'))
  const utf16 = join(dir, 'utf16.txt')
  writeFileSync(
    utf16,
    Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(ROUNDUPS[1]!.content + '\n附记', 'utf-16le')])
  )
  files.push(gb, utf16)
  const summary = await library.importPaths(files)
  expect(summary.failed).toEqual([])

  // A changed copy of the sample: the earlier bytes become a version.
  const changed = join(dir, 'changing.txt')
  writeFileSync(changed, `2023年\n沛县\n沛县招商\n1月3日，沛县召开招商会议，签约项目12个。\n`)
  await library.importPaths([changed])
  writeFileSync(changed, `2023年\n沛县\n沛县招商\n1月3日，沛县召开招商会议，签约项目15个，总投资3.2亿元。\n`)
  await library.importPaths([changed])

  // Annotations on a plain-text, a Word and (where Chromium is) a PDF report, one of them deleted.
  const suining = reportIn('sample-xuzhou-roundup.txt', '睢宁')
  addAnnotation(library.db, { reportId: suining, start: 5, end: 12, note: '投资额 1.6亿元', tags: ['招商'] })
  for (const r of library
    .listReports()
    .filter((r) => /\.(docx|pdf|html|md)$/u.test(r.file))
    .slice(0, 6))
    addAnnotation(library.db, { reportId: r.id, start: 2, end: 8, color: 'green', note: `看 ${r.file}` })
  const gone = addAnnotation(library.db, { reportId: suining, start: 1, end: 3 })
  deleteAnnotation(library.db, gone.id)
  correctReport(library.db, reportIn('sample-xuzhou-roundup.txt', '邳州'), { headline: '邳州 市委工作例会' })
}, 120_000)

afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('an automatic backup', () => {
  it('keeps each original once, compressed, and none of the derived data', async () => {
    const backup = (await library.automaticBackup(true)) as string
    const db = new Database(backup, { readonly: true })
    try {
      const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n
      expect(one('SELECT count(*) AS n FROM documents')).toBe(library.counts().documents)
      // Originals, parsed texts and report texts: in the store, or made again on restore.
      expect(one('SELECT count(*) AS n FROM document_texts')).toBe(0)
      expect(one("SELECT count(*) AS n FROM sections WHERE headline <> ''")).toBe(0)
      expect(one('SELECT count(*) AS n FROM document_versions WHERE length(original) > 0')).toBe(0)
      expect(one('SELECT count(*) AS n FROM annotations')).toBeGreaterThanOrEqual(7)
      expect(one('SELECT count(*) AS n FROM corrections')).toBe(1)
      expect(one('SELECT count(*) AS n FROM report_fts_docsize')).toBe(0)
    } finally {
      db.close()
    }
    const hashes = library.db
      .prepare('SELECT content_hash FROM documents UNION SELECT content_hash FROM document_versions')
      .all()
    const parsed = library.db
      .prepare("SELECT count(*) AS n FROM documents WHERE format IN ('html', 'docx', 'pdf')")
      .get() as { n: number }
    expect(storeFiles()).toHaveLength(hashes.length + parsed.n)
    library.db.pragma('wal_checkpoint(TRUNCATE)')
    expect(statSync(backup).size).toBeLessThan(statSync(library.file).size / 2)
  })

  it('writes nothing to the store when no file changed, and only the new file when one did', async () => {
    const before = storeFiles()
    await library.automaticBackup(true)
    expect(storeFiles()).toEqual(before)
    const extra = join(dir, '新沂.txt')
    writeFileSync(extra, '2023年\n新沂\n新沂开门红\n1月27日，新沂召开誓师大会。\n')
    await library.importPaths([extra])
    await library.automaticBackup(true)
    expect(storeFiles().length).toBe(before.length + 1)
  })

  it('takes the registry row of a file replaced since the previous backup from the library', async () => {
    const changed = join(dir, 'changing.txt')
    writeFileSync(changed, `2023年\n沛县\n沛县招商\n1月4日，沛县签约项目18个，总投资4.5亿元。\n`)
    await library.importPaths([changed])
    const row = (db: Db) =>
      db.prepare('SELECT id, content_hash, imported_at, byte_size FROM documents WHERE path = ?').get(changed)
    const expected = row(library.db)
    const backup = new Database((await library.automaticBackup(true)) as string, { readonly: true })
    try {
      expect(row(backup)).toEqual(expected)
      expect(backup.prepare('SELECT count(*) AS n FROM document_versions').get()).toEqual(
        library.db.prepare('SELECT count(*) AS n FROM document_versions').get()
      )
    } finally {
      backup.close()
    }
  })
})

describe('restoring', () => {
  it('gives back every row exactly (originals, texts, ids, annotations) and what searches find', async () => {
    const before = snapshot(library.db)
    const backup = (await library.automaticBackup(true)) as string
    // Work after the backup, which the restore undoes.
    const newest = library.listReports().at(-1)!.id
    addAnnotation(library.db, { reportId: newest, start: 0, end: 2, note: '之后' })
    const later = join(dir, '丰县.txt')
    writeFileSync(later, '2023年\n丰县\n丰县招商\n2月1日，丰县招商引资签约。\n')
    await library.importPaths([later])
    library.db.prepare('UPDATE annotations SET note = ? WHERE id = 1').run('改过')

    const progress: number[] = []
    await library.restore(backup, (done, total) => progress.push(done / total))
    expect(snapshot(library.db)).toEqual(before)
    expect(progress.at(-1)).toBe(1)
    // And once more from a fresh open, as the next launch sees it.
    library.close()
    library = new Library(join(dir, 'data'))
    expect(library.notice).toBeNull()
    expect(snapshot(library.db)).toEqual(before)
  })

  it('from a file the user wrote, into another library on another machine', async () => {
    const before = snapshot(library.db)
    const file = join(dir, 'carry.sqlite3')
    await library.backup(file)
    const home = library
    library = new Library(join(dir, 'elsewhere'))
    try {
      expect(library.counts().documents).toBe(0)
      await library.restore(file)
      expect(snapshot(library.db)).toEqual(before)
    } finally {
      library.close()
      library = home
    }
  })

  it('refuses a backup whose shared original is missing, and leaves the library as it was', async () => {
    const before = snapshot(library.db)
    const backup = (await library.automaticBackup(true)) as string
    const [victim, damaged] = storeFiles().filter((f) => f.endsWith('.original'))
    const store = new Database(storeFile(library.dataDir))
    const hashOf = (f: string | undefined): string => (f as string).replace(/\.original$/u, '')
    store.prepare("DELETE FROM blobs WHERE hash = ? AND kind = 'original'").run(hashOf(victim))
    store.close()
    try {
      await expect(library.restore(backup)).rejects.toThrow(/missing from the backups folder or damaged/u)
      expect(snapshot(library.db)).toEqual(before)
      expect(existsSync(`${library.file}.restoring`)).toBe(false)
      // Bytes that are not what their hash says are refused as well.
      const again = new Database(storeFile(library.dataDir))
      const chunk = again
        .prepare('INSERT INTO chunks (data) VALUES (?)')
        .run(brotliCompressSync(Buffer.from('被改动的内容'))).lastInsertRowid
      again
        .prepare("INSERT INTO blobs (hash, kind, chunk, start, length) VALUES (?, 'original', ?, 0, 18)")
        .run(hashOf(victim), chunk)
      again.close()
      await expect(library.restore(backup)).rejects.toThrow(/missing from the backups folder or damaged/u)
      expect(snapshot(library.db)).toEqual(before)
    } finally {
      // The next backup puts a missing original back: the store is filled from the library.
      const fix = new Database(storeFile(library.dataDir))
      fix.prepare('DELETE FROM blobs WHERE hash = ?').run(hashOf(victim))
      fix.close()
      await library.automaticBackup(true)
      expect(storeFiles()).toContain(victim)
      expect(storeFiles()).toContain(damaged)
    }
  })
})

describe('the backup on quit', () => {
  it('is skipped when the library holds what the newest backup holds', async () => {
    const unchanged = (): boolean => libraryUnchangedSince(library.file, library.dataDir)
    await library.automaticBackup(true)
    expect(unchanged()).toBe(true)
    // A checkpoint (what closing the library does) rewrites the file, not what it holds.
    library.db.pragma('wal_checkpoint(TRUNCATE)')
    expect(unchanged()).toBe(true)
    const reportId = library.listReports()[0]!.id
    const note = addAnnotation(library.db, { reportId, start: 0, end: 2, note: '退出前写的' })
    expect(unchanged()).toBe(false)
    await library.automaticBackup(true)
    expect(unchanged()).toBe(true)
    updateAnnotation(library.db, { id: note.id, note: '改了一个字' })
    expect(unchanged()).toBe(false)
    await library.automaticBackup(true)
    deleteAnnotation(library.db, note.id)
    expect(unchanged()).toBe(false)
    await library.automaticBackup(true)
    correctReport(library.db, reportId, { headline: '改过的标题' })
    expect(unchanged()).toBe(false)
    saveSearch(library.db, '盯着', '招商')
    await library.automaticBackup(true)
    expect(unchanged()).toBe(true)
    // The same name with another query is an edit in place, and still a change.
    await new Promise((resolve) => setTimeout(resolve, 5))
    saveSearch(library.db, '盯着', '招商 OR 引资')
    expect(unchanged()).toBe(false)
  })
})

describe('a backup after the user wrote', () => {
  const token = (): string =>
    library.db.prepare("SELECT value FROM library_meta WHERE key = 'registry_token'").pluck().get() as string
  const backupAfter = async (): Promise<{ file: string; reused: boolean }> => {
    const earlier = listBackups(library.dataDir)[0]?.file
    const file = join(library.dataDir, 'backups', `library-${Date.now()}-after.sqlite3`)
    const { reused } = await backupTo(library.file, file, {
      originals: 'shared',
      store: storeFile(library.dataDir),
      earlier,
    })
    return { file, reused }
  }

  it('takes the registry from the newest backup when only notes or tags changed', async () => {
    await library.automaticBackup(true)
    const reportId = reportIn('sample-xuzhou-roundup.txt', '睢宁')
    const note = addAnnotation(library.db, { reportId, start: 3, end: 9, note: '复用登记表', tags: ['复用'] })
    const first = await backupAfter()
    expect(first.reused).toBe(true)
    // What the reused backup holds is the library now: a restore gives back every row.
    updateAnnotation(library.db, { id: note.id, note: '又改了' })
    const second = await backupAfter()
    expect(second.reused).toBe(true)
    const before = snapshot(library.db)
    deleteAnnotation(library.db, note.id)
    await library.restore(second.file)
    expect(snapshot(library.db)).toEqual(before)
  })

  it('copies the registry again after any write to it: an import, a correction, a deletion', async () => {
    const writes: [string, () => Promise<unknown> | unknown][] = [
      [
        'an import',
        async () => {
          const file = join(dir, '铜山.txt')
          writeFileSync(file, '2023年\n铜山\n铜山招商\n3月2日，铜山区签约项目8个，总投资2.1亿元。\n')
          await library.importPaths([file])
        },
      ],
      [
        'a correction',
        () => correctReport(library.db, reportIn('铜山.txt', '铜山'), { headline: '铜山 签约' }),
      ],
      // No command deletes a document yet; a writer that someday does is seen all the same.
      ['a deletion', () => library.db.prepare("DELETE FROM documents WHERE path LIKE '%铜山.txt'").run()],
    ]
    for (const [name, write] of writes) {
      await library.automaticBackup(true)
      const before = token()
      await write()
      expect(token(), name).not.toBe(before)
      const { file, reused } = await backupAfter()
      expect(reused, name).toBe(false)
      const backup = new Database(file, { readonly: true })
      try {
        const shape = (db: Db) =>
          db.prepare('SELECT id, document_id, ord, kind, first_line FROM sections ORDER BY id').all()
        expect(shape(backup), name).toEqual(shape(library.db))
      } finally {
        backup.close()
      }
    }
  })
})

describe('the budget', () => {
  it('drops from the store what only dropped backups referred to, and nothing else', async () => {
    const gone = join(dir, '将删除.txt')
    writeFileSync(gone, '2023年\n贾汪\n贾汪开门红\n2月1日，贾汪召开会议。\n')
    await library.importPaths([gone])
    const hash = (
      library.db.prepare('SELECT content_hash AS h FROM documents WHERE path = ?').get(gone) as { h: string }
    ).h
    await automaticBackup(library.file, library.dataDir, new Date(2031, 0, 1))
    expect(storeFiles()).toContain(`${hash}.original`)
    library.db.prepare('DELETE FROM documents WHERE path = ?').run(gone)
    // Backups go by count and budget; while one refers to the file, the store keeps it.
    for (let i = 1; i <= KEEP_AUTOMATIC_BACKUPS; i++) {
      await automaticBackup(library.file, library.dataDir, new Date(2031, 0, 1, 0, i))
      const referred = listBackups(library.dataDir).some((b) => {
        const db = new Database(b.file, { readonly: true })
        try {
          return db.prepare('SELECT 1 FROM documents WHERE content_hash = ?').get(hash) !== undefined
        } finally {
          db.close()
        }
      })
      expect(storeFiles().includes(`${hash}.original`)).toBe(referred)
    }
    expect(storeFiles()).not.toContain(`${hash}.original`)
    // Everything the library holds is still there.
    for (const { h } of library.db.prepare('SELECT content_hash AS h FROM documents').all() as {
      h: string
    }[])
      expect(storeFiles()).toContain(`${h}.original`)
  })

  it('keeps the backups folder within the originals (at least the floor), dropping the oldest', async () => {
    for (let i = 0; i < 7; i++)
      await automaticBackup(library.file, library.dataDir, new Date(2030, 0, 1, 0, 0, i))
    const budget = Math.max(originalsBytes(library.db), BACKUP_BUDGET_FLOOR)
    expect(backupsSize(library.dataDir)).toBeLessThanOrEqual(budget)
    expect(listBackups(library.dataDir).length).toBeGreaterThanOrEqual(1)
  })
})
