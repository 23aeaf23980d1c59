/**
 * The CLI as a script sees it: a real process (tsx, as `npm run cli` runs it) on a data folder in a
 * temp dir; JSON on stdout, one `CODE: sentence` line on stderr, exit 0 / 1 / 2, no stack traces.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../..')
const SAMPLE = join(ROOT, 'resources/sample-xuzhou-roundup.txt')
const TSX = join(ROOT, 'node_modules/.bin/tsx')
let dir: string
let dataDir: string

interface Run {
  code: number | null
  stdout: Buffer
  stderr: string
  json: () => unknown
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['src/main/cli.ts', ...args, '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', (code) => {
      const stdout = Buffer.concat(out)
      resolve({
        code,
        stdout,
        stderr: Buffer.concat(err).toString('utf8'),
        json: () => JSON.parse(stdout.toString('utf8')),
      })
    })
  })
}

/** A user-facing error: exactly one line, CODE: sentence, and nothing on stdout. */
function expectOneLineError(run: Run, code: string, exit: number): void {
  expect(run.code).toBe(exit)
  expect(run.stdout.length).toBe(0)
  expect(run.stderr).toMatch(new RegExp(`^${code}: \\S.*\\n$`, 'u'))
  expect(run.stderr.split('\n')).toHaveLength(2)
  expect(run.stderr).not.toMatch(/\n\s+at |Error:|node:internal/u)
}

interface ListedReport {
  id: number
  documentId: number
  file: string
  district: string | null
  headline: string
  date: string | null
  source: string | null
}

