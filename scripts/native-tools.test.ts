/** The Electron build of the database module finds node-gyp on every platform. */
import { describe, expect, it } from 'vitest'
import { toolSearchBases } from './native-tools'

describe('tool search bases', () => {
  it('looks in the project first, then in npm beside a Windows Node', () => {
    const bases = toolSearchBases({
      root: 'C:\\Users\\ana\\reader',
      execPath: 'C:\\Program Files\\nodejs\\node.exe',
      platform: 'win32',
    })
    expect(bases[0]).toBe('C:\\Users\\ana\\reader\\node_modules\\better-sqlite3\\package.json')
    expect(bases[1]).toBe('C:\\Users\\ana\\reader\\package.json')
    expect(bases).toContain('C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js')
    expect(bases.some((b) => b.includes('/'))).toBe(false)
  })

  it('finds npm of a Unix install, of Debian packaged Node, and the one running us', () => {
    const bases = toolSearchBases({
      root: '/home/ana/reader',
      execPath: '/usr/bin/node',
      npmExecpath: '/usr/share/nodejs/npm/bin/npm-cli.js',
      platform: 'linux',
    })
    expect(bases.slice(0, 2)).toEqual([
      '/home/ana/reader/node_modules/better-sqlite3/package.json',
      '/home/ana/reader/package.json',
    ])
    expect(bases).toContain('/usr/share/nodejs/npm/bin/npm-cli.js')
    expect(bases).toContain('/usr/lib/node_modules/npm/bin/npm-cli.js')
  })
})
