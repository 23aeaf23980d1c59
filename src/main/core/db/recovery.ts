/**
 * Opening a library safely: a quick integrity check on open; a damaged file is set aside (never
 * deleted) and the newest good backup restored, with one sentence for the user about what happened.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import Database from 'better-sqlite3'
import { nativeBinding } from './native-binding'
import { LATEST_SCHEMA_VERSION, openDatabase, type Db } from './database'
import { listBackups } from './backups'

export interface OpenedLibrary {
  db: Db
  /** A sentence for the user when opening needed attention, else null. */
  notice: string | null
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

function tryOpen(file: string): Db | null {
  try {
    const db = openDatabase(file)
    const result = db.pragma('quick_check', { simple: true })
    if (result === 'ok') return db
    db.close()
    return null
  } catch {
    return null
  }
}

export function openWithRecovery(file: string, dataDir: string): OpenedLibrary {
  if (!existsSync(file)) return { db: openDatabase(file), notice: null }
  const db = tryOpen(file)
  if (db) return { db, notice: null }

  const damaged = setAside(file, dataDir)
  for (const backup of listBackups(dataDir)) {
    if (!isHealthyLibraryFile(backup.file)) continue
    copyFileSync(backup.file, file)
    const restored = tryOpen(file)
    if (restored)
      return {
        db: restored,
        notice: `The library was damaged and has been restored from the backup of ${backup.takenAt}; the damaged file was kept at ${damaged}.`,
      }
    rmSync(file, { force: true })
  }
  return {
    db: openDatabase(file),
    notice: `The library was damaged and no usable backup was found, so it starts empty; the damaged file was kept at ${damaged}.`,
  }
}
