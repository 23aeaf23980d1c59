/**
 * Finds the files to import under the paths a user gave: folders recursively, regular files only
 * (FIFOs, sockets and devices are skipped so a read can never hang), symlink loops cut by real path.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { constants } from 'node:fs'
import type { ImportFailure } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import { fileKindOf } from './extract/types'

/** Larger files are refused before they are read: a news roundup is kilobytes, and memory stays bounded. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024

export interface ImportSource {
  /** Where the document came from: an absolute path, or the name of an uploaded file. */
  path: string
  name: string
  read(): Uint8Array
  /**
   * Which document this file becomes: a new one, a new version of `documentId`, or (auto) a new
   * version of the document imported from the same path when its districts match, else new.
   * Paths default to versioning by path; uploads to auto.
   */
  target?: { as: 'auto' | 'new' } | { as: 'version'; documentId: number }
  /** The year of a file that states none. */
  year?: number
}

export function collectPathSources(paths: readonly string[]): {
  sources: ImportSource[]
  failed: ImportFailure[]
} {
  const sources: ImportSource[] = []
  const failed: ImportFailure[] = []
  const seen = new Set<string>()

  const visit = (path: string, explicit: boolean): void => {
    let stats
    try {
      stats = statSync(path)
    } catch {
      failed.push({
        path,
        code: 'NOT_FOUND',
        message: `NOT_FOUND: ${path} does not exist or cannot be opened.`,
      })
      return
    }
    let real: string
    try {
      real = realpathSync(path)
    } catch {
      real = path
    }
    if (seen.has(real)) return
    seen.add(real)
    if (stats.isDirectory()) {
      let entries: string[]
      try {
        entries = readdirSync(path).sort((a, b) => a.localeCompare(b, 'en'))
      } catch {
        failed.push({ path, code: 'READ_FAILED', message: `READ_FAILED: the folder ${path} cannot be read.` })
        return
      }
      for (const entry of entries) if (!entry.startsWith('.')) visit(join(path, entry), false)
      return
    }
    if (!stats.isFile()) {
      if (explicit)
        failed.push({
          path,
          code: 'UNSUPPORTED_TYPE',
          message: `UNSUPPORTED_TYPE: ${path} is not a regular file (a pipe, socket or device) and was not read.`,
        })
      return
    }
    // A file named on its own is read whatever its name (its bytes may say PDF or Word document:
    // prepare.ts); in a folder, only the files whose names the app reads.
    if (fileKindOf(path) === null && !explicit) return
    sources.push({ path, name: basename(path), read: () => readRegularFile(path) })
  }

  for (const p of paths) visit(resolve(p), true)
  return { sources, failed }
}

/** Reads a file that must still be a regular file of a sane size when it is opened. */
export function readRegularFile(path: string): Uint8Array {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch {
    throw new CodedError('READ_FAILED', `READ_FAILED: ${path} cannot be opened.`)
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile())
      throw new CodedError('UNSUPPORTED_TYPE', `UNSUPPORTED_TYPE: ${path} is not a regular file.`)
    if (stats.size > MAX_FILE_BYTES)
      throw new CodedError(
        'FILE_TOO_LARGE',
        `FILE_TOO_LARGE: ${basename(path)} is ${Math.round(stats.size / 1048576)} MB; files up to ${MAX_FILE_BYTES / 1048576} MB can be imported.`
      )
    // Read what is there now; a file growing while we read is imported as it was when opened.
    const buffer = Buffer.alloc(stats.size)
    let offset = 0
    while (offset < buffer.length) {
      const n = readSync(fd, buffer, offset, buffer.length - offset, offset)
      if (n === 0) break
      offset += n
    }
    return buffer.subarray(0, offset)
  } catch (err) {
    if (err instanceof CodedError) throw err
    throw new CodedError('READ_FAILED', `READ_FAILED: ${path} could not be read.`)
  } finally {
    closeSync(fd)
  }
}
