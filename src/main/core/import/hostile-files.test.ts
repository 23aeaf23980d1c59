/** Hostile files: each gives a clear error or a correct import, and the library is never damaged. */
import fc from 'fast-check'
import { execFileSync, spawn } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  ftruncateSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library, uploadedSources } from '../library'
import { MAX_PDF_PAGES } from './extract/pdf'
import { makePdf, makeZip } from './fixtures/hostile-documents'
import { readDocumentTexts } from './document-texts'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-hostile-'))
  library = new Library(join(dir, 'data'))
  await library.importPaths([SAMPLE])
})
afterEach(async () => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

function unchanged(): void {
  expect(library.counts()).toMatchObject({ documents: 1, reports: 9 })
  expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok')
}

async function importOne(name: string, bytes: Buffer | Uint8Array) {
  const file = join(dir, name)
  writeFileSync(file, bytes)
  return library.importPaths([file])
}

it('refuses empty, binary and NUL-laden files with codes and sentences', async () => {
  expect((await importOne('empty.txt', Buffer.alloc(0))).failed[0]).toMatchObject({ code: 'EMPTY_FILE' })
  expect((await importOne('blank.txt', Buffer.from('   \n\n  '))).failed[0]).toMatchObject({
    code: 'EMPTY_FILE',
  })
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(2000, 7),
  ])
  expect((await importOne('photo.txt', png)).failed[0]).toMatchObject({ code: 'NOT_TEXT' })
  expect((await importOne('nul.txt', Buffer.from('睢宁\0\0\0招商引资\0'))).failed[0]).toMatchObject({
    code: 'NOT_TEXT',
  })
  for (const n of ['empty', 'blank', 'photo', 'nul'])
    expect((await importOne(`${n}.txt`, Buffer.alloc(0))).failed[0]!.message).toMatch(/^[A-Z_]+: /u)
  unchanged()
})

it('refuses a file larger than the limit before reading it, and a 50 MB single line', async () => {
  const file = join(dir, 'huge.txt')
  const fd = openSync(file, 'w')
  ftruncateSync(fd, 200 * 1024 * 1024)
  closeSync(fd)
  expect((await library.importPaths([file])).failed[0]).toMatchObject({ code: 'FILE_TOO_LARGE' })
  writeFileSync(join(dir, 'line.txt'), '招商'.repeat(9 * 1024 * 1024))
  expect((await library.importPaths([join(dir, 'line.txt')])).failed[0]).toMatchObject({
    code: 'FILE_TOO_LARGE',
  })
  unchanged()
})

it('imports GB18030, Big5 and UTF-16 text made by iconv, and reads a mixed file without damage', async () => {
  const simplified = '2023年\n睢宁\n招商引资\n1月26日，签约项目总投资1.6亿元。\n'
  const traditional = '2023年\n新竹縣\n招商引資\n1月26日，開發區簽約項目總投資1.6億元。\n'
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: simplified })
  const big5 = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'BIG5'], { input: traditional })
  const utf16 = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'UTF-16LE'], {
    input: '邳州\n一季度开门红\n1月27日，开局就是决战。\n',
  })
  const bom16 = Buffer.concat([
    Buffer.from([0xfe, 0xff]),
    execFileSync('iconv', ['-f', 'UTF-8', '-t', 'UTF-16BE'], {
      input: '新沂\n快马再加鞭\n1月27日，召开大会。\n',
    }),
  ])
  const before = library.search('开局就是决战').total
  const summary = await library.importSources(
    uploadedSources(
      [
        ['gb.txt', gb],
        ['big5.txt', big5],
        ['utf16.txt', utf16],
        ['bom16.txt', bom16],
      ].map(([name, bytes]) => ({ name: name as string, dataBase64: (bytes as Buffer).toString('base64') }))
    )
  )
  expect(summary.failed).toEqual([])
  expect(summary.documents).toBe(4)
  expect(library.search('1.6亿元').total).toBe(3)
  expect(library.search('开发区 签约').total).toBe(1)
  expect(library.search('开局就是决战').total).toBe(before + 1)
  expect(library.search('快马再加鞭').total).toBe(2)
  const mixed = Buffer.concat([gb, Buffer.from('徐州发布 UTF-8 部分\n')])
  const result = await importOne('mixed.txt', mixed)
  expect(result.documents + result.failed.length).toBe(1)
  expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok')
})

it('skips FIFOs and survives symlink loops in an imported folder', async () => {
  const folder = join(dir, 'folder')
  mkdirSync(join(folder, 'sub'), { recursive: true })
  writeFileSync(
    join(folder, 'sub', '铜山.txt'),
    '铜山区\n锚定新目标\n1月27日下午，铜山召开区委常委会会议。\n'
  )
  symlinkSync(folder, join(folder, 'sub', 'loop'))
  execFileSync('mkfifo', [join(folder, 'pipe.txt')])
  const summary = await library.importPaths([folder])
  expect(summary).toMatchObject({ documents: 1, reports: 1, failed: [] })
  const explicit = await library.importPaths([join(folder, 'pipe.txt')])
  expect(explicit.failed[0]).toMatchObject({ code: 'UNSUPPORTED_TYPE' })
})

