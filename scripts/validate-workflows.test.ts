/** The workflows validate against GitHub's schema offline, and the validator really rejects mistakes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { validateWorkflowFile, workflowFiles } from './validate-workflows'

const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load: (s: string) => unknown }
const root = join(__dirname, '..')
const releaseFile = join(root, '.github/workflows/release.yml')
const releaseText = readFileSync(releaseFile, 'utf8')
const scratch = mkdtempSync(join(tmpdir(), 'dnr-workflows-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Step {
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, unknown>
  jobs: Record<string, { strategy: { matrix: { os: string[] } }; steps: Step[] }>
}

describe('GitHub workflows', () => {
  it('are all valid, the release workflow among them', () => {
    const files = workflowFiles()
    expect(files.map((f) => basename(f))).toContain('release.yml')
    for (const file of files) expect(validateWorkflowFile(file), file).toEqual({ ok: true, output: '' })
  })

  it('rejects a job with an unknown key, naming it', () => {
    const broken = join(scratch, 'broken.yml')
    writeFileSync(broken, releaseText.replace(/^( {4})runs-on:/mu, '$1runs-onn:'))
    const result = validateWorkflowFile(broken)
    expect(result.ok).toBe(false)
    expect(result.output).toContain("Additional property 'runs-onn' is not allowed")
  })

  it('rejects a workflow with no jobs', () => {
    const broken = join(scratch, 'no-jobs.yml')
    writeFileSync(broken, 'name: nothing\non: [push]\n')
    expect(validateWorkflowFile(broken).ok).toBe(false)
  })

  it('builds, tests, smoke-tests and uploads the installers on the three platforms', () => {
    const workflow = yaml.load(releaseText) as Workflow
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch'])
    expect(workflow.on.push).toEqual({ tags: ['v*'] })
    const job = Object.values(workflow.jobs)[0]!
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest'])
    const uses = job.steps.map((s) => s.uses).filter(Boolean)
    expect(uses).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-artifact@v4'])
    expect(job.steps[1]!.with).toMatchObject({ 'node-version': 22, cache: 'npm' })
    const runs = job.steps.map((s) => s.run ?? '').join('\n')
    const order = [
      'npm ci',
      'node node_modules/electron/install.js',
      'npm test',
      'npm run dist -- --publish never',
      'npm run smoke:desktop -- --packaged',
    ].map((command) => runs.indexOf(command))
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    const upload = job.steps.at(-1)!.with!.path as string
    for (const glob of ['dist/*.AppImage', 'dist/*.deb', 'dist/*.exe', 'dist/*.dmg'])
      expect(upload).toContain(glob)
  })

  it('run from `npm run lint`', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(pkg.scripts.lint).toMatch(/ && tsx scripts\/validate-workflows\.ts$/u)
    expect(pkg.scripts['smoke:desktop']).toBe('tsx scripts/smoke-desktop.ts')
  })
})