let imported: Run
let reports: ListedReport[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-cli-'))
  dataDir = join(dir, 'data')
  imported = await cli('import', SAMPLE)
  reports = (await cli('list')).json() as ListedReport[]
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('import and list', () => {
  it('imports the sample and prints the summary as JSON', () => {
    expect(imported.code).toBe(0)
    expect(imported.json()).toMatchObject({ documents: 1, reports: 9, skipped: 0, failed: [] })
  })

  it('lists the nine reports with their fields', () => {
    expect(reports).toHaveLength(9)
    for (const r of reports)
      expect(Object.keys(r).sort()).toEqual([
        'date',
        'district',
        'documentId',
        'file',
        'headline',
        'id',
        'source',
      ])
    expect(reports.map((r) => r.district)).toEqual([
      '沛县',
      '睢宁',
      '邳州',
      '新沂',
      '铜山区',
      '鼓楼区',
      '云龙区',
      '泉山区',
      '徐州经济技术开发区',
    ])
    expect(reports[1]).toMatchObject({
      file: SAMPLE,
      headline: '总投资1.6亿元 / 大项目落户睢宁县庆安镇',
      date: '2023-01-26',
      source: '徐州发布',
    })
  })
})

describe('reading', () => {
  it('shows a report with its text, and gives the original bytes back exactly', async () => {
    const suining = reports.find((r) => r.district === '睢宁')!
    const [show, original] = await Promise.all([
      cli('show', String(suining.id)),
      cli('original', String(suining.documentId)),
    ])
    expect(show.code).toBe(0)
    const detail = show.json() as {
      text: string
      headlineLineCount: number
      encoding: string
      district: string
    }
    expect(detail).toMatchObject({ district: '睢宁', headlineLineCount: 2, encoding: 'utf-8' })
    expect(detail.text).toContain('佰斯拓工业风机研发制造项目')
    expect(original.code).toBe(0)
    expect(original.stderr).toBe('')
    expect(Buffer.compare(original.stdout, readFileSync(SAMPLE))).toBe(0)
  })

  it('counts a query per district and per month with stats, as search finds them', async () => {
    const [byDistrict, byMonth, bad] = await Promise.all([
      cli('stats', '招商', '--by', 'district'),
      cli('stats', '招商', '--by=month'),
      cli('stats', '招商', '--by', 'week'),
    ])
    expect(byDistrict.code).toBe(0)
    const stats = byDistrict.json() as { total: number; buckets: { key: string; count: number }[] }
    expect(stats.total).toBe(4)
    expect(stats.buckets.length).toBeGreaterThan(1)
    const first = stats.buckets[0]!
    const searched = await cli('search', `招商 district:${first.key}`, '--limit', '0')
    expect(first.count).toBe((searched.json() as { total: number }).total)
    expect((byMonth.json() as { buckets: { key: string }[] }).buckets.map((b) => b.key)).toEqual(['2023-01'])
    expectOneLineError(bad, 'BAD_REQUEST', 2)
  })

  it('sums the money of the reports a query finds, per district, and finds reports by amount', async () => {
    const [figures, area, over, missing] = await Promise.all([
      cli('figures', 'amount:>1000万'),
      cli('figures', '', '--unit', '平方米'),
      cli('search', 'amount:>1亿', '--limit', '0'),
      cli('figures'),
    ])
    expect(figures.code).toBe(0)
    const summary = figures.json() as {
      unit: string
      sum: number
      districts: {
        district: string
        sum: number
        largest: { reportId: number; text: string; start: number; end: number }
      }[]
    }
    expect(summary.unit).toBe('元')
    expect(summary.districts.map((d) => d.district)).toEqual(['泉山区', '睢宁县'])
    expect(summary.districts[1]).toMatchObject({ sum: 320_000_000, largest: { text: '1.6亿元' } })
    const largest = summary.districts[1]!.largest
    const shown = (await cli('show', String(largest.reportId))).json() as { text: string }
    expect(shown.text.slice(largest.start, largest.end)).toBe('1.6亿元')
    expect((area.json() as { unit: string; count: number }).count).toBeGreaterThan(0)
    expect((over.json() as { total: number }).total).toBe(2)
    expectOneLineError(missing, 'BAD_REQUEST', 2)
  })

  it('saves a search, lists it with its counts, and opens it by name', async () => {
    const saved = await cli('save-search', '招商动态', '招商', 'district:新沂')
    expect(saved.code).toBe(0)
    expect(saved.json()).toMatchObject({ name: '招商动态', query: '招商 district:新沂', newCount: 0 })
    const list = (await cli('saved-searches')).json() as { name: string; total: number }[]
    expect(list.find((s) => s.name === '招商动态')).toMatchObject({ total: 1 })
    const opened = await cli('open-search', '招商动态')
    expect(opened.json()).toMatchObject({ newReportIds: [], search: { name: '招商动态' } })
    expectOneLineError(await cli('open-search', '没有这个'), 'NOT_FOUND', 1)
    expectOneLineError(await cli('save-search', '只有名字'), 'BAD_REQUEST', 2)
  })

  it('exports the reports a query finds as CSV and Markdown', async () => {
    const [csv, md, bad] = await Promise.all([
      cli('export-results', '招商', '--format', 'csv'),
      cli('export-results', '招商', '--format=md'),
      cli('export-results', '招商', '--format', 'xlsx'),
    ])
    expect(csv.code).toBe(0)
    const lines = csv.stdout.toString('utf8').trimEnd().split('\r\n')
    expect(lines[0]).toBe('\uFEFFreport_id,district,city,date,headline,source,file,snippet,amounts')
    expect(lines).toHaveLength(5)
    expect(md.stdout.toString('utf8')).toMatch(/^# 搜索结果：招商\n\n4 篇报告/u)
    expectOneLineError(bad, 'BAD_REQUEST', 2)
  })

  it('lists the amounts of a report with its facts command', async () => {
    const suining = reports.find((r) => r.district === '睢宁')!
    const facts = await cli('facts', String(suining.id))
    expect(facts.code).toBe(0)
    const amounts = facts.json() as { text: string; kind: string; value: number; unit: string }[]
    expect(amounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ text: '1.6亿元', kind: 'money', value: 160000000, unit: '元' }),
        expect.objectContaining({ text: '30000平方米', kind: 'area', value: 30000 }),
      ])
    )
    expectOneLineError(await cli('facts', '99999'), 'NOT_FOUND', 1)
  })

  it('searches with --limit 0 for every hit, and with a negated term', async () => {
    const [all, negated] = await Promise.all([
      cli('search', '招商', '--limit', '0'),
      cli('search', '招商', '-开门红', '--limit', '0'),
    ])
    expect(all.code).toBe(0)
    const result = all.json() as {
      total: number
      hits: { reportId: number; district: string; matches: [number, number][]; snippets: string[] }[]
      districts: { district: string; count: number }[]
    }
    expect(result.total).toBe(4)
    expect(result.hits).toHaveLength(4)
    expect(result.hits.map((h) => h.district).sort()).toEqual(['新沂', '沛县', '泉山区', '铜山区'].sort())
    for (const h of result.hits) {
      expect(h.matches.length).toBeGreaterThan(0)
      expect(h.snippets.every((s) => typeof s === 'string' && s.includes('招商'))).toBe(true)
    }
    expect(result.districts.reduce((n, d) => n + d.count, 0)).toBe(4)
    expect((negated.json() as { hits: { district: string }[] }).hits.map((h) => h.district)).toEqual(['沛县'])
  })
})

