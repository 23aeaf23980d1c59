/** Keeps the full-text index, and the figures stored with it, in step with the stored reports. */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { extractAmounts, type Amount } from '../analysis/amounts'
import { normalizeForSearch } from './normalize'
import { distinctCjkChars, indexTokens, TOKENIZER_VERSION } from './tokens'
import { readDocumentTexts } from '../import/document-texts'

export interface IndexedFields {
  district: string | null
  /** The report's display text: headline lines first, then paragraphs. */
  text: string
}

/**
 * What the index sees of a report: exactly its display text, so a search finds what Ctrl+F over
 * `show`'s text finds. The district is a filter and a ranking signal, not searched text.
 */
export function searchableText(fields: IndexedFields): string {
  return fields.text
}

/** What indexing a report's text writes: its tokens, its distinct characters and its figures. */
export interface IndexEntry {
  tokens: string
  chars: string
  amounts: Amount[]
}

/** The index entry of a report's searchable text (no database work: a prepare worker makes it). */
export function indexEntry(text: string): IndexEntry {
  const norm = normalizeForSearch(text)
  return { tokens: indexTokens(norm), chars: distinctCjkChars(norm), amounts: extractAmounts(text) }
}

/**
 * Index writes held back until the end of an import batch (holdIndexWrites). FTS5 keeps what is
 * inserted in memory and writes it out as a segment of the index when the transaction ends, or
 * when a savepoint opens: and every statement that fires a trigger (the registry token's, on
 * each document and section row) opens one. Inserted between those rows, each report's terms
 * became a segment of their own, merged again and again; held to the end of the batch, the
 * batch's terms are one segment (an import two to three times as fast).
 */
const heldWrites = new WeakMap<Db, { id: number; entry: IndexEntry | null }[]>()

export interface HeldIndexWrites {
  /** Where the held writes stand, to drop what a failed file added (rollback). */
  mark(): number
  rollback(mark: number): void
  /** Writes what is held (inside the transaction, before it commits). */
  flush(): void
  /** Stops holding; whatever was not flushed is dropped. */
  release(): void
}

export function holdIndexWrites(db: Db): HeldIndexWrites {
  const ops: { id: number; entry: IndexEntry | null }[] = []
  heldWrites.set(db, ops)
  return {
    mark: () => ops.length,
    rollback: (mark) => void ops.splice(mark),
    flush: () => {
      const last = new Map<number, IndexEntry | null>()
      for (const op of ops) last.set(op.id, op.entry)
      ops.length = 0
      for (const [id, entry] of last) if (entry) writeIndexEntry(db, id, entry)
    },
    release: () => {
      if (heldWrites.get(db) === ops) heldWrites.delete(db)
    },
  }
}

function writeIndexEntry(db: Db, sectionId: number, entry: IndexEntry): void {
  statement(db, 'INSERT INTO report_fts (rowid, body) VALUES (?, ?)').run(sectionId, entry.tokens)
  statement(db, 'INSERT INTO report_chars (rowid, chars) VALUES (?, ?)').run(sectionId, entry.chars)
}

/** Indexes a report's text for search, and stores its figures (the `facts` table). */
export function indexSection(
  db: Db,
  sectionId: number,
  fields: IndexedFields,
  entry: IndexEntry = indexEntry(searchableText(fields))
): void {
  const held = heldWrites.get(db)
  if (held) held.push({ id: sectionId, entry })
  else writeIndexEntry(db, sectionId, entry)
  const insertFact = statement(
    db,
    'INSERT OR REPLACE INTO facts (section_id, start, end, kind, unit, value) VALUES (?, ?, ?, ?, ?, ?)'
  )
  for (const a of entry.amounts) insertFact.run(sectionId, a.start, a.end, a.kind, a.unit, a.value)
}

export function unindexSection(db: Db, sectionId: number): void {
  statement(db, 'DELETE FROM report_fts WHERE rowid = ?').run(sectionId)
  statement(db, 'DELETE FROM report_chars WHERE rowid = ?').run(sectionId)
  statement(db, 'DELETE FROM facts WHERE section_id = ?').run(sectionId)
  // A held insert of this section is not written either.
  heldWrites.get(db)?.push({ id: sectionId, entry: null })
}

/** The library_meta values read so far in each connection's current snapshot (withStableMeta). */
const snapshotMeta = new WeakMap<Db, Map<string, string | undefined>>()

export function metaValue(db: Db, key: string): string | undefined {
  const kept = snapshotMeta.get(db)
  if (kept?.has(key)) return kept.get(key)
  const value = statement<[string], string>(db, 'SELECT value FROM library_meta WHERE key = ?')
    .pluck()
    .get(key)
  kept?.set(key, value)
  return value
}

