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

/** The part of Electron's `app` the quit sequence uses. */
export interface QuittingApp {
  on(event: 'before-quit' | 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
}

export function finishBeforeQuit(
  app: QuittingApp,
  beforeQuit: () => Promise<unknown>,
  onQuit: () => void,
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
  app.on('will-quit', () => {
    if (closed) return
    closed = true
    try {
      onQuit()
    } catch {
      // Nothing more can be done while quitting; SQLite recovers the journal on the next start.
    }
  })
}
