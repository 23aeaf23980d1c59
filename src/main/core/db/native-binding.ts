/**
 * better-sqlite3's native module is built for Node (tests, CLI, browser mode). The Electron app
 * loads a separate build made for Electron's ABI, so the two never fight over one file.
 */
import Database from 'better-sqlite3'

let binding: string | undefined

export function setNativeBinding(path: string | undefined): void {
  binding = path
}

export function nativeBinding(): string | undefined {
  return binding
}

/**
 * Loads the configured module with an in-memory database and returns its SQLite version. A
 * module built for another runtime fails here, before any library file is opened (where the
 * failure could be mistaken for a damaged library).
 */
export function probeNativeBinding(): string {
  const db = new Database(':memory:', { nativeBinding: binding })
  try {
    return String(db.prepare('SELECT sqlite_version()').pluck().get())
  } finally {
    db.close()
  }
}
