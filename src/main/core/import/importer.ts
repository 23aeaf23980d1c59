/**
 * Imports files into the library. Each file is read, decoded, extracted and split first, outside
 * any transaction (slow or hostile input never holds the write lock); then prepared files are
 * written in batches with a savepoint each: a file is stored whole or not at all, one bad file
 * never stops the others, and the same content imported twice changes nothing.
 */
import { createHash } from 'node:crypto'
import type {
  EncodingName,
  ImportFailure,
  ImportFileResult,
  ImportProgress,
  ImportSummary,
} from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { healImportedOrphans } from '../annotations/exchange'
import { statement } from '../db/statements'
import { decodeBytes } from './decode'
import { extractBinaryDocument, extractTextDocument, fileKindOf, type ExtractedDocument } from './extract'
import type { ImportSource } from './sources'
import { splitDistrictReports, type SplitDocument } from './split'
import { districtKey } from './districts'
import {
  findDocumentByPath,
  insertDocument,
  replaceDocumentVersion,
  storedDistricts,
  type DocumentFields,
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
  /** Checked between files: when it returns true the import stops, keeping what was written. */
  cancelled?: () => boolean
  /** Each file's result once it is durable (written and committed, or skipped as known). */
  onFileResult?: (result: ImportFileResult) => void
  /** Each file refused, as it is refused. */
  onFailure?: (failure: ImportFailure) => void
}

/**
 * Prepared files are written in batches (one transaction of up to BATCH_FILES files, BATCH_MS of
 * preparing, or BATCH_TEXT characters) with a savepoint per file: a failing file rolls back alone,
 * and a crash loses at most the open batch, never part of a file. `onCommitted` reports files
 * only once their batch is durable.
 */
const BATCH_FILES = 500
const BATCH_MS = 1000
const BATCH_TEXT = 64 * 1024 * 1024

export interface PreparedDocument {
  source: ImportSource
  fields: DocumentFields
  split: SplitDocument
}

/** Everything the splitter needs again to re-derive a document (corrections, upgrades). */
export interface StoredHints {
  headingLines: number[]
  title: string | null
  date: string | null
  source: string | null
  /** The year the user gave a file that states none. */
  year?: number | null
}

export async function extractSource(
  source: ImportSource,
  bytes: Uint8Array,
  encoding: EncodingName | undefined
): Promise<{ extracted: ExtractedDocument; encoding: string; bomLength: number; format: string }> {
  const kind = fileKindOf(source.name)
  if (kind === null)
    throw new CodedError(
      'UNSUPPORTED_TYPE',
      `UNSUPPORTED_TYPE: ${source.name} is not a file this app reads (.txt, .md, .html, .docx, .pdf).`
    )
  if (kind === 'docx' || kind === 'pdf') {
    if (bytes.length === 0)
      throw new CodedError('EMPTY_FILE', `EMPTY_FILE: ${source.name} is empty; there is nothing to import.`)
    return {
      extracted: await extractBinaryDocument(kind, bytes, source.name),
      encoding: 'binary',
      bomLength: 0,
      format: kind,
    }
  }
  const decoded = decodeBytes(bytes, source.name, encoding)
  return {
    extracted: await extractTextDocument(kind, decoded.text),
    encoding: decoded.encoding,
    bomLength: decoded.bomLength,
    format: kind,
  }
}

export function hintsOf(extracted: ExtractedDocument): StoredHints {
  return {
    headingLines: extracted.headingLines,
    title: extracted.title,
    date: extracted.date,
    source: extracted.source,
  }
}

/** The hints as stored: JSON of the non-empty ones, or null when there are none (the same split). */
function storedHints(hints: StoredHints): string | null {
  const found = Object.entries(hints).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
  return found.length === 0 ? null : JSON.stringify(Object.fromEntries(found))
}

/** Reads, decodes, extracts and splits one file; no database work. */
export async function prepareDocument(
  source: ImportSource,
  bytes: Uint8Array,
  hash: string,
  encoding: EncodingName | undefined
): Promise<PreparedDocument> {
  const { extracted, ...how } = await extractSource(source, bytes, encoding)
  if (extracted.text.trim() === '')
    throw new CodedError('EMPTY_FILE', `EMPTY_FILE: ${source.name} has no readable text.`)
  const hints = { ...hintsOf(extracted), year: source.year ?? null }
  const split = splitDistrictReports(extracted.text, hints)
  const fields: DocumentFields = {
    path: source.path,
    title: extracted.title ?? source.name.replace(/\.[^.]+$/u, ''),
    source: split.source,
    encoding: how.encoding,
    bomLength: how.bomLength,
    hash,
    original: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    byteSize: bytes.byteLength,
    text: extracted.text,
    year: split.year,
    date: split.date,
    format: how.format,
    // Only what the extractor found: a plain file's hints are all empty, and stored as none.
    hints: storedHints(hints),
    importedAt: new Date().toISOString(),
  }
  return { source, fields, split }
}

