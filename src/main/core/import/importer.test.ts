/**
 * Importing into a real library file: idempotency, one file all-or-nothing (failures made real by
 * breaking the database under the importer, not by mocks), bad files among good ones, encodings,
 * refusals and byte-exact originals.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library, uploadedSources } from '../library'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
const sampleBytes = readFileSync(SAMPLE)
let dir: string
let library: Library

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-importer-'))
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

/** Everything an import can touch, in a form two states can be compared by. */
function snapshot() {
  const db = library.db
  return {
    documents: db
      .prepare('SELECT id, path, title, encoding, content_hash, byte_size, year FROM documents ORDER BY id')
      .all(),
    sections: db.prepare('SELECT * FROM sections ORDER BY id').all(),
    versions: db.prepare('SELECT count(*) AS n FROM document_versions').get(),
    fts: db.prepare('SELECT rowid FROM report_fts ORDER BY rowid').all(),
    chars: db.prepare('SELECT rowid FROM report_chars ORDER BY rowid').all(),
    search: ['1.6亿元', '招商', '開發區'].map((q) =>
      library.search(q, { limit: 0 }).hits.map((h) => h.reportId)
    ),
  }
}

const count = (sql: string): number => (library.db.prepare(sql).get() as { n: number }).n

describe('the sample', () => {
  it('imports nine reports, the lead and the closing', async () => {
    expect(await library.importPaths([SAMPLE])).toMatchObject({
      documents: 1,
      reports: 9,
      skipped: 0,
      failed: [],
    })
    const kinds = library.db
      .prepare<[], { kind: string }>('SELECT kind FROM sections ORDER BY ord')
      .all()
      .map((r) => r.kind)
    expect(kinds).toEqual(['lead', ...Array<string>(9).fill('report'), 'closing'])
    // Lead and closing are indexed too: every word imported can be found.
    expect(count('SELECT count(*) AS n FROM report_fts')).toBe(11)
    const [doc] = library.db
      .prepare('SELECT path, title, encoding, bom_length, year, source FROM documents')
      .all()
    expect(doc).toEqual({
      path: SAMPLE,
      title: 'sample-xuzhou-roundup',
      encoding: 'utf-8',
      bom_length: 0,
      year: 2023,
      source: '徐州发布',
    })
  })

  it('changes nothing when the same content is imported again, from any path', async () => {
    await library.importPaths([SAMPLE])
    const before = snapshot()
    expect(await library.importPaths([SAMPLE])).toMatchObject({
      documents: 0,
      reports: 0,
      skipped: 1,
      failed: [],
    })
    expect(await library.importPaths([write('copy/同一文件.txt', sampleBytes)])).toMatchObject({
      documents: 0,
      skipped: 1,
    })
    expect(snapshot()).toEqual(before)
  })

  it('skips a second copy in the same import as the document the first became, and imports it when the first failed', async () => {
    const data = sampleBytes.toString('base64')
    // Twins: the second is skipped as the first's document.
    const both = await library.importSources(
      uploadedSources([
        { name: 'a.txt', dataBase64: data },
        { name: 'b.txt', dataBase64: data },
      ])
    )
    expect(both).toMatchObject({ documents: 1, skipped: 1, failed: [] })
    const first = both.files!.find((f) => f.path === 'a.txt')!
    expect(both.files!.find((f) => f.path === 'b.txt')).toMatchObject({
      outcome: 'skipped',
      documentId: first.documentId,
    })
    expect(first.documentId).toBeGreaterThan(0)

    // The first copy cannot be written (a new version of a document that does not exist): its
    // twin is not a copy of anything in the library, so it is imported on its own.
    const other = Buffer.from(sampleBytes.toString('utf8').replace('2023', '2024')).toString('base64')
    const after = await library.importSources(
      uploadedSources([
        { name: 'c.txt', dataBase64: other, as: 'version', versionOf: 9999 },
        { name: 'd.txt', dataBase64: other },
      ])
    )
    expect(after.failed.map((f) => [f.path, f.code])).toEqual([['c.txt', 'NOT_FOUND']])
    expect(after).toMatchObject({ documents: 1, skipped: 0 })
    const d = after.files!.find((f) => f.path === 'd.txt')!
    expect(d.outcome).toBe('new')
    expect(library.db.prepare('SELECT path FROM documents WHERE id = ?').pluck().get(d.documentId)).toBe(
      'd.txt'
    )
  })

  it('keeps the bytes exactly, whatever the encoding, mark or line endings', async () => {
    const variants: [string, Buffer][] = [
      ['plain.txt', sampleBytes],
      ['crlf.txt', Buffer.from(sampleBytes.toString('utf8').replace(/\n/gu, '\r\n'))],
      ['bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sampleBytes])],
      ['gb.txt', execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: sampleBytes })],
      ['u16.txt', execFileSync('iconv', ['-f', 'UTF-8', '-t', 'UTF-16'], { input: sampleBytes })],
    ]
    for (const [name, bytes] of variants) {
      const summary = await library.importPaths([write(name, bytes)])
      expect(summary, name).toMatchObject({ documents: 1, reports: 9, failed: [] })
    }
    const docs = library.db
      .prepare<[], { id: number; path: string; encoding: string }>(
        'SELECT id, path, encoding FROM documents ORDER BY id'
      )
      .all()
    expect(docs.map((d) => d.encoding)).toEqual(['utf-8', 'utf-8', 'utf-8', 'gb18030', 'utf-16le'])
    docs.forEach((d, i) => expect(Buffer.compare(library.original(d.id), variants[i]![1]), d.path).toBe(0))
    // Each variant reads as the same nine reports.
    const texts = (documentId: number) =>
      library
        .listReports()
        .filter((r) => r.documentId === documentId)
        .map((r) => library.getReport(r.id).text)
    for (const d of docs.slice(1)) expect(texts(d.id)).toEqual(texts(docs[0]!.id))
  })
})

