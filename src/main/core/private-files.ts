/**
 * The library holds what the user read and wrote: its folder is the user's alone (0700) and its
 * files too (0600), whatever the umask. On Windows these modes mean little; folder ACLs apply.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs'

export function makePrivateDir(dir: string): void {
  const existed = existsSync(dir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // A folder the app made is narrowed; one the user chose (--data-dir ~/Documents) is left alone.
  if (!existed) chmodSync(dir, 0o700)
}

/** Narrows a file and its SQLite side files to the user. */
export function makePrivateFile(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`])
    try {
      if (existsSync(path)) chmodSync(path, 0o600)
    } catch {
      // A file that vanished between the check and the change needs nothing.
    }
}