export async function importSources(
  db: Db,
  sources: readonly ImportSource[],
  options: ImportOptions = {}
): Promise<ImportSummary> {
  const summary: ImportSummary = { documents: 0, reports: 0, skipped: 0, failed: [], files: [] }
  const findHash = statement<[string], { id: number }>(db, 'SELECT id FROM documents WHERE content_hash = ?')
  let batch: PreparedDocument[] = []
  let batchText = 0
  let batchStarted = Date.now()
  const hashesInBatch = new Set<string>()
  const fail = (failure: ImportFailure): void => {
    summary.failed.push(failure)
    options.onFailure?.(failure)
  }

  const write = (): void => {
    if (batch.length === 0) return
    const written: ImportFileResult[] = []
    db.exec('BEGIN IMMEDIATE')
    try {
      for (const prepared of batch) {
        try {
          const stored = storePrepared(db, prepared, options.asNewDocument ?? false)
          summary.documents++
          summary.reports += stored.reports
          summary.files!.push(stored)
          written.push(stored)
        } catch (err) {
          fail(failureOf(prepared.source.path, err))
        }
      }
      db.exec('COMMIT')
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK')
    }
    for (const w of written) {
      options.onCommitted?.(w.path, w.documentId)
      options.onFileResult?.(w)
    }
    // Annotations imported before their reports may find them now.
    if (written.length > 0) healImportedOrphans(db)
    batch = []
    batchText = 0
    hashesInBatch.clear()
  }

  let lastYield = Date.now()
  for (const [n, source] of sources.entries()) {
    // Text files are read without a real await: let signals (Ctrl+C) and messages in now and then.
    if (Date.now() - lastYield > 50) {
      await new Promise((resolve) => setImmediate(resolve))
      lastYield = Date.now()
    }
    if (options.cancelled?.()) {
      summary.cancelled = true
      break
    }
    options.onProgress?.({ done: n, total: sources.length, current: source.path })
    try {
      const bytes = source.read()
      const hash = createHash('sha256').update(bytes).digest('hex')
      const same = findHash.get(hash)
      if (hashesInBatch.has(hash) || same) {
        summary.skipped++
        const skipped: ImportFileResult = {
          path: source.path,
          outcome: 'skipped',
          documentId: same?.id ?? 0,
          reports: 0,
          districtsAdded: [],
          districtsRemoved: [],
          annotations: { exact: 0, fuzzy: 0, orphaned: 0 },
          check: [],
        }
        summary.files!.push(skipped)
        options.onFileResult?.(skipped)
        continue
      }
      if (batch.length === 0) batchStarted = Date.now()
      const prepared = await prepareDocument(source, bytes, hash, options.encoding)
      batch.push(prepared)
      hashesInBatch.add(hash)
      batchText += prepared.fields.text.length
    } catch (err) {
      fail(failureOf(source.path, err))
    }
    if (batch.length >= BATCH_FILES || batchText >= BATCH_TEXT || Date.now() - batchStarted > BATCH_MS)
      write()
  }
  write()
  options.onProgress?.({ done: sources.length, total: sources.length, current: '' })
  return summary
}

function failureOf(path: string, err: unknown): ImportFailure {
  if (err instanceof CodedError) return { path, code: err.code, message: err.message }
  const detail = err instanceof Error ? err.message : String(err)
  return { path, code: 'INTERNAL', message: `INTERNAL: ${path} could not be imported (${detail}).` }
}

/**
 * Which existing document a file is a new version of, if any: the one named by the user; else the
 * one imported from the same path. An upload (a name, not a path) with the same name as a document
 * is a version only when its districts are the same; two cities' `roundup.txt` stay two documents.
 */
function previousDocument(db: Db, prepared: PreparedDocument, asNewDocument: boolean): number | undefined {
  const target = prepared.source.target
  if (asNewDocument || target?.as === 'new') return undefined
  if (target?.as === 'version') {
    const exists = statement<[number], { id: number }>(db, 'SELECT id FROM documents WHERE id = ?').get(
      target.documentId
    )
    if (!exists)
      throw new CodedError(
        'NOT_FOUND',
        `NOT_FOUND: there is no document ${target.documentId} to make ${prepared.source.name} a new version of.`
      )
    return target.documentId
  }
  const previous = findDocumentByPath(db, prepared.fields.path)
  if (previous === undefined || target?.as !== 'auto') return previous
  const before = [...storedDistricts(db, previous).keys()].sort().join('|')
  const after = [
    ...new Set(
      prepared.split.sections.flatMap((s) =>
        s.kind === 'report' && s.district ? [districtKey(s.district)] : []
      )
    ),
  ]
    .sort()
    .join('|')
  return before === after ? previous : undefined
}

function storePrepared(db: Db, prepared: PreparedDocument, asNewDocument: boolean): ImportFileResult {
  return db.transaction((): ImportFileResult => {
    const previous = previousDocument(db, prepared, asNewDocument)
    const none = { exact: 0, fuzzy: 0, orphaned: 0 }
    if (previous === undefined) {
      const stored = insertDocument(db, prepared.fields, prepared.split.sections)
      return {
        path: prepared.source.path,
        outcome: 'new',
        documentId: stored.documentId,
        reports: stored.reports,
        districtsAdded: [],
        districtsRemoved: [],
        annotations: none,
        check: [],
      }
    }
    const before = storedDistricts(db, previous)
    const stored = replaceDocumentVersion(db, previous, prepared.fields, prepared.split.sections)
    const after = storedDistricts(db, previous)
    return {
      path: prepared.source.path,
      outcome: 'version',
      documentId: previous,
      reports: stored.reports,
      districtsAdded: [...after].filter(([k]) => !before.has(k)).map(([, d]) => d),
      districtsRemoved: [...before].filter(([k]) => !after.has(k)).map(([, d]) => d),
      annotations: {
        exact: stored.synced.exact,
        fuzzy: stored.synced.fuzzy.length,
        orphaned: stored.synced.orphans,
      },
      check: stored.synced.fuzzy,
    }
  })()
}
