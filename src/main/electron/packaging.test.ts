/** The installer configuration validates against electron-builder's own schema, offline. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PACKAGED_ELECTRON_SQLITE, PACKAGED_SAMPLE } from './paths'

const require = createRequire(import.meta.url)
const root = join(__dirname, '../../..')
const yaml = require('js-yaml') as { load: (s: string) => unknown }
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: { isEnabled: boolean; add: () => void }) => Promise<void>
}
const logger = { isEnabled: false, add: () => undefined }
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>
  main: string
}

describe('electron-builder configuration', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined()
  })

  it('is rejected when it has an unknown option (the validator really validates)', async () => {
    await expect(validateConfiguration({ ...config, bogusOption: 1 }, logger)).rejects.toThrow(/bogusOption/u)
    await expect(
      validateConfiguration({ ...config, electronFuses: { runAsNode: 'nope' } }, logger)
    ).rejects.toThrow(/runAsNode/u)
  })

  it('builds every platform, unpacks native modules and sets the fuses', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/u)
    expect(config.productName).toBe('District News Reader')
    expect(config.asarUnpack).toContain('**/*.node')
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb'])
    expect((config.win as { target: string[] }).target).toEqual(['nsis'])
    expect((config.mac as { target: string[] }).target).toEqual(['dmg'])
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('ships the sample and the Electron database build where the shell looks for them', () => {
    const extra = config.extraResources as { from: string; to: string; filter?: string[] }[]
    const sample = extra.find((e) => e.from === 'resources/sample-xuzhou-roundup.txt')
    expect(sample?.to).toBe(PACKAGED_SAMPLE)
    const sqlite = extra.find((e) => e.from === 'build/electron-sqlite')
    expect(`${sqlite?.to}/better_sqlite3.node`).toBe(PACKAGED_ELECTRON_SQLITE)
    // node_modules keeps its Node build: electron-builder must not rebuild it for Electron in place.
    expect(config.npmRebuild).toBe(false)
    expect(config.files).toContain('!node_modules/better-sqlite3/{build,deps,src}/**')
    expect(config.files).toContain('out/**/*')
    expect(pkg.main).toBe('./out/main/index.js')
  })

  it('builds the app and the Electron database module before packaging', () => {
    expect(pkg.scripts.dist).toMatch(
      /^electron-vite build && .*build-electron-sqlite\.ts --strict && electron-builder/u
    )
    expect(pkg.scripts['rebuild:electron']).toContain('scripts/build-electron-sqlite.ts')
  })

  it('has icons for every platform: a 512×512 PNG, an .ico and an .icns', () => {
    const png = readFileSync(join(root, 'resources/icon.png'))
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])
    expect((config.linux as { icon: string }).icon).toBe('resources/icon.png')

    const ico = readFileSync(join(root, (config.win as { icon: string }).icon))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const entries = ico.readUInt16LE(4)
    const sizes = Array.from({ length: entries }, (_, n) => ico[6 + 16 * n] || 256)
    expect(sizes).toContain(256)
    for (let n = 0; n < entries; n++) {
      const offset = ico.readUInt32LE(6 + 16 * n + 12)
      expect(ico.subarray(offset + 1, offset + 4).toString('ascii')).toBe('PNG')
    }

    const icns = readFileSync(join(root, (config.mac as { icon: string }).icon))
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const types: string[] = []
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.toString('ascii', at, at + 4))
    expect(types).toEqual(expect.arrayContaining(['ic09', 'ic10']))
  })
})