/** Writes a library_meta value (a new key or a new value for one). */
function setMetaValue(db: Db, key: string, value: string): void {
  statement(
    db,
    'INSERT INTO library_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
  ).run(key, value)
}

/**
 * Runs `read`, which must not write, with each library_meta value read once: inside one snapshot
 * (a read transaction) they cannot change, and a search asked for the registry token and the
 * tokenizer's version about 25 times (once per document it unpacked, per term it planned).
 */
export function withStableMeta<T>(db: Db, read: () => T): T {
  if (snapshotMeta.has(db)) return read()
  snapshotMeta.set(db, new Map())
  try {
    return read()
  } finally {
    snapshotMeta.delete(db)
  }
}

/** The library's registry token: a new value after any write to its documents or reports (migration 6). */
export const registryToken = (db: Db): string => metaValue(db, 'registry_token') ?? ''

export interface PerLibraryState<T> {
  (db: Db): T
  /** Whether the value kept for this connection is that of the library's current state. */
  current(db: Db): boolean
}

/**
 * What `read` makes of the library, kept per connection and read again once the registry token
 * changes (an import, a correction, a deletion).
 */
export function perLibraryState<T>(read: (db: Db) => T): PerLibraryState<T> {
  const kept = new WeakMap<Db, { token: string; value: T }>()
  const get = (db: Db): T => {
    const token = registryToken(db)
    const cached = kept.get(db)
    if (cached && cached.token === token) return cached.value
    const value = read(db)
    kept.set(db, { token, value })
    return value
  }
  return Object.assign(get, { current: (db: Db) => kept.get(db)?.token === registryToken(db) })
}

/** The rebuild in steps under way: the tokenizer version it builds and the last section id done. */
function rebuildState(db: Db): { version: string; after: number } | null {
  const value = metaValue(db, REBUILD_KEY)
  return value ? (JSON.parse(value) as { version: string; after: number }) : null
}

function storedTokenizerVersion(db: Db): string | null {
  return metaValue(db, 'tokenizer') ?? null
}

/**
 * True while the index was built by another tokenizer version (or never): an upgrade that changed
 * the tokens, until the index is built again. Searches then read the text instead (see plan.ts).
 */
export function indexStale(db: Db): boolean {
  return storedTokenizerVersion(db) !== TOKENIZER_VERSION
}

/**
 * Rebuilds the index when it was built by another tokenizer version (or never), in one step. A
 * library of more than `backgroundAbove` sections is left for rebuildIndexStep, so it opens at
 * once: the writer worker builds its index in steps between requests while searches read the text.
 */
export function ensureIndexCurrent(
  db: Db,
  { backgroundAbove = Infinity }: { backgroundAbove?: number } = {}
): boolean {
  if (!indexStale(db)) return false
  if (statement<[], number>(db, 'SELECT count(*) FROM sections').pluck().get()! > backgroundAbove)
    return false
  rebuildIndexStep(db, Number.MAX_SAFE_INTEGER)
  return true
}

/** Empties both indexes (before every section is indexed again). */
export function clearIndex(db: Db): void {
  db.exec(
    "INSERT INTO report_fts(report_fts) VALUES ('delete-all'); INSERT INTO report_chars(report_chars) VALUES ('delete-all'); DELETE FROM facts"
  )
}

/** library_meta key of a rebuild in steps: the tokenizer version it builds and the last section id done. */
const REBUILD_KEY = 'index_rebuild'

/** Records that the index was built by this tokenizer version. */
export function markIndexCurrent(db: Db): void {
  setMetaValue(db, 'tokenizer', TOKENIZER_VERSION)
  db.prepare('DELETE FROM library_meta WHERE key = ?').run(REBUILD_KEY)
}

/** How far a rebuild in steps has come (sections indexed again, of all), or null when the index is current. */
export function indexProgress(db: Db): { done: number; total: number } | null {
  if (!indexStale(db)) return null
  const state = rebuildState(db)
  const after = state?.version === TOKENIZER_VERSION ? state.after : 0
  const count = statement<[number], { done: number; total: number }>(
    db,
    'SELECT (SELECT count(*) FROM sections WHERE id <= ?) AS done, (SELECT count(*) FROM sections) AS total'
  ).get(after)!
  return count
}

/**
 * Indexes the next `batch` sections again (in id order) toward the current tokenizer version, in
 * one write transaction, so the writer answers requests between steps; a crash loses at most a
 * step (the place reached is stored with it). The first step empties the index; sections an
 * import writes meanwhile are indexed by the import and again, harmlessly, when the rebuild
 * reaches them. Returns true once the index is current (then merged into few segments).
 */
