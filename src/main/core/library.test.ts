/**
 * The Library over real folders and files: what a folder import picks up and what it leaves alone
 * (other extensions, hidden files, FIFOs, symlink loops), HTML and Markdown reduced to text with
 * no markup, and the read operations' answers and errors.
 */
import { execFileSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listBackups } from './db/backups'
import { CodedError } from '../../shared/result'
import { Library, READER_MMAP_BYTES } from './library'
import { allSectionTexts, documentText } from './import/document-texts'
import { docxFromHtml, pdfFromHtml } from './test-support/documents'

const SAMPLE = join(__dirname, '../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-library-'))
  library = new Library(join(dir, 'data'))
})
afterEach(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name)
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, content)
  return file
}

const report = (district: string, n: number) => `${district}\n标题${n}\n1月${n}日，${district}召开会议。\n`

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError)
    expect((err as Error).message).toMatch(/^[A-Z_]+: /u)
    return (err as CodedError).code
  }
  throw new Error('no error')
}

describe('folder imports', () => {
  it('walk folders recursively for .txt, .md and .html and ignore everything else', async () => {
    write('lib/a.txt', report('沛县', 1))
    write('lib/sub/b.md', report('睢宁', 2))
    write('lib/sub/deeper/c.html', `<p>邳州</p><p>标题3</p><p>1月3日，邳州召开会议。</p>`)
    write('lib/sub/deeper/d.HTM', `<p>新沂</p><p>标题4</p><p>1月4日，新沂召开会议。</p>`)
    write('lib/e.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    write('lib/f.odt', report('铜山区', 5))
    write('lib/g.json', '{"district": "鼓楼区"}')
    write('lib/noext', report('云龙区', 6))
    write('lib/.hidden.txt', report('泉山区', 7))
    write('lib/.git/config.txt', report('泉山区', 8))
    const summary = await library.importPaths([join(dir, 'lib')])
    expect(summary).toMatchObject({ documents: 4, reports: 4, skipped: 0, failed: [] })
    expect(new Set(library.listReports().map((r) => r.district))).toEqual(
      new Set(['沛县', '睢宁', '邳州', '新沂'])
    )
  })

  it('refuses a file of another type named explicitly, with a reason', async () => {
    const docx = write('report.odt', report('铜山区', 5))
    expect((await library.importPaths([docx])).failed).toEqual([
      {
        path: docx,
        code: 'UNSUPPORTED_TYPE',
        message: expect.stringMatching(/^UNSUPPORTED_TYPE: report\.odt/u),
      },
    ])
  })

  it('reads a file by what its bytes are when its name says otherwise or nothing', async () => {
    const docx = await docxFromHtml(
      '<h2>铜山区</h2><p>1月27日，铜山区召开区委常委会会议，研究部署招商引资工作。</p>'
    )
    const pdfNamedTxt = write(
      'printed.txt',
      await pdfFromHtml('<h2>沛县</h2><p>1月26日，沛县召开招商推进会。</p>')
    )
    const wordWithoutExtension = write('download', docx)
    const summary = await library.importPaths([pdfNamedTxt, wordWithoutExtension])
    expect(summary).toMatchObject({ documents: 2, reports: 2, failed: [] })
    expect(new Set(library.listReports().map((r) => r.district))).toEqual(new Set(['沛县', '铜山区']))
    // In a folder, a file whose name the app does not read is passed over, as before.
    write('folder/download', docx)
    expect(await library.importPaths([join(dir, 'folder')])).toMatchObject({ documents: 0, failed: [] })
  })

  it('says what to do with an old Word file, an RTF, an image or an archive', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600),
    ])
    const files = [
      write('report.doc', ole),
      write('exported.txt', ole),
      write('notes.rtf', '{\\rtf1\\ansi 招商}'),
      write('scan.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16])),
      write('reports.zip', Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000'))),
    ]
    const messages = (await library.importPaths(files)).failed.map((f) => [f.code, f.message])
    expect(messages).toEqual([
      [
        'UNSUPPORTED_TYPE',
        expect.stringMatching(
          /report\.doc is an old Word, Excel or WPS file.*save it as a Word document \(\.docx\)/u
        ),
      ],
      ['UNSUPPORTED_TYPE', expect.stringMatching(/exported\.txt is an old Word/u)],
      ['UNSUPPORTED_TYPE', expect.stringMatching(/notes\.rtf .*save it as a Word document \(\.docx\)/u)],
      ['UNSUPPORTED_TYPE', expect.stringMatching(/scan\.jpg .*text recognition \(OCR\)/u)],
      ['UNSUPPORTED_TYPE', expect.stringMatching(/reports\.zip .*unpack it/u)],
    ])
    expect(library.counts().documents).toBe(0)
  })

  it('survives symlink loops and imports a linked file once', { timeout: 10_000 }, async () => {
    write('loop/a.txt', report('沛县', 1))
    mkdirSync(join(dir, 'loop/sub'))
    symlinkSync(join(dir, 'loop'), join(dir, 'loop/sub/back'))
    symlinkSync(join(dir, 'loop/sub'), join(dir, 'loop/sub/self'))
    symlinkSync(join(dir, 'loop/a.txt'), join(dir, 'loop/sub/link.txt'))
    symlinkSync(join(dir, 'nowhere'), join(dir, 'loop/sub/dangling.txt'))
    const summary = await library.importPaths([join(dir, 'loop')])
    expect(summary.documents).toBe(1)
    expect(summary.skipped).toBe(0)
    expect(summary.failed.map((f) => f.code)).toEqual(['NOT_FOUND'])
    expect(library.counts()).toMatchObject({ documents: 1, reports: 1 })
  })

  it(
    'skips a FIFO inside a folder without blocking, and refuses one named explicitly',
    { timeout: 10_000 },
    async () => {
      write('pipes/a.txt', report('沛县', 1))
      execFileSync('mkfifo', [join(dir, 'pipes/pipe.txt')])
      execFileSync('mkfifo', [join(dir, 'pipes/pipe.md')])
      const summary = await library.importPaths([join(dir, 'pipes')])
      expect(summary).toMatchObject({ documents: 1, reports: 1, skipped: 0, failed: [] })
      const explicit = await library.importPaths([join(dir, 'pipes/pipe.txt')])
      expect(explicit.failed).toEqual([
        {
          path: join(dir, 'pipes/pipe.txt'),
          code: 'UNSUPPORTED_TYPE',
          message: expect.stringContaining('pipe.txt'),
        },
      ])
    }
  )
})

