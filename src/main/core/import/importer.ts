/**
 * Imports files into the library, each in its own transaction: a file is stored whole or not at
 * all, one bad file never stops the others, and the same content imported twice changes nothing.
 */
import { createHash } from 'node:crypto'
import type { EncodingName, ImportFailure, ImportProgress, ImportSummary } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { decodeBytes } from './decode'
import { extractText, fileKindOf } from './extract'
import type { ImportSource } from './sources'
import { splitDistrictReports } from './split'
import {
  findDocumentByPath,
  insertDocument,
  replaceDocumentVersion,
  type DocumentFields,
  type StoredDocument,
} from './store-document'

export interface ImportOptions {
  encoding?: EncodingName
  onProgress?: (progress: ImportProgress) => void
  /**
   * A file imported again from the same path with changed content is a new version of the same
   * document; set this to import it as a separate document instead.
   */
  asNewDocument?: boolean
  /** Called after each file's transaction committed (the crash tests rely on this order). */
  onCommitted?: (path: string, documentId: number) => void
}

/**
 * Files are written in batches (one transaction of up to BATCH_FILES files or BATCH_MS) with a
 * savepoint per file: a failing file rolls back alone, and a crash loses at most the open batch,
 * never part of a file. `onCommitted` reports files only once their batch is durable.
 */
const BATCH_FILES = 500
const BATCH_MS = 1000

export function importSources(
  db: Db,
  sources: readonly ImportSource[],
  options: ImportOptions = {}
): ImportSummary {
  const summary: ImportSummary = { documents: 0, reports: 0, skipped: 0, failed: [] }
  const findHash = statement<[string], { id: number }>(db, 'SELECT id FROM documents WHERE content_hash = ?')
  let pending: { path: string; documentId: number }[] = []
  let batchStarted = 0
  const commit = (): void => {
    if (db.inTransaction) db.exec('COMMIT')
    for (const p of pending) options.onCommitted?.(p.path, p.documentId)
    pending = []
  }
  try {
    sources.forEach((source, n) => {
      options.onProgress?.({ done: n, total: sources.length, current: source.name })
      try {
        const bytes = source.read()
        const hash = createHash('sha256').update(bytes).digest('hex')
        if (!db.inTransaction) {
          db.exec('BEGIN IMMEDIATE')
          batchStarted = Date.now()
        }
        if (findHash.get(hash)) {
          summary.skipped++
          return
        }
        const stored = storeDocument(
          db,
          source,
          bytes,
          hash,
          options.encoding,
          options.asNewDocument ?? false
        )
        summary.documents++
        summary.reports += stored.reports
        pending.push({ path: source.path, documentId: stored.documentId })
      } catch (err) {
        summary.failed.push(failureOf(source.path, err))
      }
      if (pending.length >= BATCH_FILES || Date.now() - batchStarted > BATCH_MS) commit()
    })
  } finally {
    commit()
  }
  options.onProgress?.({ done: sources.length, total: sources.length, current: '' })
  return summary
}

function failureOf(path: string, err: unknown): ImportFailure {
  if (err instanceof CodedError) return { path, code: err.code, message: err.message }
  const detail = err instanceof Error ? err.message : String(err)
  return { path, code: 'INTERNAL', message: `INTERNAL: ${path} could not be imported (${detail}).` }
}

function storeDocument(
  db: Db,
  source: ImportSource,
  bytes: Uint8Array,
  hash: string,
  encoding: EncodingName | undefined,
  asNewDocument: boolean
): StoredDocument {
  const kind = fileKindOf(source.name) ?? 'txt'
  const decoded = decodeBytes(bytes, source.name, encoding)
  const extracted = extractText(kind, decoded.text)
  if (extracted.text.trim() === '')
    throw new CodedError('EMPTY_FILE', `EMPTY_FILE: ${source.name} has no readable text.`)
  const split = splitDistrictReports(extracted.text)
  const title = extracted.title ?? source.name.replace(/\.[^.]+$/u, '')

  const fields: DocumentFields = {
    path: source.path,
    title,
    source: split.source,
    encoding: decoded.encoding,
    bomLength: decoded.bomLength,
    hash,
    original: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    byteSize: bytes.byteLength,
    text: extracted.text,
    year: split.year,
    importedAt: new Date().toISOString(),
  }
  return db
    .transaction(() => {
      const previous = asNewDocument ? undefined : findDocumentByPath(db, source.path)
      return previous === undefined
        ? insertDocument(db, fields, split.sections)
        : replaceDocumentVersion(db, previous, fields, split.sections)
    })
    .immediate()
}
