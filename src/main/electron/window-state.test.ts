/** The remembered window comes back validated and on a screen that exists now. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_SIZE,
  loadWindowState,
  placeWindow,
  saveWindowState,
  WINDOW_STATE_FILE,
} from './window-state'

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const rightMonitor = { x: 1440, y: -200, width: 2560, height: 1400 }

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-window-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('window state', () => {
  it('round-trips size, position, maximized and theme', () => {
    saveWindowState(dir, {
      bounds: { x: 1600, y: 0, width: 1400, height: 900 },
      maximized: true,
      theme: 'dark',
    })
    expect(loadWindowState(dir, [laptop, rightMonitor])).toEqual({
      bounds: { x: 1600, y: 0, width: 1400, height: 900 },
      maximized: true,
      theme: 'dark',
    })
  })

  it('falls back to defaults for a missing, malformed or hostile file', () => {
    const defaults = { bounds: DEFAULT_SIZE, maximized: false, theme: 'system' }
    expect(loadWindowState(dir, [laptop, rightMonitor])).toEqual(defaults)
    for (const content of [
      '{not json',
      'null',
      '[]',
      '"x"',
      '{"width":"800","height":600}',
      '{"width":1e308,"height":600}',
      '{"width":-5,"height":600}',
      '{"width":800.5,"height":600}',
      '{"width":800,"height":600,"theme":"hacker"}',
      '{"width":800,"height":600,"maximized":"yes"}',
      '{"__proto__":{"width":800},"height":600}',
    ]) {
      writeFileSync(join(dir, WINDOW_STATE_FILE), content)
      expect(loadWindowState(dir, [laptop, rightMonitor]), content).toEqual(defaults)
    }
    expect(({} as Record<string, unknown>).width).toBeUndefined()
  })

  it('keeps a window on the display that shows most of it, resized and moved to fit', () => {
    expect(placeWindow({ x: 100, y: 50, width: 1200, height: 700 }, [laptop])).toEqual({
      x: 100,
      y: 50,
      width: 1200,
      height: 700,
    })
    // Hanging off the bottom right of the laptop screen: moved in.
    expect(placeWindow({ x: 1000, y: 600, width: 1200, height: 700 }, [laptop])).toEqual({
      x: 240,
      y: 175,
      width: 1200,
      height: 700,
    })
    // Larger than the screen: shrunk to it.
    expect(placeWindow({ x: 0, y: 0, width: 3000, height: 2000 }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
    })
    // Mostly on the right monitor: stays there.
    expect(placeWindow({ x: 1400, y: 0, width: 1600, height: 1000 }, [laptop, rightMonitor])).toMatchObject({
      x: 1440,
      y: 0,
    })
  })

  it('centres a window whose monitor is gone (or shows only a sliver of it) on the primary display', () => {
    expect(placeWindow({ x: 3000, y: 100, width: 1600, height: 1000 }, [laptop])).toEqual({
      width: 1440,
      height: 875,
    })
    expect(placeWindow({ x: 1400, y: 100, width: 800, height: 600 }, [laptop])).toEqual({
      width: 900,
      height: 600,
    })
    expect(placeWindow({ x: -5000, y: -5000, width: 1000, height: 700 }, [])).toEqual({
      width: 1000,
      height: 700,
    })
  })

  it('writes the file atomically and silently survives an unwritable folder', () => {
    saveWindowState(dir, { bounds: { width: 1000.4, height: 700.6 }, maximized: false, theme: 'light' })
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({
      width: 1000,
      height: 701,
      maximized: false,
      theme: 'light',
    })
    expect(() =>
      saveWindowState(join(dir, 'missing', 'deeper'), {
        bounds: DEFAULT_SIZE,
        maximized: false,
        theme: 'system',
      })
    ).not.toThrow()
  })
})