describe('markup never reaches the library', () => {
  const hostile = `<!doctype html><html><head><title>徐州&amp;睢宁 新闻</title>
<script>alert(1)</script><style>body{background:url(javascript:alert(1))}</style>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"></head>
<body onload="alert(1)">
<p>睢宁</p>
<p>总投资1.6亿元</p>
<p onclick="alert(1)">1月26日上午，<b>佰斯拓</b>工业风机研发制造项目<a href="javascript:alert(1)">成功签约</a>！</p>
<img src=x onerror="alert(1)"><svg onload="alert(1)"><text>alert(1)</text></svg>
<iframe src="javascript:alert(1)">alert(1)</iframe><noscript>alert(1)</noscript>
<template><p>alert(1)</p></template><textarea>alert(1)</textarea>
<SCRIPT type="text/javascript">document.write('<p>alert(1)</p>')</SCRIPT>
<!-- <script>alert(1)</script> -->
<p>邳州</p><p>开门红</p><p>1月27日，邳州召开市委工作例会。</p>
</body></html>`

  it('stores HTML as text without scripts, handlers or tags', async () => {
    const file = write('hostile.html', hostile)
    expect(await library.importPaths([file])).toMatchObject({ documents: 1, reports: 2, failed: [] })
    const reports = library.listReports()
    expect(reports.map((r) => r.district)).toEqual(['睢宁', '邳州'])
    const suining = library.getReport(reports[0]!.id)
    expect(suining.text).toContain('1月26日上午，佰斯拓工业风机研发制造项目成功签约！')
    expect(suining.documentTitle).toBe('徐州&睢宁 新闻')
    const stored =
      library.db
        .prepare<[], { t: string }>(
          `SELECT group_concat(headline || coalesce(district, '') || coalesce(source, ''), '|') AS t FROM sections`
        )
        .get()!.t +
      allSectionTexts(library.db)
        .map((s) => s.text)
        .join('|')
    const doc =
      library.db.prepare<[], { t: string }>('SELECT title AS t FROM documents').get()!.t +
      (documentText(library.db, reports[0]!.documentId) ?? '')
    for (const text of [stored, doc, ...reports.map((r) => library.getReport(r.id).text)]) {
      expect(text).not.toMatch(/<\s*\/?\s*[a-z!]/iu)
      expect(text).not.toContain('alert(1)')
      expect(text).not.toMatch(/onerror|onload|javascript:/iu)
    }
    // The original bytes are kept exactly, markup and all; only the text is cleaned.
    expect(library.original(reports[0]!.documentId).toString('utf8')).toBe(hostile)
    expect(library.search('alert').total).toBe(0)
  })

  it('keeps escaped angle brackets as the literal characters a browser shows', async () => {
    await library.importPaths([
      write(
        'escaped.html',
        '<p>睢宁</p><p>标题</p><p>1月26日，代码 &lt;b&gt;粗体&lt;/b&gt; 与 a &amp; b。</p>'
      ),
    ])
    const text = library.getReport(library.listReports()[0]!.id).text
    expect(text).toContain('代码 <b>粗体</b> 与 a & b。')
  })

  it('stores Markdown as its words', async () => {
    const md = `# 新沂\n\n**快马再加鞭**\n\n1月27日，新沂召开[招商引资](https://example.com/x)项目建设*誓师*大会。\n\n\`\`\`\n代码块里的字\n\`\`\`\n`
    await library.importPaths([write('x.md', md)])
    const [r] = library.listReports()
    expect(r).toMatchObject({ district: '新沂', headline: '快马再加鞭' })
    const text = library.getReport(r!.id).text
    expect(text).toContain('新沂召开招商引资项目建设誓师大会')
    expect(text).not.toMatch(/[*#[\]`]|https:/u)
  })
})

describe('reading the library', () => {
  it('lists reports with their fields, in document order', async () => {
    await library.importPaths([SAMPLE])
    const reports = library.listReports()
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
    expect(reports[1]).toEqual({
      id: reports[1]!.id,
      documentId: 1,
      file: SAMPLE,
      district: '睢宁',
      headline: '总投资1.6亿元 / 大项目落户睢宁县庆安镇',
      date: '2023-01-26',
      source: '徐州发布',
    })
    const detail = library.getReport(reports[1]!.id)
    expect(detail.headlineLineCount).toBe(2)
    expect(detail.text.split('\n').slice(0, 2)).toEqual(['总投资1.6亿元', '大项目落户睢宁县庆安镇'])
    expect(detail.text).toContain('佰斯拓工业风机研发制造项目')
    expect(Buffer.compare(library.original(1), readFileSync(SAMPLE))).toBe(0)
  })

  it('answers unknown ids with NOT_FOUND, and opens the lead and closing as sections of the document', async () => {
    await library.importPaths([SAMPLE])
    expect(codeOf(() => library.getReport(9999))).toBe('NOT_FOUND')
    expect(codeOf(() => library.original(42))).toBe('NOT_FOUND')
    const lead = library.db.prepare<[], { id: number }>("SELECT id FROM sections WHERE kind = 'lead'").get()!
    const opened = library.getReport(lead.id)
    expect(opened.kind).toBe('lead')
    expect(opened.text).toContain('奋力谱写中国式现代化徐州实践新篇章')
    expect(opened.outline.map((s) => s.kind)).toEqual(['lead', ...Array<string>(9).fill('report'), 'closing'])
    expect(library.listReports().every((r) => r.district !== null)).toBe(true)
  })

  it('keeps a document and its report ids when a changed file is imported again from the same path', async () => {
    const file = write('roundup.txt', `2023年\n${report('沛县', 1)}${report('睢宁', 2)}`)
    await library.importPaths([file])
    const before = library.listReports()
    writeFileSync(file, `2023年\n${report('沛县', 1)}${report('睢宁', 3)}${report('邳州', 4)}`)
    expect(await library.importPaths([file])).toMatchObject({ documents: 1, reports: 3, failed: [] })
    const after = library.listReports()
    expect(library.counts()).toMatchObject({ documents: 1, reports: 3 })
    expect(after.slice(0, 2).map((r) => r.id)).toEqual(before.map((r) => r.id))
    expect(before[1]!.date).toBe('2023-01-02')
    expect(after[1]!.date).toBe('2023-01-03')
    expect(library.getReport(after[1]!.id).text).toContain('1月3日')
    expect(library.search('1月2日').total).toBe(0)
    expect(library.db.prepare('SELECT count(*) AS n FROM document_versions').get()).toEqual({ n: 1 })
    expect(readFileSync(file).equals(library.original(after[0]!.documentId))).toBe(true)
  })

  it('imports the sample on the very first start only', async () => {
    await library.importSampleOnFirstStart(SAMPLE)
    expect(library.counts()).toMatchObject({ documents: 1, reports: 9 })
    expect(library.notice).toMatch(/9 district reports/u)
    library.db.exec('DELETE FROM documents')
    await library.importSampleOnFirstStart(SAMPLE)
    expect(library.counts()).toMatchObject({ documents: 0, reports: 0 })
  })
})

describe('readers', () => {
  /** The sample imported and backed up, then a report of 丰县 (召开会议) imported after the backup. */
  const backedUpThenChanged = async (): Promise<{
    backup: string
    before: ReturnType<Library['counts']>
  }> => {
    await library.importPaths([SAMPLE])
    const backup = join(dir, 'before.sqlite3')
    await library.backup(backup)
    const before = library.counts()
    write('more/extra.txt', `2023年\n${report('丰县', 1)}`)
    await library.importPaths([join(dir, 'more')])
    return { backup, before }
  }

  it('map the library file and read what the writer commits, also after the file shrinks', async () => {
    await library.importPaths([SAMPLE])
    const reader = new Library(join(dir, 'data'), { readOnly: true })
    try {
      // Up to READER_MMAP_BYTES, capped at SQLite's build limit.
      expect(reader.db.pragma('mmap_size', { simple: true })).toBe(Math.min(READER_MMAP_BYTES, 0x7fff0000))
      const ids = (lib: Library, q: string): number[] =>
        lib.search(q, { limit: 0 }).hits.map((h) => h.reportId)
      expect(ids(reader, '招商').length).toBeGreaterThan(0)
      for (let i = 0; i < 40; i++)
        write(`more/${i}.txt`, `2023年\n${report('丰县', i + 1)}${'丰县招商引资1.6亿元。'.repeat(200)}\n`)
      await library.importPaths([join(dir, 'more')])
      const file = join(dir, 'data', 'library.sqlite3')
      // The writer grows the file and gives the room back (as the index's merges do): the file
      // the reader maps shrinks under it.
      library.db.exec('CREATE TABLE scratch (b BLOB)')
      library.db
        .prepare(
          'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO scratch SELECT randomblob(8000) FROM n'
        )
        .run()
      library.db.pragma('wal_checkpoint(TRUNCATE)')
      const grown = statSync(file).size
      expect(ids(reader, '1.6亿元')).toEqual(ids(library, '1.6亿元'))
      library.db.exec('DROP TABLE scratch')
      library.db.pragma('incremental_vacuum')
      library.db.pragma('wal_checkpoint(TRUNCATE)')
      expect(statSync(file).size).toBeLessThan(grown - 2_000_000)
      for (const q of ['招商', '1.6亿元', '丰县', '睢宁']) expect(ids(reader, q), q).toEqual(ids(library, q))
    } finally {
      reader.close()
    }
  })

  it('do not keep a restore from replacing the library they hold open', async () => {
    // Here and on macOS. On Windows SQLite opens files without FILE_SHARE_DELETE, so a file a
    // reader holds cannot be renamed over or deleted: the app stops its readers around a restore
    // (library-service.test.ts, which the release workflow runs on Windows).
    const { backup, before } = await backedUpThenChanged()
    expect(library.counts().documents).toBe(before.documents + 1)
    const reader = new Library(join(dir, 'data'), { readOnly: true })
    try {
      expect(reader.search('丰县召开会议', { limit: 0 }).total).toBe(1)
      await library.restore(backup)
      expect(library.counts()).toEqual(before)
      expect(library.search('丰县召开会议', { limit: 0 }).total).toBe(0)
    } finally {
      reader.close()
    }
    const after = new Library(join(dir, 'data'), { readOnly: true })
    try {
      expect(after.counts()).toEqual(before)
    } finally {
      after.close()
    }
  })

  it('keep a restore waiting while one reads, which then changes nothing and leaves the library open', async () => {
    const { backup } = await backedUpThenChanged()
    const now = library.counts()
    const reader = new Library(join(dir, 'data'), { readOnly: true })
    // A read in progress: the writer's log cannot be moved into the file under it.
    const reading = reader.db.prepare('SELECT id FROM sections').iterate()
    reading.next()
    library.db.pragma('busy_timeout = 100')
    const backups = (): number => listBackups(join(dir, 'data')).length
    const kept = backups()
    try {
      await expect(library.restore(backup)).rejects.toMatchObject({ code: 'BUSY' })
      // Refused before its backup of the library, whose rotation could drop the one being restored.
      expect(backups()).toBe(kept)
    } finally {
      reading.return?.()
      reader.close()
    }
    expect(library.counts()).toEqual(now)
    expect(library.search('丰县召开会议', { limit: 0 }).total).toBe(1)
    expect(readdirSync(join(dir, 'data')).filter((f) => f.includes('.restoring'))).toEqual([])
    await library.restore(backup)
    expect(library.search('丰县召开会议', { limit: 0 }).total).toBe(0)
  })

  it('are asked to let go once the restored copy is made, right before the library is replaced', async () => {
    const { backup } = await backedUpThenChanged()
    const seen: string[] = []
    library.beforeRestoreSwap = async () => {
      const copy = readdirSync(join(dir, 'data')).some((f) => f.endsWith('.restoring'))
      seen.push(`let go: copy ${copy}, ${library.search('丰县召开会议', { limit: 0 }).total} hit`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    try {
      await library.restore(backup, () => seen.push('copying'))
    } finally {
      library.beforeRestoreSwap = null
    }
    expect(seen[0]).toBe('copying')
    expect(seen.filter((s) => s.startsWith('let go'))).toEqual(['let go: copy true, 1 hit'])
    expect(seen.at(-1)).toMatch(/^let go/u)
    expect(library.search('丰县召开会议', { limit: 0 }).total).toBe(0)
  })
})