it('never throws on random bytes and never damages the library (property)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 3000 }),
      fc.constantFrom('a.txt', 'b.md', 'c.html', 'd.docx', 'e.pdf'),
      async (bytes, name) => {
        const summary = await library.importSources(
          uploadedSources([{ name, dataBase64: Buffer.from(bytes).toString('base64') }])
        )
        expect(summary.documents + summary.skipped + summary.failed.length).toBe(1)
        for (const f of summary.failed) expect(f.code).not.toBe('INTERNAL')
      }
    ),
    { numRuns: 150 }
  )
  expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok')
})

it('imports a file that grows while it is read as it was when opened, never half of it', async () => {
  const file = join(dir, '滚动新闻.txt')
  writeFileSync(file, '2023年\n睢宁\n滚动新闻\n')
  const writer = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs'); const end = Date.now() + 1500; let n = 0;
       while (Date.now() < end) fs.appendFileSync(${JSON.stringify(file)}, (n++) + '月1日，睢宁县滚动更新第' + n + '条。\\n')`,
    ],
    { stdio: 'ignore' }
  )
  const exited = new Promise((resolve) => writer.on('exit', resolve))
  let imports = 0
  while (writer.exitCode === null && imports < 200) {
    const summary = await library.importPaths([file])
    for (const f of summary.failed) expect(f.code).not.toBe('INTERNAL')
    imports++
    await new Promise((r) => setTimeout(r, 5))
  }
  await exited
  expect(imports).toBeGreaterThan(1)
  expect(library.counts().documents).toBe(2)
  const [doc] = library.db
    .prepare<[string], { id: number }>('SELECT id FROM documents WHERE path = ?')
    .all(file)
  const stored = readDocumentTexts(library.db, doc!.id)!
  expect(stored.text).toBe(stored.original.toString('utf8'))
  expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok')
})

describe('hostile .docx, .pdf and HTML files', () => {
  const codeOf = async (name: string, bytes: Buffer) => (await importOne(name, bytes)).failed[0]

  it('refuses a .docx that would unpack past the limit (a zip bomb) before inflating it', async () => {
    const bomb = makeZip([
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
      { name: 'word/media/zeros.bin', data: Buffer.alloc(160 * 1024 * 1024) },
    ])
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const failure = await codeOf('bomb.docx', bomb)
    expect(failure).toMatchObject({ code: 'FILE_TOO_LARGE' })
    expect(failure!.message).toMatch(/^FILE_TOO_LARGE: bomb\.docx would unpack to 160 MB/u)
    unchanged()
  })

  it('refuses a damaged or fake .docx with one sentence', async () => {
    for (const [name, bytes] of [
      ['random.docx', Buffer.from('这不是一个Word文档，只是改了扩展名的文本。')],
      ['no-body.docx', makeZip([{ name: 'hello.txt', data: Buffer.from('hi') }])],
      ['cut.docx', makeZip([{ name: 'word/document.xml', data: Buffer.alloc(5000, 60) }]).subarray(0, 300)],
    ] as const) {
      const failure = await codeOf(name, Buffer.from(bytes))
      expect(failure?.code, name).toBe('DOCUMENT_DAMAGED')
      expect(failure?.message, name).toMatch(
        new RegExp(`^DOCUMENT_DAMAGED: ${name.replace('.', '\\.')} `, 'u')
      )
    }
    unchanged()
  })

  it('refuses a scan without a text layer, a password-protected PDF and one of thousands of pages', async () => {
    expect(await codeOf('scan.pdf', makePdf(2))).toMatchObject({ code: 'PDF_NO_TEXT' })
    expect(await codeOf('locked.pdf', makePdf(1, { encrypt: true, text: 'secret' }))).toMatchObject({
      code: 'PDF_ENCRYPTED',
    })
    expect(await codeOf('yearbook.pdf', makePdf(MAX_PDF_PAGES + 1))).toMatchObject({ code: 'PDF_TOO_LONG' })
    unchanged()
  })

  it('refuses a damaged PDF and reads a truncated one only as far as it goes, never with INTERNAL', async () => {
    expect(await codeOf('junk.pdf', Buffer.from('%PDF-1.4\n这不是PDF'))).toMatchObject({
      code: 'DOCUMENT_DAMAGED',
    })
    const whole = makePdf(3, { text: 'Zhenjiang 2024' })
    const cut = await importOne('cut.pdf', whole.subarray(0, Math.floor(whole.length * 0.6)))
    for (const f of cut.failed) expect(f.code).not.toBe('INTERNAL')
    expect(library.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('imports a page of megabytes of scripts quickly, keeping only its article', async () => {
    const script = `<script>var x = "${'招商引资'.repeat(600_000)}";</script>`
    const page = `<html><head>${script}</head><body>${script}<h3>睢宁</h3><p>2023年1月26日，睢宁县庆安镇签约一个项目。</p>${script}</body></html>`
    const started = Date.now()
    const summary = await importOne('scripts.html', Buffer.from(page))
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(summary.documents).toBe(1)
    const added = library.listReports().find((r) => r.file.endsWith('scripts.html'))!
    expect(library.getReport(added.id).text).toBe('2023年1月26日，睢宁县庆安镇签约一个项目。')
  })
})
