/**
 * The weekly full integrity check, in a process of its own: a forked Node in browser mode, an
 * Electron utility process in the app (import-runner.ts starts it). `PRAGMA quick_check` reads
 * every page and runs FTS5's own check of the index in one native call (4.3 s at 100k reports,
 * 3.9 of it FTS5's). A worker thread cannot be stopped inside that call and Node's exit joins the
 * thread, so a quit during the check waited for the rest of it; a process is killed at once.
 *
 * Arguments: `--data-dir DIR` and, in the app, `--native FILE` (its Electron build of
 * better-sqlite3). Posts one `{ type: 'checked', problem }` to its parent and ends.
 */
import { join } from 'node:path'
import { lowerThisProcess } from './background-priority'
import { openDatabase } from './core/db/database'
import { setNativeBinding } from './core/db/native-binding'
import { LIBRARY_FILE } from './core/library'

export interface CheckedMessage {
  type: 'checked'
  /** Null when the library is sound, else what SQLite found (or why it could not look). */
  problem: string | null
}

/** Electron's utility process talks through `process.parentPort`, a forked Node through `process.send`. */
interface ParentPort {
  postMessage(message: unknown): void
}

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name)
  return at >= 0 ? process.argv[at + 1] : undefined
}

function check(dataDir: string): string | null {
  const db = openDatabase(join(dataDir, LIBRARY_FILE), { readonly: true })
  try {
    const result = String(db.pragma('quick_check', { simple: true }))
    return result === 'ok' ? null : result.replace(/\s+/gu, ' ').slice(0, 200)
  } finally {
    db.close()
  }
}

function main(): void {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort
  const post = (message: CheckedMessage): void => {
    if (parentPort) {
      // A message not yet delivered when the utility process ends is dropped, and its end may
      // reach the parent first: it stays until the parent, answered, kills it.
      parentPort.postMessage(message)
      setTimeout(() => process.exit(0), 10_000)
    }
    // A forked Node: the channel is let go once the message is out, and the process ends.
    else process.send?.(message, () => process.disconnect())
  }
  // It reads every page of the library while the window is in use: searches come first.
  lowerThisProcess()
  const dataDir = argument('--data-dir')
  if (!dataDir) throw new Error('integrity-check: --data-dir is missing')
  setNativeBinding(argument('--native') || undefined)
  let problem: string | null
  try {
    problem = check(dataDir)
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err)
  }
  post({ type: 'checked', problem })
}

main()
