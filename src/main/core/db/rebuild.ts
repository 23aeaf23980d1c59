/**
 * Completing a backup into a library: the originals come back (from the backup itself or from the
 * shared store), each document's text is decoded again (or taken as its parser made it), its
 * reports are split again with its corrections, re-indexed, and every annotation is placed on its
 * report as before. All in one transaction on a file that is not yet the library, so a failure
 * leaves the library as it was.
 */
import { copyFileSync, rmSync } from 'node:fs'
import { CodedError } from '../../../shared/result'
import type { EncodingName } from '../../../shared/api'
import { rederiveDocument } from '../import/correct'
import { decodeStored } from '../import/decode'
import { unpackTexts, type DocumentTexts } from '../import/document-texts'
import { extractMarkdown } from '../import/extract/markdown'
import {
  clearIndex,
  holdIndexWrites,
  markIndexCurrent,
  optimizeIndex,
  type HeldIndexWrites,
} from '../search/index-store'
import { BACKUP_META_KEY, backupMeta } from './backups'
import { openStore, PARSED_FORMATS, type StoreReader } from './backup-store'
import { openDatabase, type Db } from './database'
import { createLeftOut } from './schema-check'

export type RebuildProgress = (done: number, total: number) => void

interface DocumentRow {
  id: number
  path: string
  content_hash: string
  format: string
  encoding: string
  bom_length: number
  byte_size: number
}

const missing = (what: string): CodedError =>
  new CodedError(
    'NOT_A_LIBRARY',
    `NOT_A_LIBRARY: this backup cannot be restored: ${what} is missing from the backups folder or damaged.`
  )

/** The text a document's sections were split from, made again from its original. */
function documentText(
  row: DocumentRow,
  original: Buffer,
  store: StoreReader | null,
  packed: DocumentTexts | undefined
): string {
  if ((PARSED_FORMATS as readonly string[]).includes(row.format)) {
    const text = store ? store.text(row.content_hash) : packed?.text
    if (!text) throw missing(`the text of ${row.path}`)
    return text
  }
  const decoded = decodeStored(original, row.encoding as EncodingName, row.bom_length)
  return row.format === 'md' ? extractMarkdown(decoded).text : decoded
}

/** Rebuilds the derived data of an open backup in place; false when it is already a whole library. */
export function completeBackupDb(db: Db, dataDir: string, onProgress?: RebuildProgress): boolean {
  const meta = backupMeta(db)
  if (!meta) return false
  const store = meta.originals === 'shared' ? openStore(dataDir) : null
  try {
    rebuild(db, store, onProgress)
  } finally {
    store?.close()
  }
  return true
}

function rebuild(db: Db, store: StoreReader | null, onProgress?: RebuildProgress): void {
  const rows = db
    .prepare<[], DocumentRow>(
      'SELECT id, path, content_hash, format, encoding, bom_length, byte_size FROM documents ORDER BY id'
    )
    .all()
  // The index entries written a few hundred documents at a time (see holdIndexWrites).
  const held = holdIndexWrites(db)
  try {
    rebuildRows(db, rows, store, held, onProgress)
  } finally {
    held.release()
  }
  optimizeIndex(db)
  onProgress?.(rows.length, rows.length)
}

function rebuildRows(
  db: Db,
  rows: DocumentRow[],
  store: StoreReader | null,
  held: HeldIndexWrites,
  onProgress?: RebuildProgress
): void {
  // A backup that carries its originals carries them packed (with the texts parsers made).
  const packedOf = db
    .prepare<[number], Buffer>('SELECT packed FROM document_texts WHERE document_id = ?')
    .pluck()
  db.transaction(() => {
    createLeftOut(db)
    clearIndex(db)
    rows.forEach((row, i) => {
      const blob = store ? undefined : packedOf.get(row.id)
      const packed = blob ? unpackTexts(blob) : undefined
      const original = store ? store.original(row.content_hash) : packed?.original
      if (!original || (!store && original.length !== row.byte_size))
        throw missing(`the original of ${row.path}`)
      rederiveDocument(db, row.id, { original, text: documentText(row, original, store, packed) })
      if (i % 500 === 499) held.flush()
      if (onProgress && i % 200 === 0) onProgress(i, rows.length)
    })
    held.flush()
    if (store) {
      const versions = db
        .prepare<[], { id: number; content_hash: string }>('SELECT id, content_hash FROM document_versions')
        .all()
      const setVersion = db.prepare('UPDATE document_versions SET original = ? WHERE id = ?')
      for (const v of versions) {
        const original = store.original(v.content_hash)
        if (!original) throw missing(`an earlier version's original (${v.content_hash.slice(0, 12)})`)
        setVersion.run(original, v.id)
      }
    }
    db.prepare('DELETE FROM library_meta WHERE key = ?').run(BACKUP_META_KEY)
    markIndexCurrent(db)
  }).immediate()
}

const SIDE_FILES = ['', '-wal', '-shm']

/**
 * Copies a backup beside the library (`library.sqlite3.restoring`, whatever an interrupted
 * restore left there removed first) and completes it; returns the copy, ready to be renamed into
 * place. On failure the copy is removed and the library is untouched.
 */
export function prepareRestore(
  source: string,
  libraryFile: string,
  dataDir: string,
  onProgress?: RebuildProgress
): string {
  const incoming = `${libraryFile}.restoring`
  discardRestore(incoming)
  try {
    copyFileSync(source, incoming)
    const db = openDatabase(incoming)
    try {
      completeBackupDb(db, dataDir, onProgress)
    } finally {
      db.close()
    }
    return incoming
  } catch (err) {
    discardRestore(incoming)
    throw err
  }
}

/** Removes a completed copy that will not be used after all. */
export function discardRestore(incoming: string): void {
  for (const suffix of SIDE_FILES) rmSync(incoming + suffix, { force: true })
}
