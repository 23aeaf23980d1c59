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
