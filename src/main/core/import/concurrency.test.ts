/**
 * Two importers (say the CLI and browser mode) writing one library while a reader searches it:
 * nobody ever sees `database is locked`, and every file arrives.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ImportSummary } from '../../../shared/api'
import { Library } from '../library'

const root = join(__dirname, '../../../..')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-concurrent-'))
  for (const side of ['a', 'b']) {
    mkdirSync(join(dir, side))
    for (let f = 0; f < 400; f++)
      writeFileSync(
        join(dir, side, `${f}.txt`),
        `2023年\n睢宁\n${side}路第${f}号\n2月${(f % 28) + 1}日，睢宁县招商引资项目${side}${f}签约，总投资${f}亿元。\n`
      )
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function importer(
  dataDir: string,
  folder: string
): Promise<{ summary: ImportSummary | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/crash-import-child.ts'), dataDir, folder],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    )
    let out = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', () => {
      const done = out.split('\n').find((l) => l.startsWith('DONE '))
      resolve({ summary: done ? (JSON.parse(done.slice(5)) as ImportSummary) : null, stderr })
    })
  })
}

it(
  'lets two importers and a reader share the library without lock errors',
  { timeout: 120_000 },
  async () => {
    const dataDir = join(dir, 'data')
    const reader = new Library(dataDir)
    let searching = true
    let searches = 0
    const readLoop = (async () => {
      while (searching) {
        reader.search('招商引资', { limit: 5 })
        searches++
        await new Promise((r) => setTimeout(r, 5))
      }
    })()
    const [a, b] = await Promise.all([importer(dataDir, join(dir, 'a')), importer(dataDir, join(dir, 'b'))])
    searching = false
    await readLoop
    expect(a.stderr + b.stderr).not.toMatch(/locked|busy/iu)
    expect(a.summary?.failed).toEqual([])
    expect(b.summary?.failed).toEqual([])
    expect(reader.counts().documents).toBe(800)
    expect(reader.search('招商引资', { limit: 0 }).total).toBe(800)
    expect(searches).toBeGreaterThan(0)
    reader.close()
  }
)
