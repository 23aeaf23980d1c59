/**
 * Backups in proportion. A backup holds what only the user can make: the document registry, the
 * annotations and tags, the corrections, every other table of the library, and the original bytes
 * of each file. What can be made again from those is left out (the search index, each report's
 * display text, the decoded text of plain-text files) and rebuilt on restore (see rebuild.ts).
 *
 * Automatic backups (on quit, at least daily, and "back up now") rotate in `backups/` and share
 * the originals, stored once each because an original never changes (backup-store.ts). Texts
 * that took a parser to make (HTML, .docx, .pdf) are stored there too, so a restore places
 * annotations on exactly the text they were made on, whatever version of the parsers the app
 * has by then. A backup the user writes to a file of their choosing carries its originals (and
 * parsed texts) inside, so it can travel alone.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { makePrivateDir, makePrivateFile } from '../private-files'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { nativeBinding } from './native-binding'
import { CodedError } from '../../../shared/result'
import { migrate, openDatabase, type Db } from './database'
import { fillStore, pruneStore, STORE_SCHEMA, storeFile } from './backup-store'
import { REGISTRY_TOKEN_KEY, TOKENED_TABLES } from './migrations/006-registry-token'

export const KEEP_AUTOMATIC_BACKUPS = 5
/** The backups folder may hold at least this much, however small the library (the schema alone is ~100 KB a backup). */
export const BACKUP_BUDGET_FLOOR = 16 * 1024 * 1024
const DAY_MS = 24 * 60 * 60 * 1000
const PREFIX = 'library-'
/** library_meta key of a backup: how its originals are kept. Absent in a library and in old full-copy backups. */
export const BACKUP_META_KEY = 'backup'

export interface BackupMeta {
  originals: 'shared' | 'embedded'
  takenAt: string
  /** What the library held, in brief (libraryFingerprint): an unchanged library needs no new backup. */
  fingerprint?: string
}

export interface BackupFile {
  file: string
  takenAt: string
  mtimeMs: number
}

export function backupDir(dataDir: string): string {
  return join(dataDir, 'backups')
}

/** Automatic backups, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupDir(dataDir)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && f.endsWith('.sqlite3'))
    .map((f) => {
      const file = join(dir, f)
      const mtimeMs = statSync(file).mtimeMs
      return { file, mtimeMs, takenAt: new Date(mtimeMs).toISOString() }
    })
    .sort((a, b) => b.mtimeMs - a.mtimeMs)
}

/** The backup description of a library or backup file, or null for a library (or an old full copy). */
export function backupMeta(db: Db): BackupMeta | null {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM library_meta WHERE key = ?')
    .get(BACKUP_META_KEY)
  return row ? (JSON.parse(row.value) as BackupMeta) : null
}

/**
 * Tables of data derived from the reports' texts, made again with the search index (facts: their
 * figures; top_hits: the best-ranked hits of common terms).
 */
const DERIVED_TABLES = new Set(['facts', 'top_hits'])

/** The library's own tables, without the search index (virtual tables and their shadow tables) and derived tables. */
function userTables(db: Db, schema: 'main' | 'lib' = 'lib'): string[] {
  const rows = db
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM ${schema}.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rootpage`
    )
    .all()
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/iu.test(r.sql)).map((r) => r.name)
  return rows
    .map((r) => r.name)
    .filter(
      (name) => !DERIVED_TABLES.has(name) && !virtual.some((v) => name === v || name.startsWith(`${v}_`))
    )
}

/**
 * Where the documents' texts are (import/document-texts.ts): a backup that carries its originals
 * keeps them as the library packs them (the reports' texts in the pack cost next to nothing);
 * one that shares them leaves the table empty, its originals and parsed texts being in the store.
 */
const TEXTS_TABLE = 'document_texts'

/** What a backup keeps of each column that holds derived data or an original. */
function columnExpressions(mode: BackupMeta['originals']): Record<string, Record<string, string>> {
  const original = mode === 'embedded' ? 'original' : "X''"
  return {
    document_versions: { original },
    // A report is made again from its document's text and corrections (see rebuild.ts); the
    // backup keeps only what ties it to its id: its document, place and first line.
    sections: {
      district: 'NULL',
      district_full: 'NULL',
      district_key: 'NULL',
      district_code: 'NULL',
      district_written: 'NULL',
      headline: "''",
      headline_line_count: '0',
      date: 'NULL',
      date_origin: 'NULL',
      month_day: 'NULL',
      source: 'NULL',
    },
  }
}

/**
 * Copies the library's tables (attached as `lib`) into the backup (`main`), or only those the
 * filter keeps, emptying each first when `replace`.
 */
function copyTables(
  db: Db,
  mode: BackupMeta['originals'],
  {
    keep = () => true,
    replace = false,
    giveWay = () => undefined,
  }: { keep?: (table: string) => boolean; replace?: boolean; giveWay?: () => void } = {}
): void {
  const overrides = columnExpressions(mode)
  const copied = (table: string): boolean => keep(table) && !(mode === 'shared' && table === TEXTS_TABLE)
  for (const table of userTables(db).filter(copied)) {
    giveWay()
    const columns = db
      .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}', 'lib')`)
      .all()
      .map((c) => c.name)
    const select = columns.map((c) => overrides[table]?.[c] ?? `"${c}"`).join(', ')
    if (replace) db.exec(`DELETE FROM main."${table}"`)
    db.exec(
      `INSERT INTO main."${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${select} FROM lib."${table}"`
    )
  }
}