describe('errors', () => {
  it('answers unknown reports and documents with NOT_FOUND on one line, exit 1', async () => {
    const [show, original] = await Promise.all([cli('show', '99999'), cli('original', '99999')])
    expectOneLineError(show, 'NOT_FOUND', 1)
    expectOneLineError(original, 'NOT_FOUND', 1)
  })

  it('answers malformed arguments with BAD_REQUEST, exit 2', async () => {
    const [id, limit, missing] = await Promise.all([
      cli('show', 'abc'),
      cli('search', '招商', '--limit', '-1'),
      cli('search'),
    ])
    for (const run of [id, limit, missing]) expectOneLineError(run, 'BAD_REQUEST', 2)
  })

  it('imports the good files of a folder, lists the bad ones and exits 1', async () => {
    const folder = join(dir, 'incoming')
    mkdirSync(join(folder, 'sub'), { recursive: true })
    const gbText = '2023年2月1日\n邳州\n招商引资再提速\n2月1日，邳州签约项目。\n'
    const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: gbText })
    writeFileSync(join(folder, 'a-gb.txt'), gb)
    writeFileSync(
      join(folder, 'b-binary.txt'),
      Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64)])
    )
    writeFileSync(join(folder, 'sub/c-empty.md'), '')
    writeFileSync(
      join(folder, 'sub/d.html'),
      '<p>新沂</p><p>快马再加鞭</p><p>1月27日，新沂召开大会。</p><script>alert(1)</script>'
    )
    const run = await cli('import', folder)
    expect(run.code).toBe(1)
    const summary = run.json() as {
      documents: number
      reports: number
      skipped: number
      failed: { path: string; code: string; message: string }[]
    }
    expect(summary).toMatchObject({ documents: 2, reports: 2, skipped: 0 })
    expect(summary.failed.map((f) => [f.path, f.code])).toEqual([
      [join(folder, 'b-binary.txt'), 'NOT_TEXT'],
      [join(folder, 'sub/c-empty.md'), 'EMPTY_FILE'],
    ])
    for (const f of summary.failed) expect(f.message.startsWith(`${f.code}: `)).toBe(true)
    expect(run.stderr).not.toMatch(/\n\s+at /u)

    const listed = (await cli('list')).json() as ListedReport[]
    expect(listed).toHaveLength(11)
    const pizhou = listed.find((r) => r.file === join(folder, 'a-gb.txt'))!
    const [original, again] = await Promise.all([
      cli('original', String(pizhou.documentId)),
      cli('import', SAMPLE),
    ])
    expect(Buffer.compare(original.stdout, gb)).toBe(0)
    expect(again.code).toBe(0)
    expect(again.json()).toMatchObject({ documents: 0, reports: 0, skipped: 1, failed: [] })
  })
})

describe('corrections from the command line', () => {
  it('corrects, merges and splits with JSON out and one-line errors', async () => {
    const own = mkdtempSync(join(tmpdir(), 'dnr-cli-correct-'))
    const previous = dataDir
    dataDir = join(own, 'data')
    try {
      const file = join(own, 'roundup.txt')
      writeFileSync(
        file,
        '2024年\n沛县\n沛县项目签约\n1月26日，沛县经济开发区签约三个项目。\n1月27日，丰县召开招商大会。\n睢宁\n睢宁签约\n1月28日，睢宁县签约。\n'
      )
      expect((await cli('import', file)).code).toBe(0)
      const listed = (await cli('list')).json() as ListedReport[]
      const pei = listed[0]!
      const corrected = await cli(
        'correct',
        String(pei.id),
        '--date',
        '2024-01-25',
        '--headline',
        '沛县三项目签约'
      )
      expect(corrected.code).toBe(0)
      expect(corrected.json()).toMatchObject({
        id: pei.id,
        date: '2024-01-25',
        headline: '沛县三项目签约',
        dateOrigin: 'user',
      })
      const split = await cli('split', String(pei.id), '--line', '2', '--district', '丰县')
      expect(split.code).toBe(0)
      expect(split.json()).toMatchObject({ district: '丰县', date: '2024-01-27' })
      const merged = await cli('merge', String(pei.id))
      expect(merged.code).toBe(0)
      expect((merged.json() as { text: string }).text).toContain('丰县召开招商大会')
      expectOneLineError(await cli('correct', String(pei.id), '--date', '2024-02-30'), 'BAD_REQUEST', 2)
      expectOneLineError(
        await cli('split', String(pei.id), '--line', '0', '--district', '丰县'),
        'BAD_REQUEST',
        2
      )
      expectOneLineError(await cli('merge', '9999'), 'NOT_FOUND', 1)
    } finally {
      dataDir = previous
      rmSync(own, { recursive: true, force: true })
    }
  })
})