export function rebuildIndexStep(db: Db, batch = 2000): boolean {
  if (!indexStale(db)) return true
  const done = db
    .transaction(() => {
      if (!indexStale(db)) return true
      const state = rebuildState(db)
      let after = state?.version === TOKENIZER_VERSION ? state.after : -1
      if (after < 0) {
        clearIndex(db)
        after = 0
      }
      const rows = statement<
        [number, number],
        { id: number; district: string | null; document_id: number; ord: number }
      >(db, 'SELECT id, district, document_id, ord FROM sections WHERE id > ? ORDER BY id LIMIT ?').all(
        after,
        batch
      )
      for (const row of rows) {
        unindexSection(db, row.id)
        const text = readDocumentTexts(db, row.document_id)?.sections[row.ord] ?? ''
        indexSection(db, row.id, { district: row.district, text })
      }
      if (rows.length < batch) {
        markIndexCurrent(db)
        return true
      }
      setMetaValue(
        db,
        REBUILD_KEY,
        JSON.stringify({ version: TOKENIZER_VERSION, after: rows[rows.length - 1]!.id })
      )
      return false
    })
    .immediate()
  if (done) optimizeIndex(db)
  return done
}

/** The index's vocabulary (terms with document counts), readable per connection. */
export function ensureVocabularyTable(db: Db): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.report_vocab USING fts5vocab('main', 'report_fts', 'row');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.chars_vocab USING fts5vocab('main', 'report_chars', 'row')`)
}

/** Merges the index's segments (smaller and faster after a large import). */
export function optimizeIndex(db: Db): void {
  db.exec(
    "INSERT INTO report_fts(report_fts) VALUES ('optimize'); INSERT INTO report_chars(report_chars) VALUES ('optimize')"
  )
  indexMerged(db)
}

/** library_meta key: how many sections the index held when it was last merged into one segment. */
const MERGED_KEY = 'index_merged_sections'
/** The index is merged into one segment again once the library has grown by this much since. */
const MERGE_GROWTH = 1.25
/** Pages of merged index written per step (about 10 ms here). */
const MERGE_STEP_PAGES = 200

const sectionCount = (db: Db): number =>
  statement<[], number>(db, 'SELECT count(*) FROM sections').pluck().get() ?? 0

function indexMerged(db: Db): void {
  // Merging into one segment frees the old ones' pages: give them back (libraries since schema 13).
  db.pragma('incremental_vacuum')
  setMetaValue(db, MERGED_KEY, String(sectionCount(db)))
  mergeChecked.set(db, { token: registryToken(db), due: false })
}

/** Each connection's last answer to indexMergeDue, by registry token (it counts rows). */
const mergeChecked = new WeakMap<Db, { token: string; due: boolean }>()

/**
 * Whether the index should be merged into one segment, in steps (indexMergeStep): it has more than
 * one, and the library has grown by a quarter since it was last merged (or never was). Each batch
 * of an import writes a segment, and FTS5 merges them level by level only: 100k bench reports
 * leave 9, and a search reads each one's lists (p50 about a tenth slower than over one; merging
 * them took 3.5 s). Merging on every small import would rewrite the whole index each time.
 */
export function indexMergeDue(db: Db): boolean {
  if (indexStale(db)) return false
  const token = registryToken(db)
  const known = mergeChecked.get(db)
  if (known?.token === token) return known.due
  const sections = sectionCount(db)
  const merged = Number(metaValue(db, MERGED_KEY) ?? 0)
  const due =
    sections > 0 &&
    sections >= merged * MERGE_GROWTH &&
    (statement<[], number>(db, 'SELECT count(DISTINCT segid) FROM report_fts_idx').pluck().get() ?? 0) > 1
  mergeChecked.set(db, { token, due })
  return due
}

/**
 * Merges about `pages` pages of the index into one segment (FTS5's incremental 'merge' across
 * levels); true once it is one. Each step is a transaction of its own: a crash leaves the index as
 * FTS5 left it, whole, and the next start goes on.
 */
export function indexMergeStep(db: Db, pages = MERGE_STEP_PAGES): boolean {
  if (!indexMergeDue(db)) return true
  const changes = statement<[], number>(db, 'SELECT total_changes()').pluck()
  let merged = true
  for (const table of ['report_fts', 'report_chars']) {
    const before = changes.get() ?? 0
    db.exec(`INSERT INTO ${table}(${table}, rank) VALUES ('merge', -${Math.max(1, Math.floor(pages))})`)
    // The command itself counts as one change; more is pages written.
    if ((changes.get() ?? 0) - before > 1) merged = false
  }
  if (merged) indexMerged(db)
  return merged
}
