import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs'
import { statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { automaticBackup, backupDue, KEEP_AUTOMATIC_BACKUPS, listBackups } from './backups'
import { openDatabase } from './database'
import { isHealthyLibraryFile, openWithRecovery } from './recovery'

let dataDir: string
let file: string

function makeLibrary(rows: number): void {
  const db = openDatabase(file)
  const insert = db.prepare(
    `INSERT INTO documents (path, title, encoding, content_hash, original, byte_size, content_text, imported_at)
     VALUES (?, ?, 'utf-8', ?, ?, ?, ?, '2023-01-01')`
  )
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const text = `睢宁县第${i}号报告：总投资1.6亿元。`.repeat(40)
      insert.run(`r${i}.txt`, `报告${i}`, `hash${i}`, Buffer.from(text), text.length, text)
    }
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

function documentCount(db: ReturnType<typeof openDatabase>): number {
  return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dnr-recovery-'))
  file = join(dataDir, 'library.sqlite3')
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

describe('opening a damaged library', () => {
  it('opens a healthy library without a notice', () => {
    makeLibrary(5)
    const { db, notice } = openWithRecovery(file, dataDir)
    expect(notice).toBeNull()
    expect(documentCount(db)).toBe(5)
    db.close()
  })

  it('restores the newest good backup when pages are overwritten, keeping the damaged file', async () => {
    makeLibrary(200)
    const db = openDatabase(file)
    await automaticBackup(db, dataDir)
    db.close()
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(8192 * 4, 0xab), 0, 8192 * 4, 4096 * 3)
    closeSync(fd)
    expect(isHealthyLibraryFile(file)).toBe(false)

    const opened = openWithRecovery(file, dataDir)
    expect(opened.notice).toMatch(/restored from the backup/u)
    expect(documentCount(opened.db)).toBe(200)
    opened.db.close()
    const damaged = readdirSync(join(dataDir, 'damaged'))
    expect(damaged.some((f) => f.endsWith('.sqlite3'))).toBe(true)
  })

  it('starts empty and says so when a truncated library has no backup', () => {
    makeLibrary(200)
    truncateSync(file, Math.floor(statSync(file).size / 3))
    const opened = openWithRecovery(file, dataDir)
    expect(opened.notice).toMatch(/no usable backup/u)
    expect(documentCount(opened.db)).toBe(0)
    opened.db.close()
    expect(readdirSync(join(dataDir, 'damaged')).length).toBeGreaterThan(0)
  })

  it('treats a file that is not SQLite at all as damaged', () => {
    rmSync(file, { force: true })
    const fd = openSync(file, 'w')
    writeSync(fd, Buffer.from('这不是数据库'.repeat(500)))
    closeSync(fd)
    const opened = openWithRecovery(file, dataDir)
    expect(opened.notice).toMatch(/damaged/u)
    opened.db.close()
  })

  it('keeps committed data when the -wal file is deleted after a checkpoint', () => {
    makeLibrary(3)
    const db = openDatabase(file)
    db.prepare(
      `INSERT INTO documents (path, title, encoding, content_hash, original, byte_size, content_text, imported_at)
       VALUES ('late.txt', 'late', 'utf-8', 'late', x'00', 1, 'x', '2023')`
    ).run()
    db.pragma('wal_checkpoint(TRUNCATE)')
    copyFileSync(file, join(dataDir, 'copy.sqlite3'))
    db.close()
    rmSync(file + '-wal', { force: true })
    const opened = openWithRecovery(file, dataDir)
    expect(opened.notice).toBeNull()
    expect(documentCount(opened.db)).toBe(4)
    opened.db.close()
  })
})

describe('automatic backups', () => {
  it('rotates, keeping the newest few, and knows when one is due', async () => {
    makeLibrary(2)
    const db = openDatabase(file)
    expect(backupDue(dataDir)).toBe(true)
    for (let i = 0; i < KEEP_AUTOMATIC_BACKUPS + 2; i++)
      await automaticBackup(db, dataDir, new Date(2023, 0, 1, 0, 0, i))
    db.close()
    const backups = listBackups(dataDir)
    expect(backups).toHaveLength(KEEP_AUTOMATIC_BACKUPS)
    expect(backupDue(dataDir)).toBe(false)
    for (const b of backups) expect(isHealthyLibraryFile(b.file)).toBe(true)
    expect(existsSync(`${backups[0]!.file}.partial`)).toBe(false)
  })
})
