/** `npm start` asks Electron's own installer for the runtime, through the mirror the user set. */
import { createServer } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { electronBinary, installElectron, installerReason } from './electron-binary'

const root = join(__dirname, '..')
const cache = mkdtempSync(join(tmpdir(), 'dnr-electron-cache-'))
afterAll(() => rmSync(cache, { recursive: true, force: true }))

describe('the Electron runtime', () => {
  it('runs Electron installer, which asks ELECTRON_MIRROR, and reports why it failed in one line', async () => {
    if (electronBinary(root).path) return // installed here: nothing to download
    const requests: string[] = []
    const server = createServer((req, res) => {
      requests.push(req.url ?? '')
      res.writeHead(404).end('not here')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const result = await installElectron(root, {
        timeoutMs: 60_000,
        env: {
          ...process.env,
          ELECTRON_MIRROR: `http://127.0.0.1:${port}/mirror/`,
          electron_config_cache: cache,
          ELECTRON_GET_USE_PROXY: '',
        },
      })
      expect(requests.some((url) => /^\/mirror\/.*electron-v\d+\.\d+\.\d+-/u.test(url))).toBe(true)
      expect(result.path).toBeNull()
      expect(result.reason).toMatch(/^Electron's installer failed: .*404/u)
      expect(result.reason).not.toContain('\n')
    } finally {
      server.close()
    }
  })

  it('keeps the installer message and drops its stack', () => {
    expect(
      installerReason(
        'Downloading Electron binary...\nTypeError: fetch failed\n    at node:internal/deps/undici:1\n'
      )
    ).toBe('TypeError: fetch failed (the download host could not be reached)')
    expect(installerReason('')).toBe('no output')
  })
})
