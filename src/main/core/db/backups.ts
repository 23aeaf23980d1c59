/**
 * Backups with SQLite's online backup API: rotating automatic copies in `backups/` (on quit and
 * at least daily) plus backups and restores the user asks for.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { makePrivateDir, makePrivateFile } from '../private-files'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { nativeBinding } from './native-binding'
import { CodedError } from '../../../shared/result'
import type { Db } from './database'

export const KEEP_AUTOMATIC_BACKUPS = 5
const DAY_MS = 24 * 60 * 60 * 1000
const PREFIX = 'library-'

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

/** Copies the open library to `target` (written beside it first, then renamed into place). */
export async function backupTo(db: Db, target: string): Promise<void> {
  const partial = `${target}.partial`
  rmSync(partial, { force: true })
  try {
    await db.backup(partial)
    // A backup is a single self-contained file: no -wal/-shm beside it when it is opened later.
    const copy = new Database(partial, { nativeBinding: nativeBinding() })
    copy.pragma('journal_mode = DELETE')
    copy.close()
    makePrivateFile(partial)
    renameSync(partial, target)
  } catch (err) {
    rmSync(partial, { force: true })
    throw new CodedError(
      'READ_FAILED',
      `The backup to ${target} failed: ${err instanceof Error ? err.message : String(err)}.`
    )
  }
}

/** Takes an automatic backup and keeps the newest KEEP_AUTOMATIC_BACKUPS. */
export async function automaticBackup(db: Db, dataDir: string, now = new Date()): Promise<string> {
  const dir = backupDir(dataDir)
  makePrivateDir(dir)
  const name = `${PREFIX}${now.toISOString().replace(/[:.]/gu, '-')}.sqlite3`
  const target = join(dir, name)
  await backupTo(db, target)
  for (const old of listBackups(dataDir).slice(KEEP_AUTOMATIC_BACKUPS)) rmSync(old.file, { force: true })
  return target
}

/** True when no automatic backup was taken in the last day. */
export function backupDue(dataDir: string, now = Date.now()): boolean {
  const newest = listBackups(dataDir)[0]
  return !newest || now - newest.mtimeMs > DAY_MS
}
