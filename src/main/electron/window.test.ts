/** Every window follows Electron's security checklist. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventEmitter } from 'node:events'
import { showWhenReady, windowOptions } from './window'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : []
  })
}

describe('window options', () => {
  const prefs = windowOptions('/preload.cjs', { width: 1280, height: 800 }).webPreferences!

  it('sandboxes the renderer and isolates it from Node', () => {
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
    expect(prefs.enableBlinkFeatures ?? '').toBe('')
  })

  it('is the only way the app creates windows, and content comes from app:// not file://', () => {
    const main = join(__dirname, '..')
    const creators = sources(main).filter((f) => /new BrowserWindow\(/u.test(readFileSync(f, 'utf8')))
    for (const file of creators)
      expect(readFileSync(file, 'utf8')).toMatch(/new BrowserWindow\(windowOptions\(/u)
    for (const file of sources(main))
      expect(readFileSync(file, 'utf8')).not.toMatch(/loadFile\(|file:\/\/\//u)
    const built = join(__dirname, '../../../out/main/index.js')
    try {
      const js = readFileSync(built, 'utf8')
      expect(js).toContain('sandbox: true')
      expect(js).toContain('contextIsolation: true')
      expect(js).not.toMatch(/nodeIntegration: true|sandbox: false|webSecurity: false/u)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  })

  it('keeps developer tools out of installed apps', () => {
    expect(prefs.devTools).toBe(false)
    expect(
      windowOptions('/p.cjs', { width: 1, height: 1 }, { devTools: true }).webPreferences?.devTools
    ).toBe(true)
  })

  it('locks down every web contents and denies permissions in the shell entry', () => {
    const index = readFileSync(join(__dirname, '../index.ts'), 'utf8')
    expect(index).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => guardContents\(/u)
    expect(index).toContain('denyPermissions(session.defaultSession)')
    expect(index).toContain('app.enableSandbox()')
    expect(index).toContain('app.requestSingleInstanceLock()')
  })

  it('maximises a remembered maximised window only when its first paint is ready', () => {
    const calls: string[] = []
    const win = Object.assign(new EventEmitter(), {
      maximize: () => calls.push('maximize'),
      show: () => calls.push('show'),
    })
    showWhenReady(win, true)
    expect(calls).toEqual([])
    win.emit('ready-to-show')
    expect(calls).toEqual(['maximize', 'show'])
    const plain = Object.assign(new EventEmitter(), {
      maximize: () => calls.push('maximize2'),
      show: () => calls.push('show2'),
    })
    showWhenReady(plain, false)
    plain.emit('ready-to-show')
    expect(calls.slice(2)).toEqual(['show2'])
  })

  it('never maximises or shows the main window outside showWhenReady', () => {
    const index = readFileSync(join(__dirname, '../index.ts'), 'utf8')
    expect(index).not.toMatch(/\.maximize\(\)|window\.show\(\)/u)
    expect(index).toContain('showWhenReady(window, state.maximized)')
  })
})
