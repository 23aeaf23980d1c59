/** The desktop app's database module: loaded through nativeBinding, and a wrong build is named, not crashed on. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { probeNativeBinding, setNativeBinding } from '../core/db/native-binding'
import { databaseModuleMessage, isNativeModuleMismatch, REBUILD_HINT } from './database-module'

afterEach(() => setNativeBinding(undefined))

describe('database module for Electron', () => {
  it('uses the Node build when no binding is set (tests, CLI, browser mode)', () => {
    expect(probeNativeBinding()).toMatch(/^3\.\d+\.\d+$/u)
  })

  it('recognises a module built for another runtime or machine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnr-native-'))
    try {
      const fake = join(dir, 'better_sqlite3.node')
      writeFileSync(fake, 'not a shared library')
      setNativeBinding(fake)
      let error: unknown
      try {
        probeNativeBinding()
      } catch (err) {
        error = err
      }
      expect(error).toBeInstanceOf(Error)
      expect(isNativeModuleMismatch(error)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const electronMessage =
      'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 140. This version of Node.js requires NODE_MODULE_VERSION 115.'
    expect(isNativeModuleMismatch(new Error(electronMessage))).toBe(true)
    expect(isNativeModuleMismatch(new Error('%1 is not a valid Win32 application.'))).toBe(true)
    expect(isNativeModuleMismatch(new Error('SQLITE_CORRUPT: database disk image is malformed'))).toBe(false)
    expect(isNativeModuleMismatch(undefined)).toBe(false)
  })

  it('tells a developer the command and an installed app to reinstall', () => {
    expect(databaseModuleMessage('/x/better_sqlite3.node', false)).toContain(REBUILD_HINT)
    expect(databaseModuleMessage('/x/better_sqlite3.node', true)).toMatch(/reinstall/u)
    expect(REBUILD_HINT).toBe('The database module is not built for Electron: run npm run rebuild:electron')
  })
})
