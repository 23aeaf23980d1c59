/**
 * The quit sequence, Electron-free so it can be tested with a fake app: a last backup before the
 * app may quit, and the database closed only once every window is gone (will-quit), so no call
 * from a closing window reaches a closed database. Electron's before-quit is cancelled with
 * preventDefault() and the quit is asked for again once the backup is done; any quit request
 * while the backup runs (a second Ctrl+Q, the last window closing) is held back too, instead of
 * ending the process half-way through the backup file.
 */

/** How long a quit waits for the backup before it goes on without it. */
export const QUIT_BACKUP_TIMEOUT_MS = 30_000
/** How long a quit waits for the library to close. */
const CLOSE_TIMEOUT_MS = 5_000

/** The part of Electron's `app` the quit sequence uses. */
export interface QuittingApp {
  on(event: 'before-quit' | 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
}

export function finishBeforeQuit(
  app: QuittingApp,
  beforeQuit: () => Promise<unknown>,
  /** Closes the library; a promise (the library's worker threads finishing) holds the quit until it settles. */
  onQuit: () => void | Promise<unknown>,
  timeoutMs: number = QUIT_BACKUP_TIMEOUT_MS
): void {
  let phase: 'running' | 'backing-up' | 'done' = 'running'
  app.on('before-quit', (event) => {
    if (phase === 'done') return
    event.preventDefault()
    if (phase === 'backing-up') return
    phase = 'backing-up'
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs)
    })
    const backup = Promise.resolve()
      .then(beforeQuit)
      .catch(() => undefined)
    void Promise.race([backup, timeout]).then(() => {
      clearTimeout(timer)
      phase = 'done'
      app.quit()
    })
  })
  let closed = false
  app.on('will-quit', (event) => {
    if (closed) return
    closed = true
    let closing: void | Promise<unknown>
    try {
      closing = onQuit()
    } catch {
      // Nothing more can be done while quitting; SQLite recovers the journal on the next start.
      return
    }
    if (!(closing instanceof Promise)) return
    // Hold the quit until the library closed cleanly (its session ends, so the next start is quick).
    event.preventDefault()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)
    })
    void Promise.race([closing.catch(() => undefined), timeout]).then(() => {
      clearTimeout(timer)
      app.quit()
    })
  })
}
