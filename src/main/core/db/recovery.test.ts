import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  writeFileSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs'
import { statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { automaticBackup, backupDue, KEEP_AUTOMATIC_BACKUPS, listBackups } from './backups'
import { LATEST_SCHEMA_VERSION, openDatabase } from './database'
import { isHealthyLibraryFile, openWithRecovery } from './recovery'
import { TOKENIZER_VERSION } from '../search/tokens'
import { writeDocumentTexts } from '../import/document-texts'

let dataDir: string
let file: string

function makeLibrary(rows: number): void {
  const db = openDatabase(file)
  const insert = db.prepare(
    `INSERT INTO documents (path, title, encoding, content_hash, byte_size, imported_at)
     VALUES (?, ?, 'utf-8', ?, ?, '2023-01-01')`
  )
  const section = db.prepare(
    `INSERT INTO sections (document_id, ord, kind, first_line, line_count) VALUES (?, 0, 'report', 0, 1)`
  )
  const texts: [number, string][] = []
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      // Varied characters (the stored texts are compressed), written after every row of the
      // registry: the texts fill most of the file, so the damage below falls on them and not on
      // what opening reads.
      const body = Array.from({ length: 3000 }, (_, k) =>
        String.fromCodePoint(0x4e00 + ((i * 7919 + k * 104729 + k * k) % 20000))
      ).join('')
      const text = `睢宁县第${i}号报告：总投资1.6亿元。${body}`
      const id = insert.run(
        `r${i}.txt`,
        `报告${i}`,
        createHash('sha256').update(text).digest('hex'),
        Buffer.byteLength(text)
      ).lastInsertRowid
      section.run(id)
      texts.push([Number(id), text])
    }
    for (const [id, text] of texts)
      writeDocumentTexts(db, id, { original: Buffer.from(text), text, sections: [text] }, null)
  })()
  // As the app leaves it: the search index is current, so opening reads nothing else.
  db.prepare("INSERT OR REPLACE INTO library_meta (key, value) VALUES ('tokenizer', ?)").run(
    TOKENIZER_VERSION
  )
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

  /** Overwrites pages of report data (not the schema or the settings opening reads). */
  async function damagePagesWithBackup(options: { staleIndex?: boolean } = {}): Promise<void> {
    makeLibrary(200)
    const db = openDatabase(file)
    await automaticBackup(file, dataDir)
    if (options.staleIndex)
      db.prepare("UPDATE library_meta SET value = 'an older tokenizer' WHERE key = 'tokenizer'").run()
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const fd = openSync(file, 'r+')
    const size = statSync(file).size
    const damage = Math.floor(size * 0.4)
    writeSync(fd, Buffer.alloc(damage, 0xab), 0, damage, Math.floor(size * 0.3))
    closeSync(fd)
    expect(isHealthyLibraryFile(file)).toBe(false)
  }

  it('after a crash, checks every page on open and restores the newest good backup, keeping the damaged file', async () => {
    await damagePagesWithBackup()
    // A process that had the library open and is gone: the last shutdown was not clean.
    mkdirSync(`${file}.sessions`, { recursive: true })
    writeFileSync(join(`${file}.sessions`, '999999'), 'crashed')

    const opened = openWithRecovery(file, dataDir)
    expect(opened.notice).toMatch(/restored from the backup/u)
    expect(documentCount(opened.db)).toBe(200)
    opened.db.close()
    opened.endSession()
    const damaged = readdirSync(join(dataDir, 'damaged'))
    expect(damaged.some((f) => f.endsWith('.sqlite3'))).toBe(true)
  })

  it('after a clean shutdown, opens without reading every page; the scheduled check finds the damage', async () => {
    await damagePagesWithBackup()
    const { Library } = await import('../library')
    const library = new Library(dataDir)
    expect(library.notice).toBeNull()
    expect(library.integrityCheckDue()).toBe(true)
    expect(library.integrityCheck()).toMatch(/seems damaged.*Restore the newest backup/u)
    library.close()
    // Asked for, the full check on open restores the backup as after a crash.
    const opened = openWithRecovery(file, dataDir, { fullCheck: true })
    expect(opened.notice).toMatch(/restored from the backup/u)
    expect(documentCount(opened.db)).toBe(200)
    opened.db.close()
  })

  it('checks everything after all when a page read on open turns out damaged', async () => {
    // A changed tokenizer makes opening rebuild the index, reading the damaged pages.
    await damagePagesWithBackup({ staleIndex: true })
    const { Library } = await import('../library')
    const library = new Library(dataDir)
    expect(library.notice).toMatch(/restored from the backup/u)
    expect(library.counts().documents).toBe(200)
    library.close()
  })

  it('records a passed scheduled check so the next is a week away', async () => {
    makeLibrary(3)
    const { Library } = await import('../library')
    const library = new Library(dataDir)
    expect(library.integrityCheck()).toBeNull()
    expect(library.integrityCheckDue()).toBe(false)
    expect(library.integrityCheckDue(Date.now() + 8 * 24 * 3600 * 1000)).toBe(true)
    library.close()
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

  it('refuses a library a newer version of the app wrote, and leaves it and its backups as they are', async () => {
    makeLibrary(20)
    await automaticBackup(file, dataDir)
    // A newer app's schema, still in the -wal file (not checkpointed), as a running app leaves it.
    const db = openDatabase(file)
    db.pragma('wal_autocheckpoint = 0')
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    expect(() => openWithRecovery(file, dataDir)).toThrow(/newer version of the app/u)
    db.close()
    expect(() => openWithRecovery(file, dataDir)).toThrow(/newer version of the app/u)
    expect(existsSync(join(dataDir, 'damaged'))).toBe(false)
    expect(existsSync(file)).toBe(true)
    const reopened = openDatabase(file, { readonly: true })
    expect(documentCount(reopened)).toBe(20)
    reopened.close()
    expect(listBackups(dataDir)).toHaveLength(1)
  })

  it('refuses a library another program holds locked, and leaves it as it is', () => {
    makeLibrary(5)
    const other = openDatabase(file)
    other.pragma('locking_mode = EXCLUSIVE')
    other.exec('BEGIN EXCLUSIVE')
    try {
      expect(() => openWithRecovery(file, dataDir, { busyMs: 200 })).toThrow(/^BUSY: .*in use/u)
      expect(existsSync(join(dataDir, 'damaged'))).toBe(false)
    } finally {
      other.exec('COMMIT')
      other.close()
    }
    const opened = openWithRecovery(file, dataDir)
    expect(opened.notice).toBeNull()
    expect(documentCount(opened.db)).toBe(5)
    opened.db.close()
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
      `INSERT INTO documents (path, title, encoding, content_hash, byte_size, imported_at)
       VALUES ('late.txt', 'late', 'utf-8', 'late', 1, '2023')`
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
      await automaticBackup(file, dataDir, new Date(2023, 0, 1, 0, 0, i))
    db.close()
    const backups = listBackups(dataDir)
    expect(backups).toHaveLength(KEEP_AUTOMATIC_BACKUPS)
    expect(backupDue(dataDir)).toBe(false)
    for (const b of backups) expect(isHealthyLibraryFile(b.file)).toBe(true)
    expect(existsSync(`${backups[0]!.file}.partial`)).toBe(false)
  })
})