describe('stopping an import from the command line', () => {
  it('keeps what was imported before Ctrl+C, says so, and exits 130', async () => {
    const own = mkdtempSync(join(tmpdir(), 'dnr-cli-stop-'))
    const folder = join(own, 'many')
    mkdirSync(folder)
    // Files large enough that importing them all takes seconds.
    const body = '1月5日，新沂召开会议，部署全年重点项目建设和招商引资工作。'.repeat(1500)
    for (let n = 0; n < 800; n++)
      writeFileSync(
        join(folder, `r${String(n).padStart(4, '0')}.txt`),
        `2023年
新沂
第${n}号
${body}
`
      )
    // Node itself runs the CLI here, so the signal reaches it as it reaches `npm run cli` in a terminal.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli.ts', 'import', folder, '--data-dir', join(own, 'data')],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    )
    const out: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    // Interrupt once files are being imported (the first batches are in the library).
    const Database = (await import('better-sqlite3')).default
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        try {
          const db = new Database(join(own, 'data', 'library.sqlite3'), {
            readonly: true,
            fileMustExist: true,
          })
          const n = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n
          db.close()
          if (n > 0) {
            clearInterval(poll)
            resolve()
          }
        } catch {
          // Not yet.
        }
      }, 20)
    })
    child.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    const summary = JSON.parse(Buffer.concat(out).toString('utf8')) as {
      documents: number
      cancelled: boolean
    }
    expect(code).toBe(130)
    expect(summary.cancelled).toBe(true)
    expect(summary.documents).toBeLessThan(800)
    const listed = await new Promise<string>((resolve) => {
      const list = spawn(TSX, ['src/main/cli.ts', 'list', '--data-dir', join(own, 'data')], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      const chunks: Buffer[] = []
      list.stdout.on('data', (b: Buffer) => chunks.push(b))
      list.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
    })
    expect((JSON.parse(listed) as unknown[]).length).toBe(summary.documents)
    rmSync(own, { recursive: true, force: true })
  })
})

describe('the CLI in a pipe and with --help', () => {
  it('ends quietly with exit 0 when its reader stops reading', async () => {
    const { spawnSync } = await import('node:child_process')
    // A report of a megabyte, so the answer is far more than a pipe holds.
    const own = mkdtempSync(join(tmpdir(), 'dnr-cli-pipe-'))
    writeFileSync(join(own, 'big.txt'), `2023年\n睢宁\n长报告\n${'1月5日，睢宁召开会议。'.repeat(80_000)}\n`)
    spawnSync(TSX, ['src/main/cli.ts', 'import', join(own, 'big.txt'), '--data-dir', join(own, 'data')], {
      cwd: ROOT,
    })
    const run = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; ${TSX} src/main/cli.ts search 睢宁 --limit 0 --data-dir ${join(own, 'data')} | head -c 1`,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }
    )
    rmSync(own, { recursive: true, force: true })
    expect(run.stderr).not.toMatch(/EPIPE|Error|\n\s+at /u)
    expect(run.status).toBe(0)
  })

  it('prints the usage of each command with --help', async () => {
    for (const command of ['import', 'search', 'correct', 'split', 'backup']) {
      const run = await cli(command, '--help')
      expect(run.code, command).toBe(0)
      expect(run.stdout.toString('utf8'), command).toMatch(new RegExp(`^usage: cli ${command} `, 'u'))
    }
  })
})
