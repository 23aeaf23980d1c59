/** The quit sequence against a fake `app` that behaves like Electron's: before-quit, then will-quit. */
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { finishBeforeQuit } from './lifecycle'

/**
 * Like Electron's app.quit(): emits before-quit; unless a listener called preventDefault(), the
 * windows close (closeWindows) and will-quit follows.
 */
class FakeApp extends EventEmitter {
  quits = 0
  quitted = false
  constructor(private readonly closeWindows: () => void = () => undefined) {
    super()
  }
  quit(): void {
    this.quits++
    let prevented = false
    this.emit('before-quit', { preventDefault: () => (prevented = true) })
    if (prevented) return
    this.closeWindows()
    let held = false
    this.emit('will-quit', { preventDefault: () => (held = true) })
    if (!held) this.quitted = true
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('finishBeforeQuit', () => {
  it('holds the quit until the backup is written, then quits and closes the database after the windows', async () => {
    const log: string[] = []
    const backup = deferred()
    const app = new FakeApp(() => log.push('windows closed'))
    finishBeforeQuit(
      app,
      () => {
        log.push('backup started')
        return backup.promise.then(() => void log.push('backup written'))
      },
      () => void log.push('database closed')
    )
    app.quit()
    await flush()
    expect(app.quitted).toBe(false)
    expect(log).toEqual(['backup started'])
    backup.resolve()
    await flush()
    expect(app.quitted).toBe(true)
    expect(log).toEqual(['backup started', 'backup written', 'windows closed', 'database closed'])
  })

  it('holds the quit at will-quit until an asynchronous close has finished, then quits', async () => {
    const log: string[] = []
    const closing = deferred()
    const app = new FakeApp(() => log.push('windows closed'))
    finishBeforeQuit(
      app,
      async () => void log.push('backup written'),
      () => {
        log.push('closing')
        return closing.promise.then(() => void log.push('closed'))
      }
    )
    app.quit()
    await flush()
    expect(log).toEqual(['backup written', 'windows closed', 'closing'])
    expect(app.quitted).toBe(false)
    closing.resolve()
    await flush()
    await flush()
    expect(log).toEqual(['backup written', 'windows closed', 'closing', 'closed', 'windows closed'])
    expect(app.quitted).toBe(true)
  })

  it('holds back a second quit request while the backup runs (the old flag let it through)', async () => {
    const backup = deferred()
    const onQuit = vi.fn()
    const started = vi.fn(() => backup.promise)
    const app = new FakeApp()
    finishBeforeQuit(app, started, onQuit)
    app.quit()
    app.quit() // Ctrl+Q again, or window-all-closed calling app.quit()
    await flush()
    expect(app.quitted).toBe(false)
    expect(onQuit).not.toHaveBeenCalled()
    expect(started).toHaveBeenCalledTimes(1)
    backup.resolve()
    await flush()
    expect(app.quitted).toBe(true)
    expect(onQuit).toHaveBeenCalledTimes(1)
  })

  it('quits even when the backup fails or throws synchronously', async () => {
    for (const backup of [
      () => Promise.reject(new Error('disk full')),
      () => {
        throw new Error('boom')
      },
    ]) {
      const app = new FakeApp()
      const onQuit = vi.fn()
      finishBeforeQuit(app, backup, onQuit)
      app.quit()
      await flush()
      expect(app.quitted).toBe(true)
      expect(onQuit).toHaveBeenCalledTimes(1)
    }
  })

  it('does not wait for ever on a backup that never finishes', async () => {
    const app = new FakeApp()
    finishBeforeQuit(app, () => new Promise(() => undefined), vi.fn(), 20)
    app.quit()
    await flush()
    expect(app.quitted).toBe(false)
    await new Promise((r) => setTimeout(r, 40))
    expect(app.quitted).toBe(true)
  })

  it('still quits when closing the database throws', async () => {
    const app = new FakeApp()
    finishBeforeQuit(
      app,
      async () => undefined,
      () => {
        throw new Error('busy')
      }
    )
    app.quit()
    await flush()
    expect(app.quitted).toBe(true)
  })
})

describe('the shell entry', () => {
  const index = readFileSync(join(__dirname, '../index.ts'), 'utf8')

  it('uses the quit sequence and closes the database only at will-quit', () => {
    // Before the quit backup, the integrity check's process is stopped (it is not waited for).
    expect(index).toMatch(
      /finishBeforeQuit\(\s*app,\s*\(\) => \{\s*integrity\.stop\(\)\s*return library\.quitBackup\(\)\s*\},\s*\(\) => library\.close\(\)\s*\)/u
    )
    expect(index).not.toMatch(/app\.on\('before-quit'/u)
  })

  it('reports a failed start-up or page load instead of leaving a process without a window', () => {
    expect(index).not.toMatch(/void start\(\)/u)
    expect(index).toMatch(/start\(\)\.catch\(/u)
    expect(index).toContain('app.exit(1)')
    expect(index).not.toMatch(/void window\.loadURL/u)
    expect(index).toMatch(/window\.loadURL\(APP_URL\)\.catch\(/u)
  })
})
