/**
 * The preload runs sandboxed: Electron gives it a `require` that knows only its own renderer
 * modules, and runs it as a classic (CommonJS) script. So the built preload must be one CJS file
 * requiring nothing but 'electron', at the path the window is given.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shellPaths } from './paths'

const root = join(__dirname, '../../..')
/** What a sandboxed preload's require('electron') provides (Electron's sandboxed module list). */
const SANDBOXED_RENDERER_MODULES = new Set([
  'contextBridge',
  'crashReporter',
  'ipcRenderer',
  'nativeImage',
  'webFrame',
  'webUtils',
])

function importsOf(source: string): { from: string; names: string }[] {
  return [...source.matchAll(/^import\s+(?:type\s+)?(?:\{([^}]*)\}|\S+)\s+from\s+'([^']+)'/gmu)].map((m) => ({
    from: m[2]!,
    names: m[1] ?? '',
  }))
}

describe('preload', () => {
  const source = readFileSync(join(root, 'src/preload/index.ts'), 'utf8')

  it('uses only renderer modules a sandboxed preload can require, and bundles the rest', () => {
    const imports = importsOf(source)
    expect(imports.map((i) => i.from).sort()).toEqual(['../shared/api-methods', 'electron'])
    const fromElectron = imports
      .find((i) => i.from === 'electron')!
      .names.split(',')
      .map((n) => n.trim())
      .filter(Boolean)
    for (const name of fromElectron) expect(SANDBOXED_RENDERER_MODULES.has(name), name).toBe(true)
    // The shared module is bundled into the preload, so it must itself import nothing.
    expect(importsOf(readFileSync(join(root, 'src/shared/api-methods.ts'), 'utf8'))).toEqual([])
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/u)
  })

  it('is built as CommonJS index.cjs, where the window looks for it', () => {
    const config = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8')
    expect(config).toMatch(/preload:[\s\S]*format: 'cjs', entryFileNames: '\[name\]\.cjs'/u)
    expect(shellPaths(join(root, 'out/main'), null).preload).toBe(join(root, 'out/preload/index.cjs'))
    let built: string
    try {
      built = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
      throw err
    }
    expect([...built.matchAll(/require\(\s*["']([^"']+)["']\s*\)/gu)].map((m) => m[1])).toEqual(['electron'])
    expect(built).not.toMatch(/^\s*(import|export)\s/mu)
  })
})
