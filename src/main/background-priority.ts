/**
 * Background work gives way to what a person waits for. The first automatic backup of a large
 * library (every document unpacked for the store of originals: about 30 s of one core at 100k
 * reports) and the weekly integrity check start while the window is in use; on two cores they
 * made the keystroke's results come about half again later (p50 56 → 80 ms at 100k reports).
 */
import { constants, setPriority } from 'node:os'

const BELOW_NORMAL = constants.priority.PRIORITY_BELOW_NORMAL

/**
 * Lowers the calling worker thread's priority, on Linux, where a thread's priority is its own
 * (setpriority on "this process" from a thread sets that thread's). On macOS and Windows the
 * same call would lower the whole app, so the thread is left at normal priority there.
 */
export function lowerThisThread(): boolean {
  if (process.platform !== 'linux') return false
  try {
    setPriority(0, BELOW_NORMAL)
    return true
  } catch {
    return false
  }
}

/** Lowers this whole process's priority (a process of its own, such as the integrity check). */
export function lowerThisProcess(): boolean {
  try {
    setPriority(BELOW_NORMAL)
    return true
  } catch {
    return false
  }
}

/**
 * What the window is doing, shared (in memory both threads see) between the library service,
 * which counts the window's requests, and background threads, which pause for them. A lower
 * priority alone was not enough on two cores: while the first backup of a 100k library ran, the
 * keystroke's results still came later at p95 (117–164 ms against 65–75 without it), the
 * decompression evicting what the readers had in the caches they share.
 */
export interface Foreground {
  /** Given to background threads (workerData). */
  buffer: SharedArrayBuffer
  /** Marks a request of the window as running; call what it returns when it is answered. */
  request(): () => void
  /** Marks an import as running (background work does not wait while one runs). */
  importing(): () => void
}

/** Slots of the shared buffer: when the window last asked or was answered, and what runs. */
const LAST_MS = 0
const REQUESTS = 1
const IMPORTS = 2

export function createForeground(): Foreground {
  const buffer = new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT)
  const slots = new BigInt64Array(buffer)
  const running = (slot: number): (() => void) => {
    Atomics.store(slots, LAST_MS, BigInt(Date.now()))
    Atomics.add(slots, slot, 1n)
    let done = false
    return () => {
      if (done) return
      done = true
      Atomics.sub(slots, slot, 1n)
      Atomics.store(slots, LAST_MS, BigInt(Date.now()))
    }
  }
  return { buffer, request: () => running(REQUESTS), importing: () => running(IMPORTS) }
}

/** Background work resumes this long after the window's last request was answered. */
export const QUIET_MS = 1_000
/**
 * A backup waits at most this long in all (its read transaction holds the write-ahead log from
 * being reset meanwhile, so it must end): then it goes on at its lower priority.
 */
export const MAX_WAIT_MS = 120_000
const NAP_MS = 50

/**
 * A pause for a background loop to call between two steps (each a few milliseconds): it returns
 * at once while the window is quiet, else sleeps until the window has been quiet for QUIET_MS,
 * `maxWaitMs` in all over the calls of one returned function. It never waits while an import
 * runs: that would keep the backup's snapshot, and the log the import writes, for the import's
 * whole length. Only for worker threads (it blocks the thread it runs on).
 */
export function giveWayTo(
  buffer: SharedArrayBuffer,
  { quietMs = QUIET_MS, maxWaitMs = MAX_WAIT_MS }: { quietMs?: number; maxWaitMs?: number } = {}
): () => void {
  const slots = new BigInt64Array(buffer)
  const nap = new Int32Array(new SharedArrayBuffer(4))
  let waited = 0
  const busy = (): boolean =>
    Atomics.load(slots, IMPORTS) === 0n &&
    // Either side of now: a clock set back must not read as a window in use until it catches up.
    (Atomics.load(slots, REQUESTS) > 0n ||
      Math.abs(Date.now() - Number(Atomics.load(slots, LAST_MS))) < quietMs)
  return () => {
    while (waited < maxWaitMs && busy()) {
      const start = performance.now()
      Atomics.wait(nap, 0, 0, Math.min(NAP_MS, maxWaitMs - waited))
      waited += performance.now() - start
    }
  }
}