function writeMeta(db: Db, mode: BackupMeta['originals']): void {
  const meta: BackupMeta = {
    originals: mode,
    takenAt: new Date().toISOString(),
    fingerprint: libraryFingerprint(db, 'lib'),
  }
  db.prepare('INSERT OR REPLACE INTO main.library_meta (key, value) VALUES (?, ?)').run(
    BACKUP_META_KEY,
    JSON.stringify(meta)
  )
}

const registryToken = (db: Db, schema: 'main' | 'lib'): string | undefined =>
  db
    .prepare<[string], string>(`SELECT value FROM ${schema}.library_meta WHERE key = ?`)
    .pluck()
    .get(REGISTRY_TOKEN_KEY)

/**
 * Fills `db` (a copy of an earlier backup of the same library, with the library attached as
 * `lib`) from the library when its registry is the one that backup holds: the same schema and
 * the same registry token, read in the transaction that copies the rest, so the two halves are
 * one moment. Only the user's own tables (annotations, tags, corrections, …) are copied again;
 * the registry, nearly all of a backup's work at 100k reports, is taken as it is. False, having
 * changed nothing, when the registry differs.
 */
function refillEarlier(
  db: Db,
  mode: BackupMeta['originals'],
  store?: string,
  giveWay?: () => void
): number | false {
  if (store) attachStore(db, store)
  return db.transaction(() => {
    if (db.pragma('main.user_version', { simple: true }) !== db.pragma('lib.user_version', { simple: true }))
      return false
    const token = registryToken(db, 'lib')
    if (!token || registryToken(db, 'main') !== token || backupMeta(db)?.originals !== mode) return false
    const registry = new Set<string>([...TOKENED_TABLES, TEXTS_TABLE])
    copyTables(db, mode, { keep: (table) => !registry.has(table), replace: true, giveWay })
    writeMeta(db, mode)
    // Nothing to add unless the store lost an original since (it is put back).
    if (store) fillStore(db, giveWay)
    return originalsBytes(db, 'lib')
  })()
}

/**
 * Writes a backup of the library in `libraryFile` to `target` (beside it first, then renamed into
 * place), on a connection of its own: one read transaction, so the backup is one consistent moment
 * while the app goes on reading and writing (WAL), and it can run on any thread.
 */
