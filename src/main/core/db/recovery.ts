/**
 * Opening a library safely: a quick integrity check on open; a damaged file is set aside (never
 * deleted) and the newest good backup restored, with one sentence for the user about what happened.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import { nativeBinding } from './native-binding'
import { CodedError } from '../../../shared/result'
import { LATEST_SCHEMA_VERSION, NewerLibraryError, openDatabase, type Db } from './database'
import { listBackups } from './backups'
import { discardRestore, prepareRestore } from './rebuild'

export interface OpenedLibrary {
  db: Db
  /** A sentence for the user when opening needed attention, else null. */
  notice: string | null
  /** Ends this process's session (call on a clean close): the next open then skips the full check. */
  endSession: () => void
}

const SIDE_FILES = ['-wal', '-shm', '-journal']

/** True when the file opens as a SQLite library of a schema we know and passes quick_check. */
export function isHealthyLibraryFile(file: string): boolean {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() })
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > LATEST_SCHEMA_VERSION) return false
    const result = db.pragma('quick_check', { simple: true })
    return result === 'ok'
  } catch {
    return false
  } finally {
    db?.close()
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/gu, '-')
}

/** Moves a damaged library and its side files into `damaged/`, returning where it went. */
export function setAside(file: string, dataDir: string): string {
  const dir = join(dataDir, 'damaged')
  mkdirSync(dir, { recursive: true })
  const target = join(dir, `${basename(file, '.sqlite3')}-${stamp()}.sqlite3`)
  renameSync(file, target)
  for (const suffix of SIDE_FILES) if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix)
  return target
}

/**
 * What opening costs nothing proportional to the file: the header (magic, page size, the page
 * count against the file's length, which catches truncation) and the schema being readable. The
 * full check (quick_check reads every page) runs only after an unclean shutdown, and on a
 * schedule in the background (see Library.integrityCheck).
 */
export function headerLooksRight(file: string): boolean {
  let fd: number | null = null
  try {
    fd = openSync(file, 'r')
    const header = Buffer.alloc(100)
    if (readSync(fd, header, 0, 100, 0) < 100) return false
    if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return false
    const raw = header.readUInt16BE(16)
    const pageSize = raw === 1 ? 65536 : raw
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return false
    const pages = header.readUInt32BE(28)
    const valid = header.readUInt32BE(92) === header.readUInt32BE(24)
    return !valid || fstatSync(fd).size >= pages * pageSize
  } catch {
    return false
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

const sessionsDir = (file: string): string => `${file}.sessions`

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Each process that opens the library leaves a session file while it has it open. A session of a
 * process that is gone means it did not close the library: the last shutdown was not clean.
 */
function endedUncleanly(file: string): boolean {
  const dir = sessionsDir(file)
  if (!existsSync(dir)) return false
  let unclean = false
  for (const name of readdirSync(dir)) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid === process.pid || !alive(pid)) {
      if (pid !== process.pid) unclean = true
      rmSync(join(dir, name), { force: true })
    }
  }
  return unclean
}

function beginSession(file: string): () => void {
  const dir = sessionsDir(file)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const marker = join(dir, String(process.pid))
  writeFileSync(marker, new Date().toISOString())
  return () => rmSync(marker, { force: true })
}

/** Whether SQLite said the file is locked by another connection (in use, not damaged). */
const inUse = (err: unknown): boolean =>
  err instanceof Error && /^SQLITE_(BUSY|LOCKED)/u.test(String((err as { code?: unknown }).code ?? ''))

const busy = (file: string): CodedError =>
  new CodedError(
    'BUSY',
    `BUSY: the library (${file}) is in use by another program and did not become free; close it and open the library again.`
  )

/**
 * The library opened, or null when it is damaged. A library that is locked by another connection
 * or that a newer version of the app wrote is not damaged: those errors are thrown, never a reason
 * to set the file aside.
 */
function tryOpen(file: string, full: boolean): Db | null {
  if (!headerLooksRight(file)) return null
  try {
    const db = openDatabase(file)
    db.prepare('SELECT count(*) FROM sqlite_schema').get()
    if (!full || db.pragma('quick_check', { simple: true }) === 'ok') return db
    db.close()
    return null
  } catch (err) {
    if (err instanceof NewerLibraryError) throw err
    if (inUse(err)) throw busy(file)
    return null
  }
}

/**
 * The schema of a library file that opens, or null when it does not (then it is looked at as
 * damaged). Read through SQLite, so that a version still in the -wal file counts; a lock held
 * longer than `busyMs` is an error (in use), not damage.
 */
function schemaOf(file: string, busyMs: number): number | null {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() })
    db.pragma(`busy_timeout = ${busyMs}`)
    return db.pragma('user_version', { simple: true }) as number
  } catch (err) {
    if (inUse(err)) throw busy(file)
    return null
  } finally {
    db?.close()
  }
}

export function openWithRecovery(
  file: string,
  dataDir: string,
  options: { fullCheck?: boolean; busyMs?: number } = {}
): OpenedLibrary {
  if (!existsSync(file)) return { db: openDatabase(file), notice: null, endSession: beginSession(file) }
  // A library a newer version of the app wrote (the user went back to an older one) is refused as
  // it is: set aside as damaged, it looked lost, and an empty library took its place. So is one
  // that another program holds locked.
  const schema = schemaOf(file, options.busyMs ?? 10_000)
  if (schema !== null && schema > LATEST_SCHEMA_VERSION) throw new NewerLibraryError(schema)
  const full = options.fullCheck === true || endedUncleanly(file)
  const db = tryOpen(file, full)
  if (db) return { db, notice: null, endSession: beginSession(file) }

  const damaged = setAside(file, dataDir)
  for (const backup of listBackups(dataDir)) {
    if (!isHealthyLibraryFile(backup.file)) continue
    try {
      renameSync(prepareRestore(backup.file, file, dataDir), file)
    } catch {
      discardRestore(`${file}.restoring`)
      continue
    }
    const restored = tryOpen(file, true)
    if (restored)
      return {
        db: restored,
        notice: `The library was damaged and has been restored from the backup of ${backup.takenAt}; the damaged file was kept at ${damaged}.`,
        endSession: beginSession(file),
      }
    rmSync(file, { force: true })
  }
  return {
    db: openDatabase(file),
    notice: `The library was damaged and no usable backup was found, so it starts empty; the damaged file was kept at ${damaged}.`,
    endSession: beginSession(file),
  }
}
