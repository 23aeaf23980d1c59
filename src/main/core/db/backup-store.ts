/**
 * The store automatic backups share (`backups/originals.sqlite3`): each original once, under its
 * SHA-256, brotli-compressed together with others in chunks of about a megabyte (a short report
 * compressed alone shrinks to two thirds, a megabyte of them to a third), plus the texts a parser
 * made. One file, not one per original: a filesystem block per small report would cost more
 * than the report.
 */
import { createHash } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { nativeBinding } from './native-binding'
import type { Db } from './database'
import { unpackTexts, type DocumentTexts } from '../import/document-texts'

/** Formats whose text a parser made from the original: the store keeps that text too. */
export const PARSED_FORMATS = ['html', 'docx', 'pdf'] as const
export const PARSED_SQL = PARSED_FORMATS.map((f) => `'${f}'`).join(', ')

/** Where automatic backups keep the originals they share. */
export function storeFile(dataDir: string): string {
  return join(dataDir, 'backups', 'originals.sqlite3')
}

/**
 * Originals are compressed together in chunks of about a megabyte: a short report compressed
 * alone shrinks to two thirds, a megabyte of them to a third. `blobs` says where each one lies.
 */
export const STORE_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS store.chunks (id INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT',
  `CREATE TABLE IF NOT EXISTS store.blobs (
     hash TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('original', 'text')),
     chunk INTEGER NOT NULL, start INTEGER NOT NULL, length INTEGER NOT NULL,
     PRIMARY KEY (hash, kind)
   ) STRICT`,
  'CREATE INDEX IF NOT EXISTS store.blobs_chunk ON blobs(chunk)',
]
const CHUNK_BYTES = 1024 * 1024

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const compress = (data: Buffer): Buffer =>
  brotliCompressSync(data, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
  })

/** Reads originals and parsed texts from the shared store. */
export interface StoreReader {
  /** The original bytes of a file, or null when they are missing or damaged. */
  original(hash: string): Buffer | null
  /** A parsed text, or null. */
  text(hash: string): string | null
  close(): void
}

export function openStore(dataDir: string): StoreReader {
  let db: Database.Database | null = null
  try {
    db = new Database(storeFile(dataDir), {
      readonly: true,
      fileMustExist: true,
      nativeBinding: nativeBinding(),
    })
  } catch {
    db = null
  }
  // A restore reads originals in the order they were stored: the last chunk is kept unpacked.
  let cached: { id: number; data: Buffer } | null = null
  const read = (hash: string, kind: 'original' | 'text'): Buffer | null => {
    try {
      const at = db
        ?.prepare<[string, string], { chunk: number; start: number; length: number }>(
          'SELECT chunk, start, length FROM blobs WHERE hash = ? AND kind = ?'
        )
        .get(hash, kind)
      if (!at) return null
      if (cached?.id !== at.chunk) {
        const row = db
          ?.prepare<[number], { data: Buffer }>('SELECT data FROM chunks WHERE id = ?')
          .get(at.chunk)
        if (!row) return null
        cached = { id: at.chunk, data: brotliDecompressSync(row.data) }
      }
      return cached.data.subarray(at.start, at.start + at.length)
    } catch {
      return null
    }
  }
  return {
    original: (hash) => {
      const bytes = read(hash, 'original')
      return bytes && sha256(bytes) === hash ? bytes : null
    },
    text: (hash) => read(hash, 'text')?.toString('utf8') ?? null,
    close: () => db?.close(),
  }
}

