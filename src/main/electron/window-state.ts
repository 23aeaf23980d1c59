/** Window size and position, remembered in the user-data folder, validated and kept on a screen. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { WindowBounds } from './window'

const DEFAULT: WindowBounds = { width: 1280, height: 800 }

export interface Display {
  x: number
  y: number
  width: number
  height: number
}

export function loadWindowState(dir: string, displays: Display[]): WindowBounds & { maximized: boolean } {
  try {
    const raw = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as Record<string, unknown>
    const n = (v: unknown): number | null =>
      typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null
    const width = Math.min(8000, Math.max(900, n(raw.width) ?? DEFAULT.width))
    const height = Math.min(8000, Math.max(560, n(raw.height) ?? DEFAULT.height))
    const x = n(raw.x)
    const y = n(raw.y)
    const visible =
      x !== null &&
      y !== null &&
      displays.some((d) => x + 100 > d.x && x < d.x + d.width - 100 && y >= d.y && y < d.y + d.height - 60)
    return { width, height, ...(visible ? { x: x!, y: y! } : {}), maximized: raw.maximized === true }
  } catch {
    return { ...DEFAULT, maximized: false }
  }
}

export function saveWindowState(dir: string, bounds: WindowBounds, maximized: boolean): void {
  try {
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify({ ...bounds, maximized }))
  } catch {
    // Losing the window position is not worth bothering the user about.
  }
}
