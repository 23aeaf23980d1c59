/**
 * Each document's texts stored once, compressed: originals come back byte for byte (GB18030, a
 * BOM, a parsed format), a plain-text file's text is decoded rather than stored, report texts
 * follow corrections, and the library holds far less than three copies of the text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library, uploadedSources } from '../library'
import { correctReport } from './correct'
import { allSectionTexts, packTexts, readDocumentTexts, sectionText, unpackTexts } from './document-texts'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
let dir: string
let library: Library

/** The header of a packed row: how its parts are laid out. */
const headerOf = (packed: Buffer): { t: number | null; e?: string } => {
  const raw = brotliDecompressSync(packed)
  return JSON.parse(raw.subarray(4, 4 + raw.readUInt32LE(0)).toString('utf8')) as { t: number | null }
}

const packedOf = (documentId: number): Buffer =>
  library.db
    .prepare<[number], { packed: Buffer }>('SELECT packed FROM document_texts WHERE document_id = ?')
    .get(documentId)!.packed

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-texts-'))
  library = new Library(join(dir, 'data'))
})
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('packed texts', () => {
  it('give back every part exactly, whatever the encoding', () => {
    const gb = Buffer.from([0xee, 0xa1, 0xc4, 0xfe, 0x0a, 0xd5, 0xd0, 0xc9, 0xcc]) // 睢宁\n招商
    const cases = [
      {
        original: gb,
        text: '睢宁\n招商',
        sections: ['睢宁', '招商'],
        decoding: { encoding: 'gb18030', bomLength: 0 },
      },
      {
        original: Buffer.from('\ufeff邳州 2.3版中\r\n', 'utf8'),
        text: '邳州 2.3版中\r\n',
        sections: ['邳州 2.3版中'],
        decoding: { encoding: 'utf-8', bomLength: 3 },
      },
      { original: Buffer.from([0x50, 0x4b, 3, 4, 0, 0xff]), text: '新沂', sections: [], decoding: null },
      { original: Buffer.alloc(0), text: '', sections: ['', ''], decoding: null },
    ]
    for (const { decoding, ...texts } of cases) {
      const packed = packTexts(texts, decoding)
      expect(unpackTexts(packed)).toEqual(texts)
      // The text is left out exactly when decoding the original gives it back.
      expect(headerOf(packed).t === null).toBe(decoding !== null)
    }
    // A text that decoding would not give back (the parser changed it) is stored.
    const changed = { original: Buffer.from('睢宁'), text: '睢宁县', sections: [] }
    const packed = packTexts(changed, { encoding: 'utf-8', bomLength: 0 })
    expect(headerOf(packed).t).toBe(Buffer.byteLength('睢宁县'))
    expect(unpackTexts(packed)).toEqual(changed)
  })
})

describe('a library stores each text once', () => {
  it('keeps the original byte for byte and the report texts as split, in far less than three copies', async () => {
    const sample = readFileSync(SAMPLE)
    const summary = await library.importPaths([SAMPLE])
    const id = summary.files![0]!.documentId
    const stored = readDocumentTexts(library.db, id)!
    expect(stored.original.equals(sample)).toBe(true)
    expect(stored.text).toBe(sample.toString('utf8'))
    expect(headerOf(packedOf(id)).t).toBeNull()
    const reports = library.listReports()
    for (const r of reports) expect(sectionText(library.db, r.id)).toBe(library.getReport(r.id).text)
    const sections = allSectionTexts(library.db)
    const copies = sample.length + sections.reduce((n, s) => n + Buffer.byteLength(s.text), 0)
    expect(packedOf(id).length).toBeLessThan(copies / 3)
    expect(reports.some((r) => library.getReport(r.id).text.includes('睢宁'))).toBe(true)
  })

  it('keeps a GB18030 file byte for byte, with its decoded text stored not at all', async () => {
    const text = readFileSync(SAMPLE, 'utf8').replace(/睢宁/gu, '睢宁县').replace('招商', '招商1.6亿元')
    const gb = iconv.encode(text, 'gb18030')
    const summary = await library.importSources(
      uploadedSources([{ name: 'gb.txt', dataBase64: gb.toString('base64') }])
    )
    const id = summary.files![0]!.documentId
    expect(library.original(id).equals(gb)).toBe(true)
    expect(readDocumentTexts(library.db, id)!.text).toBe(text)
    expect(headerOf(packedOf(id))).toMatchObject({ t: null, e: 'gb18030' })
    const hits = library.search('招商1.6亿元').hits.filter((h) => h.documentId === id)
    expect(hits).toHaveLength(1)
    expect(
      library
        .search('睢宁县', { limit: 100 })
        .hits.some((h) => h.documentId === id && h.district?.startsWith('睢宁'))
    ).toBe(true)
  })

  it('follows a correction: the report texts change, the original stays', async () => {
    const report = library.listReports().find((r) => r.district === '睢宁' && r.documentId === 1)!
    const before = readDocumentTexts(library.db, report.documentId)!
    correctReport(library.db, report.id, { district: '邳州' })
    const after = readDocumentTexts(library.db, report.documentId)!
    expect(after.original.equals(before.original)).toBe(true)
    expect(after.sections).toEqual(before.sections)
    expect(library.getReport(report.id).district).toBe('邳州')
    expect(sectionText(library.db, report.id)).toBe(library.getReport(report.id).text)
  })
})