/** Puts every original (and parsed text) the library holds into the shared store, once each. */
export function fillStore(db: Db, giveWay: () => void = () => undefined): void {
  // Found through the hash index (no need to touch each row), then taken in document order: the
  // order a restore reads them in, so each chunk is unpacked once.
  const missing = (from: string, kind: string, extra = ''): string =>
    `SELECT content_hash AS hash, id FROM lib.${from} x
     WHERE ${extra} NOT EXISTS (SELECT 1 FROM store.blobs b WHERE b.hash = x.content_hash AND b.kind = '${kind}')`
  const putChunk = db.prepare<[Buffer]>('INSERT INTO store.chunks (data) VALUES (?)')
  const putBlob = db.prepare(
    'INSERT OR IGNORE INTO store.blobs (hash, kind, chunk, start, length) VALUES (?, ?, ?, ?, ?)'
  )
  let parts: Buffer[] = []
  let entries: { hash: string; kind: string; start: number; length: number }[] = []
  let size = 0
  const flush = (): void => {
    if (entries.length === 0) return
    const chunk = Number(putChunk.run(compress(Buffer.concat(parts))).lastInsertRowid)
    for (const e of entries) putBlob.run(e.hash, e.kind, chunk, e.start, e.length)
    parts = []
    entries = []
    size = 0
  }
  // A document's original and parsed text are in its packed texts (import/document-texts.ts).
  const packed = db
    .prepare<[number], Buffer>('SELECT packed FROM lib.document_texts WHERE document_id = ?')
    .pluck()
  const unpacked = (id: number): DocumentTexts | undefined => {
    const blob = packed.get(id)
    return blob ? unpackTexts(blob) : undefined
  }
  const versionOriginal = db
    .prepare<[number], Buffer>('SELECT original FROM lib.document_versions WHERE id = ?')
    .pluck()
  const jobs: { sql: string; kind: string; read: (id: number) => Buffer | undefined }[] = [
    { sql: missing('documents', 'original'), kind: 'original', read: (id) => unpacked(id)?.original },
    {
      sql: missing('document_versions', 'original'),
      kind: 'original',
      read: (id) => versionOriginal.get(id),
    },
    {
      sql: missing('documents', 'text', `format IN (${PARSED_SQL}) AND`),
      kind: 'text',
      read: (id) => {
        const text = unpacked(id)?.text
        return text === undefined ? undefined : Buffer.from(text, 'utf8')
      },
    },
  ]
  const seen = new Set<string>()
  for (const job of jobs) {
    const rows = db.prepare<[], { hash: string; id: number }>(job.sql).all()
    for (const { hash, id } of rows.sort((a, b) => a.id - b.id)) {
      giveWay()
      const data = job.read(id)
      if (!data || seen.has(`${hash}:${job.kind}`)) continue
      seen.add(`${hash}:${job.kind}`)
      entries.push({ hash, kind: job.kind, start: size, length: data.length })
      parts.push(data)
      size += data.length
      if (size >= CHUNK_BYTES) flush()
    }
  }
  flush()
}

/** Runs `work` with `file` attached as `b`; a file that cannot be read is passed over. */
function withAttached(db: Database.Database, file: string, work: () => void): void {
  try {
    db.prepare('ATTACH DATABASE ? AS b').run(file)
  } catch {
    return
  }
  try {
    work()
  } catch {
    // A backup that cannot be read refers to nothing usable.
  } finally {
    db.exec('DETACH DATABASE b')
  }
}

/**
 * Before backups are dropped: deletes from the store what only they referred to, and gives the
 * room back; returns the bytes freed. The candidates are the dropped backups' files that the
 * library no longer holds (found through its hash index; usually none), each then looked for in
 * the backups that stay, so nothing still referred to goes and a quit stays quick.
 */
export function pruneStore(
  dataDir: string,
  dropped: readonly string[],
  kept: readonly string[],
  libraryFile: string
): number {
  const file = storeFile(dataDir)
  if (!existsSync(file)) return 0
  const before = statSync(file).size
  const db = new Database(file, { nativeBinding: nativeBinding() })
  try {
    db.exec('CREATE TEMP TABLE candidates (hash TEXT PRIMARY KEY) WITHOUT ROWID')
    let held = ''
    try {
      db.prepare('ATTACH DATABASE ? AS lib').run(libraryFile)
      held = 'WHERE content_hash NOT IN (SELECT content_hash FROM lib.documents)'
    } catch {
      // Without the library every file of the dropped backups is a candidate.
    }
    for (const backup of dropped)
      withAttached(db, backup, () =>
        db.exec(
          `INSERT OR IGNORE INTO candidates SELECT content_hash FROM b.documents ${held}
           UNION SELECT content_hash FROM b.document_versions`
        )
      )
    if (held) db.exec('DETACH DATABASE lib')
    const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM candidates')
    if ((count.get()?.n ?? 0) === 0) return 0
    for (const backup of kept)
      withAttached(db, backup, () =>
        db.exec(`DELETE FROM candidates WHERE hash IN (
           SELECT content_hash FROM b.documents UNION SELECT content_hash FROM b.document_versions)`)
      )
    // A chunk goes when none of its originals is referenced (a chunk partly referenced stays whole).
    db.exec(`DELETE FROM blobs WHERE hash IN (SELECT hash FROM candidates);
      DELETE FROM chunks WHERE id NOT IN (SELECT chunk FROM blobs)`)
    db.pragma('incremental_vacuum')
  } finally {
    db.close()
  }
  return before - statSync(file).size
}
