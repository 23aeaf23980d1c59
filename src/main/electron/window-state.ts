/**
 * The window's size, position and theme, remembered in a small JSON file in the user-data
 * folder. What is read back is validated and placed on a screen that exists now, so a window
 * last seen on an unplugged monitor comes back where the user can reach it.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { MIN_HEIGHT, MIN_WIDTH, type WindowBounds } from './window'

export const WINDOW_STATE_FILE = 'window-state.json'
export const DEFAULT_SIZE = { width: 1280, height: 800 }
export const themeSources = ['system', 'light', 'dark'] as const
export type ThemeSource = (typeof themeSources)[number]

/** A display's work area (screen minus task bars and docks). */
export interface Display {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: WindowBounds
  maximized: boolean
  theme: ThemeSource
}

const coordinate = z.number().int().min(-100_000).max(100_000)
const savedState = z.object({
  x: coordinate.optional(),
  y: coordinate.optional(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean().optional(),
  theme: z.enum(themeSources).optional(),
})

/** How much of a window must be on a display to count as visible there (a grabbable title bar). */
const VISIBLE = { width: 100, height: 40 }

function overlap(a: Display, b: Display): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max))
}

/**
 * Places remembered bounds on today's displays (the primary display first): on the display
 * showing most of the window, resized and moved to fit inside it; centred on the primary
 * display (no x/y) when no display shows enough of it.
 */
export function placeWindow(saved: WindowBounds, displays: readonly Display[]): WindowBounds {
  const size = (d: Display | undefined) => ({
    width: clamp(saved.width, Math.min(MIN_WIDTH, d?.width ?? MIN_WIDTH), d?.width ?? saved.width),
    height: clamp(saved.height, Math.min(MIN_HEIGHT, d?.height ?? MIN_HEIGHT), d?.height ?? saved.height),
  })
  if (saved.x !== undefined && saved.y !== undefined) {
    const rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height }
    let best: Display | undefined
    let bestArea = 0
    for (const display of displays) {
      const o = overlap(rect, display)
      if (o.width < VISIBLE.width || o.height < VISIBLE.height) continue
      if (o.width * o.height > bestArea) {
        best = display
        bestArea = o.width * o.height
      }
    }
    if (best) {
      const { width, height } = size(best)
      return {
        x: clamp(saved.x, best.x, best.x + best.width - width),
        y: clamp(saved.y, best.y, best.y + best.height - height),
        width,
        height,
      }
    }
  }
  return size(displays[0])
}

export function loadWindowState(dir: string, displays: readonly Display[]): WindowState {
  let raw: unknown = null
  try {
    raw = JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))
  } catch {
    // First start, or an unreadable file: the defaults will do.
  }
  const parsed = savedState.safeParse(raw)
  if (!parsed.success)
    return { bounds: placeWindow(DEFAULT_SIZE, displays), maximized: false, theme: 'system' }
  const { maximized = false, theme = 'system', ...bounds } = parsed.data
  return { bounds: placeWindow(bounds, displays), maximized, theme }
}

export function saveWindowState(dir: string, state: WindowState): void {
  const file = join(dir, WINDOW_STATE_FILE)
  try {
    const { bounds, maximized, theme } = state
    const rounded = Object.fromEntries(Object.entries(bounds).map(([k, v]) => [k, Math.round(v as number)]))
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...rounded, maximized, theme }))
    renameSync(`${file}.tmp`, file)
  } catch {
    // Losing the window position is not worth bothering the user about.
  }
}
