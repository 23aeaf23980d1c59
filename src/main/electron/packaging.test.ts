/** The installer configuration validates against electron-builder's own schema, offline. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const root = join(__dirname, '../../..')
const yaml = require('js-yaml') as { load: (s: string) => unknown }
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: unknown, logger: { isEnabled: boolean; add: () => void }) => Promise<void>
}
const logger = { isEnabled: false, add: () => undefined }
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>

describe('electron-builder configuration', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined()
  })

  it('is rejected when it has an unknown option (the validator really validates)', async () => {
    await expect(validateConfiguration({ ...config, bogusOption: 1 }, logger)).rejects.toThrow(/bogusOption/u)
  })

  it('builds every platform, unpacks the native module, ships the sample and sets the fuses', () => {
    expect(config.asarUnpack).toContain('**/*.node')
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb'])
    expect((config.win as { target: string[] }).target).toEqual(['nsis'])
    expect((config.mac as { target: string[] }).target).toEqual(['dmg'])
    expect(JSON.stringify(config.extraResources)).toContain('sample-xuzhou-roundup.txt')
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('has a 512×512 PNG icon', () => {
    const png = readFileSync(join(root, 'resources/icon.png'))
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])
  })
})