export async function backupTo(
  libraryFile: string,
  target: string,
  options: {
    originals: BackupMeta['originals']
    /** The shared store's file, for `shared` backups. */
    store?: string
    /** An earlier backup of this library, taken over when the registry has not changed since. */
    earlier?: string
    /**
     * Called between steps of the copy (a document each): an automatic backup pauses there while
     * the window is in use (background-priority.ts).
     */
    giveWay?: () => void
  } = { originals: 'embedded' }
): Promise<{ originalsBytes: number; reused: boolean }> {
  const partial = `${target}.partial`
  rmSync(partial, { force: true })
  let out: Database.Database | null = null
  const open = (): Database.Database => {
    const db = new Database(partial, { nativeBinding: nativeBinding() })
    db.pragma('busy_timeout = 10000')
    // The backup is written beside its name and renamed into place when whole: it needs no
    // journal, and one fsync at the end (below) instead of one per page.
    db.pragma('journal_mode = OFF')
    db.pragma('synchronous = OFF')
    db.pragma('main.cache_size = -65536')
    return db
  }
  try {
    let size: number | false = false
    if (options.earlier && existsSync(options.earlier)) {
      copyFileSync(options.earlier, partial)
      out = open()
      out.prepare('ATTACH DATABASE ? AS lib').run(libraryFile)
      const store = options.originals === 'shared' ? options.store : undefined
      size = refillEarlier(out, options.originals, store, options.giveWay)
      out.close()
      if (size === false) rmSync(partial, { force: true })
    }
    const reused = size !== false
    if (size === false) {
      out = open()
      size = copyLibrary(out, libraryFile, options)
      out.close()
    }
    const fd = openSync(partial, 'r+')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (options.store) makePrivateFile(options.store)
    makePrivateFile(partial)
    renameSync(partial, target)
    return { originalsBytes: size, reused }
  } catch (err) {
    if (out?.open) out.close()
    rmSync(partial, { force: true })
    throw new CodedError(
      'READ_FAILED',
      `The backup to ${target} failed: ${err instanceof Error ? err.message : String(err)}.`
    )
  }
}

function attachStore(db: Db, store: string): void {
  db.prepare('ATTACH DATABASE ? AS store').run(store)
  // A new store gives the room of pruned originals back (pruneStore).
  db.pragma('store.auto_vacuum = INCREMENTAL')
  for (const sql of STORE_SCHEMA) db.exec(sql)
}

/** Makes `db` (an empty file) a backup of the library: its schema, then its tables in one read transaction. */
function copyLibrary(
  db: Db,
  libraryFile: string,
  options: { originals: BackupMeta['originals']; store?: string; giveWay?: () => void }
): number {
  // Large libraries are written in larger pages (a tenth quicker at 100k reports); small ones
  // keep small pages, whose fixed cost per table stays small.
  if (statSync(libraryFile).size > 64 * 1024 * 1024) db.pragma('page_size = 16384')
  db.prepare('ATTACH DATABASE ? AS lib').run(libraryFile)
  const version = db.pragma('lib.user_version', { simple: true }) as number
  db.exec('DETACH DATABASE lib')
  migrate(db, version)
  db.prepare('ATTACH DATABASE ? AS lib').run(libraryFile)
  // Indexes are made again on restore; in a backup they would take more room than its rows. The
  // triggers too: here they would only slow the copy.
  for (const { type, name } of db
    .prepare<[], { type: string; name: string }>(
      "SELECT type, name FROM main.sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
    )
    .all())
    db.exec(`DROP ${type.toUpperCase()} main."${name}"`)
  // What the migrations wrote there: the library's own rows take its place.
  db.exec('DELETE FROM main.library_meta')
  if (options.originals === 'shared') attachStore(db, options.store as string)
  return db.transaction(() => {
    copyTables(db, options.originals, { giveWay: options.giveWay })
    writeMeta(db, options.originals)
    if (options.originals === 'shared') fillStore(db, options.giveWay)
    return originalsBytes(db, 'lib')
  })()
}

/** The original bytes a library holds (current files and earlier versions): the backup budget. */
export function originalsBytes(db: Db, schema: 'main' | 'lib' = 'main'): number {
  const row = db
    .prepare<[], { n: number }>(
      // byte_size is the original's length, read from the registry index: length(original)
      // would read every document's row. Earlier versions are few.
      `SELECT (SELECT coalesce(sum(byte_size), 0) FROM ${schema}.documents) +
         (SELECT coalesce(sum(length(original)), 0) FROM ${schema}.document_versions) AS n`
    )
    .get()
  return row?.n ?? 0
}

/** Bytes the backups folder takes on disk. */
export function backupsSize(dataDir: string): number {
  const dir = backupDir(dataDir)
  if (!existsSync(dir)) return 0
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isFile() ? statSync(join(dir, e.name)).size : 0),
    0
  )
}

function removeBackup(backup: BackupFile): number {
  const size = statSync(backup.file).size
  rmSync(backup.file, { force: true })
  return size
}

/**
 * Takes an automatic backup, keeps the newest KEEP_AUTOMATIC_BACKUPS, and then drops the oldest
 * while the folder is over its budget (the originals' size, at least BACKUP_BUDGET_FLOOR); the
 * newest backup is always kept. Only originals the store lacks are written to it, so a backup of
 * an unchanged library costs its registry alone.
 */
