/**
 * Crash safety: an import in a child process is killed with SIGKILL at random moments and
 * restarted. After every kill, each file the importer acknowledged is in the library whole, no
 * document is half-imported, and SQLite's and FTS5's integrity checks pass.
 * `npm run test:stress` runs the full 20 kills over 10k reports; `npm test` a shorter loop.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDatabase } from '../db/database'

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 3)
const FILES = Number(process.env.CRASH_FILES ?? 2000)
const REPORTS_PER_FILE = 5
const root = join(__dirname, '../../../..')
let dir: string
let folder: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-crash-'))
  folder = join(dir, 'in')
  mkdirSync(folder)
  const districts = ['沛县', '睢宁', '邳州', '新沂', '铜山区']
  for (let f = 0; f < FILES; f++) {
    const body = districts
      .map(
        (d, i) =>
          `${d}\n第${f}号专报 ${i}\n1月${(f % 27) + 1}日，${d}召开招商引资推进会，签约项目${f}个，总投资${i}.${f % 10}亿元。`
      )
      .join('\n')
    writeFileSync(join(folder, `report-${String(f).padStart(5, '0')}.txt`), `2023年\n${body}\n来源:测试\n`)
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runAndKill(dataDir: string, killAfterMs: number): Promise<{ acked: string[]; finished: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/crash-import-child.ts'), dataDir, folder],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      }
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('exit', () => {
      clearTimeout(timer)
      const lines = out.split('\n')
      resolve({
        acked: lines.filter((l) => l.startsWith('ACK ')).map((l) => l.slice(4)),
        finished: lines.some((l) => l.startsWith('DONE')),
      })
    })
  })
}

it(
  `restarts an import killed with SIGKILL at ${ITERATIONS} random moments`,
  { timeout: 600_000 },
  async () => {
    const dataDir = join(dir, 'data')
    const acked = new Set<string>()
    let kills = 0
    for (let i = 0; i < ITERATIONS; i++) {
      const run = await runAndKill(dataDir, 250 + Math.floor(Math.random() * 1200))
      if (!run.finished) kills++
      for (const p of run.acked) acked.add(p)
      if (!existsSync(join(dataDir, 'library.sqlite3'))) {
        // Killed before the library was even created: nothing can have been acknowledged.
        expect(run.acked).toEqual([])
        continue
      }
      const db = openDatabase(join(dataDir, 'library.sqlite3'))
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
        db.exec("INSERT INTO report_fts(report_fts) VALUES ('integrity-check')")
        db.exec("INSERT INTO report_chars(report_chars) VALUES ('integrity-check')")
        const docs = db
          .prepare<[], { path: string; reports: number; sections: number; indexed: number }>(
            `SELECT d.path,
           (SELECT count(*) FROM sections s WHERE s.document_id = d.id AND s.kind = 'report') AS reports,
           (SELECT count(*) FROM sections s WHERE s.document_id = d.id) AS sections,
           (SELECT count(*) FROM report_fts f JOIN sections s ON s.id = f.rowid WHERE s.document_id = d.id) AS indexed
         FROM documents d`
          )
          .all()
        const stored = new Set(docs.map((d) => d.path))
        for (const path of acked) expect(stored.has(path), `acknowledged ${path} is stored`).toBe(true)
        for (const d of docs) {
          expect(d.reports, `${d.path} is whole`).toBe(REPORTS_PER_FILE)
          // Every section is searchable: the reports and the document's lead and closing.
          expect(d.indexed, `${d.path} is indexed`).toBe(d.sections)
        }
      } finally {
        db.close()
      }
      if (run.finished) {
        // The whole folder made it before the kill: start a fresh import so every round can be cut.
        rmSync(dataDir, { recursive: true, force: true })
        acked.clear()
      }
    }
    expect(kills).toBeGreaterThan(0)
  }
)
