import { execFileSync } from 'node:child_process'
import { constants, getPriority } from 'node:os'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { createForeground, giveWayTo } from './background-priority'
import { threadNices } from './core/test-support/threads'

const BELOW_NORMAL = constants.priority.PRIORITY_BELOW_NORMAL
const here = new URL('./background-priority.ts', import.meta.url).href
const tsx = new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url).href

describe('background work gives way', () => {
  it.runIf(process.platform === 'linux')(
    'lowers the backup thread alone, never the rest of the app',
    async () => {
      const code = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(here)}) })
      .then((m) => { const { parentPort } = require('node:worker_threads'); parentPort.postMessage(m.lowerThisThread()); setTimeout(() => {}, 2000) })`
      const worker = new Worker(code, { eval: true })
      try {
        const lowered = await new Promise((resolve, reject) => {
          worker.once('message', resolve)
          worker.once('error', reject)
        })
        expect(lowered).toBe(true)
        const nices = threadNices()
        // One thread (the worker's) runs below normal; this thread and the others do not.
        expect(nices.filter((n) => n === BELOW_NORMAL)).toHaveLength(1)
        expect(getPriority(0)).toBe(0)
      } finally {
        await worker.terminate()
      }
    }
  )

  it('lowers a process of its own as a whole', () => {
    const script = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(here)}) })
      .then((m) => { m.lowerThisProcess(); process.stdout.write(String(require('node:os').getPriority())) })`
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    expect(Number(out)).toBe(BELOW_NORMAL)
  })

  it('pauses a background loop while the window asks, until it has been quiet a moment', () => {
    const foreground = createForeground()
    const timedPause = (giveWay: () => void): number => {
      const start = performance.now()
      giveWay()
      return performance.now() - start
    }
    // Nothing asked yet: no pause.
    expect(timedPause(giveWayTo(foreground.buffer, { quietMs: 300 }))).toBeLessThan(100)
    // Just answered: the loop waits out the quiet time.
    foreground.request()()
    expect(timedPause(giveWayTo(foreground.buffer, { quietMs: 300 }))).toBeGreaterThanOrEqual(250)
    // A request still running holds it, up to the most it may wait in all; then it goes on.
    const answered = foreground.request()
    const giveWay = giveWayTo(foreground.buffer, { quietMs: 50, maxWaitMs: 400 })
    expect(timedPause(giveWay)).toBeGreaterThanOrEqual(380)
    expect(timedPause(giveWay)).toBeLessThan(100)
    // Never while an import runs (the backup's snapshot would hold the log the import writes).
    const imported = foreground.importing()
    expect(timedPause(giveWayTo(foreground.buffer, { quietMs: 300 }))).toBeLessThan(100)
    imported()
    answered()
    answered() // a second call changes nothing
    expect(timedPause(giveWayTo(foreground.buffer, { quietMs: 0 }))).toBeLessThan(100)
  })
})