export async function automaticBackup(
  libraryFile: string,
  dataDir: string,
  now = new Date(),
  giveWay?: () => void
): Promise<string> {
  const dir = backupDir(dataDir)
  makePrivateDir(dir)
  const name = `${PREFIX}${now.toISOString().replace(/[:.]/gu, '-')}.sqlite3`
  const target = join(dir, name)
  // What a backup abandoned at quit left half-written.
  for (const f of readdirSync(dir)) if (f.endsWith('.partial')) rmSync(join(dir, f), { force: true })
  const { originalsBytes: originals } = await backupTo(libraryFile, target, {
    originals: 'shared',
    store: storeFile(dataDir),
    earlier: listBackups(dataDir)[0]?.file,
    giveWay,
  })
  /** Drops backups (oldest last in the list), with what only they referred to in the store. */
  const drop = (gone: readonly BackupFile[]): number => {
    const kept = listBackups(dataDir).filter((b) => !gone.some((g) => g.file === b.file))
    const freed = pruneStore(
      dataDir,
      gone.map((b) => b.file),
      kept.map((b) => b.file),
      libraryFile
    )
    return gone.reduce((sum, b) => sum + removeBackup(b), freed)
  }
  const excess = listBackups(dataDir).slice(KEEP_AUTOMATIC_BACKUPS)
  if (excess.length > 0) drop(excess)
  const budget = Math.max(originals, BACKUP_BUDGET_FLOOR)
  let size = backupsSize(dataDir)
  for (const backups = listBackups(dataDir); backups.length > 1 && size > budget;)
    size -= drop([backups.pop() as BackupFile])
  return target
}

/**
 * What a library holds, in brief: for each of its tables the row count and the largest rowid,
 * plus the newest import (a new version of a file keeps its id), the newest change of an
 * annotation (notes are edited in place) and of a saved search. Reads indexes and small tables only. Any write the app
 * makes (an import, a version, a correction, a note, a tag, a delete) changes it.
 */
export function libraryFingerprint(db: Db, schema: 'main' | 'lib' = 'main'): string {
  // A table without rowids has a count alone ('?' for its top id).
  const value = (sql: string): string => {
    try {
      return String(db.prepare(sql).pluck().get())
    } catch {
      return '?'
    }
  }
  const parts = userTables(db, schema).map(
    (table) =>
      `${table}:${value(`SELECT count(*) FROM ${schema}."${table}"`)}:${value(`SELECT max(rowid) FROM ${schema}."${table}"`)}`
  )
  const latest = db
    .prepare<[], { imported: string | null; annotated: string | null; live: number }>(
      `SELECT (SELECT max(imported_at) FROM ${schema}.documents) AS imported,
         (SELECT max(modified_at) || '/' || coalesce(max(deleted_at), '') FROM ${schema}.annotations) AS annotated,
         (SELECT count(*) FROM ${schema}.annotations WHERE deleted_at IS NULL) AS live`
    )
    .get()
  // Saved searches are edited in place too (a new query under the same name; opened).
  const searched = value(`SELECT max(opened_at) FROM ${schema}.saved_searches`)
  return [...parts, latest?.imported ?? '', latest?.annotated ?? '', latest?.live ?? 0, searched].join('|')
}

/**
 * True when the library holds what the newest automatic backup holds (same fingerprint): another
 * backup would hold the same. Opening the library to tell costs a few index reads.
 */
export function libraryUnchangedSince(libraryFile: string, dataDir: string): boolean {
  const newest = listBackups(dataDir)[0]
  if (!newest) return false
  let backup: Db | null = null
  let library: Db | null = null
  try {
    backup = openDatabase(newest.file, { readonly: true })
    const before = backupMeta(backup)?.fingerprint
    if (!before) return false
    library = openDatabase(libraryFile, { readonly: true })
    return libraryFingerprint(library) === before
  } catch {
    return false
  } finally {
    backup?.close()
    library?.close()
  }
}

/** True when no automatic backup was taken in the last day. */
export function backupDue(dataDir: string, now = Date.now()): boolean {
  const newest = listBackups(dataDir)[0]
  return !newest || now - newest.mtimeMs > DAY_MS
}
