/** A launch rebuilds only when a source changed. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isBuildFresh, markBuildFresh } from './build-freshness.mjs'

const root = mkdtempSync(join(tmpdir(), 'dnr-fresh-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('build freshness', () => {
  it('is stale before a build, fresh after it, stale after an edit, an added or a deleted file', () => {
    mkdirSync(join(root, 'src/main'), { recursive: true })
    mkdirSync(join(root, 'out/main'), { recursive: true })
    writeFileSync(join(root, 'src/main/a.ts'), 'export const a = 1\n')
    writeFileSync(join(root, 'package.json'), '{}')
    writeFileSync(join(root, 'out/main/web.js'), '')
    expect(isBuildFresh(root)).toBe(false)
    markBuildFresh(root)
    expect(isBuildFresh(root)).toBe(true)

    writeFileSync(join(root, 'src/main/a.ts'), 'export const a = 2\n')
    const later = new Date(Date.now() + 5000)
    utimesSync(join(root, 'src/main/a.ts'), later, later)
    expect(isBuildFresh(root)).toBe(false)
    markBuildFresh(root)

    cpSync(join(root, 'src/main/a.ts'), join(root, 'src/main/b.ts'))
    expect(isBuildFresh(root)).toBe(false)
    markBuildFresh(root)
    rmSync(join(root, 'src/main/b.ts'))
    expect(isBuildFresh(root)).toBe(false)
    markBuildFresh(root)
    // A test file is not part of the build.
    writeFileSync(join(root, 'src/main/a.test.ts'), '')
    expect(isBuildFresh(root)).toBe(true)
  })
})

describe('the CLI launcher', () => {
  it('runs the built CLI in plain Node and answers with JSON', async () => {
    const { spawnSync } = await import('node:child_process')
    const data = mkdtempSync(join(tmpdir(), 'dnr-cli-launch-'))
    const run = spawnSync(process.execPath, ['scripts/cli.mjs', 'list', '--data-dir', data], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual([])
    rmSync(data, { recursive: true, force: true })
  }, 150_000)
})