describe('one file is stored whole or not at all', () => {
  it('rolls back a file whose section insert fails part-way, and keeps the files around it', async () => {
    const before = write(
      'folder/a-before.txt',
      '沛县\n兔年新春\n1月26日，沛县经济开发区举行招商引资动员会议。\n'
    )
    write('folder/b-sample.txt', sampleBytes)
    write('folder/c-after.txt', '邳州\n开门红\n1月27日，邳州召开市委工作例会。\n')
    // A real failure inside the file's transaction, after its document, lead and first seven reports.
    library.db.exec(`CREATE TRIGGER fail_quanshan BEFORE INSERT ON sections WHEN NEW.district = '泉山区'
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
    const summary = await library.importPaths([join(dir, 'folder')])
    expect(summary.documents).toBe(2)
    expect(summary.failed).toEqual([
      {
        path: join(dir, 'folder/b-sample.txt'),
        code: 'INTERNAL',
        message: expect.stringMatching(/^INTERNAL: .*b-sample\.txt.*disk on fire/u),
      },
    ])
    expect(library.listReports().map((r) => r.district)).toEqual(['沛县', '邳州'])
    expect(count('SELECT count(*) AS n FROM sections')).toBe(2)
    expect(count('SELECT count(*) AS n FROM report_fts')).toBe(2)
    expect(count('SELECT count(*) AS n FROM report_chars')).toBe(2)
    expect(library.search('1.6亿元').total).toBe(0)
    expect(library.listReports()[0]!.file).toBe(before)

    // Nothing half-stored blocks a later import of the same bytes.
    library.db.exec('DROP TRIGGER fail_quanshan')
    expect(await library.importPaths([join(dir, 'folder/b-sample.txt')])).toMatchObject({
      documents: 1,
      reports: 9,
    })
    expect(library.search('1.6亿元', { limit: 0 }).hits.map((h) => h.district)).toEqual(['睢宁'])
    // The two small files' reports, and the sample's nine reports, lead and closing.
    expect(count('SELECT count(*) AS n FROM report_fts')).toBe(2 + 11)
    expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('rolls back a file whose full-text index insert fails', async () => {
    await library.importPaths([write('first.txt', '邳州\n开门红\n1月27日，邳州召开市委工作例会。\n')])
    const before = snapshot()
    // Break the per-character index: the document, its sections and report_fts rows go in first.
    library.db.exec('ALTER TABLE report_chars RENAME TO report_chars_away')
    const summary = await library.importPaths([SAMPLE])
    expect(summary.documents).toBe(0)
    expect(summary.failed).toHaveLength(1)
    expect(summary.failed[0]).toMatchObject({ path: SAMPLE, code: 'INTERNAL' })
    library.db.exec('ALTER TABLE report_chars_away RENAME TO report_chars')
    expect(snapshot()).toEqual(before)
    expect(await library.importPaths([SAMPLE])).toMatchObject({ documents: 1, reports: 9, failed: [] })
    expect(library.search('招商', { limit: 0 }).total).toBe(4)
  })

  it('leaves a library that fails every file exactly as it was', async () => {
    await library.importPaths([SAMPLE])
    const before = snapshot()
    library.db.exec(
      `CREATE TRIGGER no_documents BEFORE INSERT ON documents BEGIN SELECT RAISE(ABORT, 'no'); END`
    )
    const summary = await library.importPaths([
      write('x.txt', '睢宁\n签约\n1月26日，签约。\n'),
      write('y.md', '# 邳州\n\n开工。\n'),
    ])
    expect(summary.failed.map((f) => f.code)).toEqual(['INTERNAL', 'INTERNAL'])
    expect(snapshot()).toEqual(before)
  })
})

describe('bad files among good ones', () => {
  it('imports the good files and lists each failure with its path, code and sentence', async () => {
    const folder = join(dir, 'mixed')
    write('mixed/1-good.txt', '睢宁\n签约仪式\n1月26日，睢宁县庆安镇签约。\n')
    write(
      'mixed/2-picture.txt',
      Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(300)])
    )
    write('mixed/3-empty.txt', '')
    write('mixed/4-blank.md', ' \n\n\t\n')
    write('mixed/5-latin1.txt', Buffer.from('Caf\xe9 cr\xe8me d\xe9j\xe0 vu \xfcber '.repeat(8), 'latin1'))
    write('mixed/6-good.md', '# 新沂\n\n快马再加鞭\n\n1月27日，新沂召开招商引资项目建设誓师大会。\n')
    const summary = await library.importPaths([folder])
    expect(summary.documents).toBe(2)
    expect(summary.reports).toBe(2)
    expect(summary.failed.map((f) => [f.path, f.code])).toEqual([
      [join(folder, '2-picture.txt'), 'NOT_TEXT'],
      [join(folder, '3-empty.txt'), 'EMPTY_FILE'],
      [join(folder, '4-blank.md'), 'EMPTY_FILE'],
      [join(folder, '5-latin1.txt'), 'ENCODING_UNKNOWN'],
    ])
    for (const f of summary.failed) {
      expect(f.message.startsWith(`${f.code}: `)).toBe(true)
      expect(f.message).not.toMatch(/\n|\bat .*\(|Error:/u)
    }
    expect(library.counts()).toMatchObject({ documents: 2, reports: 2 })
  })

  it('imports a failed file once its encoding is chosen', async () => {
    const file = write(
      'big5.txt',
      execFileSync('iconv', ['-f', 'UTF-8', '-t', 'BIG5'], { input: '新竹縣\n招商\n開發區建設。\n' })
    )
    const forced = await library.importPaths([file], { encoding: 'big5' })
    expect(forced.failed).toEqual([])
    expect(library.getReport(library.listReports()[0]!.id)).toMatchObject({ encoding: 'big5' })
  })

  it('reports a missing path without stopping the others', async () => {
    const good = write('good.txt', '铜山区\n锚定新目标\n1月27日下午，铜山召开区委常委会会议。\n')
    const missing = join(dir, 'nowhere.txt')
    const summary = await library.importPaths([missing, good])
    expect(summary.documents).toBe(1)
    expect(summary.failed).toEqual([
      { path: missing, code: 'NOT_FOUND', message: expect.stringMatching(/^NOT_FOUND: /u) },
    ])
  })
})

describe('encodings and refusals', () => {
  it('imports a GB18030 file and records its encoding', async () => {
    const text = '2023年2月1日\n睢宁\n招商引资再提速\n2月1日，睢宁县签约项目总投资1.6亿元。\n来源：睢宁发布\n'
    const bytes = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text })
    const file = write('睢宁报告.txt', bytes)
    expect((await library.importPaths([file])).failed).toEqual([])
    const [report] = library.listReports()
    expect(report).toMatchObject({ district: '睢宁', date: '2023-02-01', source: '睢宁发布', file })
    const detail = library.getReport(report!.id)
    expect(detail.encoding).toBe('gb18030')
    expect(detail.documentTitle).toBe('睢宁报告')
    expect(detail.text).toBe('招商引资再提速\n2月1日，睢宁县签约项目总投资1.6亿元。')
    expect(Buffer.compare(library.original(report!.documentId), bytes)).toBe(0)
    expect(library.search('1.6亿元').hits.map((h) => h.reportId)).toEqual([report!.id])
  })

  it('refuses a binary file and leaves the library unchanged', async () => {
    await library.importPaths([SAMPLE])
    const before = snapshot()
    const png = write(
      'photo.txt',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
    )
    const summary = await library.importPaths([png])
    expect(summary).toMatchObject({
      documents: 0,
      reports: 0,
      skipped: 0,
      failed: [{ path: png, code: 'NOT_TEXT', message: expect.stringContaining('photo.txt') }],
    })
    expect(snapshot()).toEqual(before)
  })
})

describe('a batch writes its search index entries at its end', () => {
  it('indexes only the last version of a file given twice in one import, and nothing of a report it dropped', async () => {
    const path = join(dir, 'twice.txt')
    const first = Buffer.from(
      '2023年\n睢宁\n旧闻甲乙\n1月2日，睢宁召开会议。\n邳州\n删去丙丁\n1月3日，邳州开工。\n'
    )
    const second = Buffer.from('2023年\n睢宁\n新闻戊己\n1月2日，睢宁召开会议。\n')
    const summary = await library.importSources([
      { path, name: 'twice.txt', read: () => first },
      { path, name: 'twice.txt', read: () => second },
    ])
    expect(summary.failed).toEqual([])
    expect(summary.files!.map((f) => f.outcome)).toEqual(['new', 'version'])
    expect(library.search('新闻戊己').total).toBe(1)
    expect(library.search('旧闻甲乙').total).toBe(0)
    // The dropped report's held entry was not written: no row of the index points at nothing.
    expect(library.search('删去丙丁').total).toBe(0)
    expect(count(`SELECT count(*) AS n FROM report_chars WHERE report_chars MATCH '丙'`)).toBe(0)
    expect(count(`SELECT count(*) AS n FROM report_fts WHERE report_fts MATCH '删去 OR 丙丁 OR 旧闻'`)).toBe(
      0
    )
    expect(count(`SELECT count(*) AS n FROM report_fts WHERE report_fts MATCH '新闻'`)).toBe(1)
  })
})
