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
import { holdIndexWrites } from '../search/index-store'
import { statement } from '../db/statements'
import type { ImportSource } from './sources'
import { prepareDocument, type PreparedDocument } from './prepare'
import { createPreparePool } from './prepare-pool'
import { districtKey } from './districts'
import { findDocumentByPath, insertDocument, replaceDocumentVersion, storedDistricts } from './store-document'

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
  /**
   * The built prepare worker (prepare-worker.js): files are then prepared on workers beside the
   * writing. Without it they are prepared on this thread, one at a time.
   */
  prepareWorker?: string
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
/** At most this many bytes of files read and not yet written, when prepare workers read ahead. */
const AHEAD_BYTES = 64 * 1024 * 1024

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
  const fail = (failure: ImportFailure): void => {
    summary.failed.push(failure)
    options.onFailure?.(failure)
  }

  /**
   * One transaction for the batch, a savepoint per file. With `hold`, the batch's search index
   * entries are written together at its end (see holdIndexWrites); should that fail, nothing of
   * the batch is kept and it is written again with each file's entries in its own savepoint, so
   * the file at fault fails alone.
   */
  const writeBatch = (hold: boolean): { written: ImportFileResult[]; failures: ImportFailure[] } => {
    const written: ImportFileResult[] = []
    const failures: ImportFailure[] = []
    db.exec('BEGIN IMMEDIATE')
    const held = hold ? holdIndexWrites(db) : null
    try {
      for (const prepared of batch) {
        const mark = held?.mark() ?? 0
        try {
          written.push(storePrepared(db, prepared, options.asNewDocument ?? false))
        } catch (err) {
          held?.rollback(mark)
          failures.push(failureOf(prepared.source.path, err))
        }
      }
      held?.flush()
      db.exec('COMMIT')
    } finally {
      held?.release()
      if (db.inTransaction) db.exec('ROLLBACK')
    }
    return { written, failures }
  }

  const write = (): void => {
    if (batch.length === 0) return
    // The files whose packed texts have not come from the workers are packed here, as written.
    pool?.claim(batch)
    let outcome: ReturnType<typeof writeBatch>
    try {
      outcome = writeBatch(true)
    } catch {
      outcome = writeBatch(false)
    }
    for (const failure of outcome.failures) fail(failure)
    for (const w of outcome.written) {
      summary.documents++
      summary.reports += w.reports
      summary.files!.push(w)
      options.onCommitted?.(w.path, w.documentId)
      options.onFileResult?.(w)
    }
    // Annotations imported before their reports may find them now.
    if (outcome.written.length > 0) healImportedOrphans(db)
    batch = []
    batchText = 0
  }

  // Files are read, hashed and handed to the preparer ahead of the writing (on prepare workers
  // when there are any, so the two go on side by side), and written in the order given.
  const pool = options.prepareWorker ? createPreparePool(options.prepareWorker) : null
  const prepare = (source: ImportSource, bytes: Uint8Array, hash: string): Promise<PreparedDocument> =>
    pool
      ? pool.prepare(source, bytes, hash, options.encoding)
      : prepareDocument(source, bytes, hash, options.encoding)
  // Far enough ahead that the workers go on while a batch is written (a batch holds this thread
  // for its whole transaction), within a memory budget.
  const ahead = pool ? 2 * BATCH_FILES : 1
  let aheadBytes = 0
  const dispatched = new Set<string>()
  type Outcome =
    | { kind: 'prepared'; prepared: PreparedDocument }
    | { kind: 'skipped'; documentId: number }
    | { kind: 'failed'; err: unknown }
    /** The same bytes as a file before it in this import: decided once that one is written. */
    | { kind: 'twin'; hash: string; bytes: Uint8Array }
  const prepared = (source: ImportSource, bytes: Uint8Array, hash: string): Promise<Outcome> =>
    prepare(source, bytes, hash).then(
      (document): Outcome => ({ kind: 'prepared', prepared: document }),
      (err: unknown): Outcome => ({ kind: 'failed', err })
    )
  const queue: {
    source: ImportSource
    n: number
    bytes: number
    outcome: Promise<Outcome>
  }[] = []
  const enqueue = (source: ImportSource, n: number): void => {
    let outcome: Promise<Outcome>
    let size = 0
    try {
      const bytes = source.read()
      size = bytes.byteLength
      const hash = createHash('sha256').update(bytes).digest('hex')
      const same = findHash.get(hash)
      if (same) outcome = Promise.resolve({ kind: 'skipped', documentId: same.id })
      else if (dispatched.has(hash)) outcome = Promise.resolve({ kind: 'twin', hash, bytes })
      else {
        dispatched.add(hash)
        outcome = prepared(source, bytes, hash)
      }
    } catch (err) {
      outcome = Promise.resolve({ kind: 'failed', err })
    }
    queue.push({ source, n, bytes: size, outcome })
    aheadBytes += size
  }

  try {
    let next = 0
    let lastYield = Date.now()
    for (;;) {
      // Text files are read without a real await: let signals (Ctrl+C) and messages in now and then.
      if (Date.now() - lastYield > 50) {
        await new Promise((resolve) => setImmediate(resolve))
        lastYield = Date.now()
      }
      if (options.cancelled?.()) {
        if (next < sources.length || queue.length > 0) summary.cancelled = true
        break
      }
      while (
        queue.length < ahead &&
        (queue.length === 0 || aheadBytes < AHEAD_BYTES) &&
        next < sources.length
      )
        enqueue(sources[next]!, next++)
      const entry = queue.shift()
      if (!entry) break
      aheadBytes -= entry.bytes
      options.onProgress?.({ done: entry.n, total: sources.length, current: entry.source.path })
      let outcome = await entry.outcome
      if (outcome.kind === 'twin') {
        // Skipped as a copy only once the first is in the library: should it have failed, this
        // one is prepared and written (or fails) on its own, never reported as a copy of nothing.
        const { hash, bytes } = outcome
        if (batch.some((p) => p.fields.hash === hash)) write()
        const first = findHash.get(hash)
        outcome = first
          ? { kind: 'skipped', documentId: first.id }
          : await prepared(entry.source, bytes, hash)
      }
      if (outcome.kind === 'skipped') {
        summary.skipped++
        const skipped: ImportFileResult = {
          path: entry.source.path,
          outcome: 'skipped',
          documentId: outcome.documentId,
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
      if (outcome.kind === 'failed') fail(failureOf(entry.source.path, outcome.err))
      else if (outcome.kind === 'prepared') {
        if (batch.length === 0) batchStarted = Date.now()
        batch.push(outcome.prepared)
        batchText += outcome.prepared.fields.text.length
      }
      if (batch.length >= BATCH_FILES || batchText >= BATCH_TEXT || Date.now() - batchStarted > BATCH_MS)
        write()
    }
    write()
  } finally {
    await pool?.close()
  }
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
      const stored = insertDocument(db, prepared.fields, prepared.split.sections, prepared.stored)
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
