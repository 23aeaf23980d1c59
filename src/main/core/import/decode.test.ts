/**
 * Decoding real bytes: fixtures are made at test time by the system `iconv`, so they are the bytes
 * other tools write, not what our own decoder would round-trip.
 */
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { CodedError } from '../../../shared/result'
import { decodeBytes, previewEncodings, textBadness, type DecodedText } from './decode'

const iconv = (to: string, text: string): Buffer =>
  execFileSync('iconv', ['-f', 'UTF-8', '-t', to], { input: text })

const SIMPLIFIED =
  '睢宁\n总投资1.6亿元\n大项目落户睢宁县庆安镇\n1月26日上午，在睢宁县庆安镇政府，佰斯拓工业风机研发制造项目成功签约！\n'
const TRADITIONAL = '開發區建設，總投資一點六億元。\n新竹縣招商引資持續推進，簽約項目共十二個。\n'
const MIXED = 'Debian 系统 1.6亿元 COVID疫情 19 个可\n徐州发布：“开门红”\n'

const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf])
const BOM_LE = Buffer.from([0xff, 0xfe])
const BOM_BE = Buffer.from([0xfe, 0xff])

function decodeError(
  bytes: Uint8Array,
  name = 'file.txt',
  forced?: Parameters<typeof decodeBytes>[2]
): CodedError {
  try {
    decodeBytes(bytes, name, forced)
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError)
    return err as CodedError
  }
  throw new Error(`${name} decoded without an error`)
}

const expectDecoded = (got: DecodedText, text: string, encoding: string, bomLength = 0): void =>
  expect(got).toEqual({ text, encoding, bomLength })

describe('legacy Chinese encodings', () => {
  it('reads GB18030 simplified text', () => {
    const bytes = iconv('GB18030', SIMPLIFIED)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow()
    expectDecoded(decodeBytes(bytes, 'gb.txt'), SIMPLIFIED, 'gb18030')
    expectDecoded(decodeBytes(iconv('GB18030', MIXED), 'gb.txt'), MIXED, 'gb18030')
  })

  it('reads GB18030 with its four-byte mark and characters outside GBK', () => {
    const rare = '𠀀𪚥 是 GB18030 四字节字符；睢宁县招商引资项目签约。\n'
    const bytes = Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), iconv('GB18030', rare)])
    expectDecoded(decodeBytes(bytes, 'gb.txt'), rare, 'gb18030', 4)
  })

  it('reads Big5 traditional text', () => {
    const bytes = iconv('BIG5', TRADITIONAL)
    expectDecoded(decodeBytes(bytes, 'big5.txt'), TRADITIONAL, 'big5')
    expectDecoded(decodeBytes(iconv('BIG5', TRADITIONAL.repeat(20)), 'b.txt'), TRADITIONAL.repeat(20), 'big5')
  })

  it('tells GB18030 from Big5 on a whole sample-sized text', () => {
    const long = SIMPLIFIED.repeat(30)
    expect(decodeBytes(iconv('GB18030', long), 'a.txt').encoding).toBe('gb18030')
    expect(decodeBytes(iconv('BIG5', TRADITIONAL.repeat(30)), 'b.txt').encoding).toBe('big5')
  })
})

describe('UTF-16 and UTF-8', () => {
  it('reads UTF-16LE and UTF-16BE with a byte-order mark', () => {
    expectDecoded(
      decodeBytes(Buffer.concat([BOM_LE, iconv('UTF-16LE', SIMPLIFIED)]), 'le.txt'),
      SIMPLIFIED,
      'utf-16le',
      2
    )
    expectDecoded(
      decodeBytes(Buffer.concat([BOM_BE, iconv('UTF-16BE', SIMPLIFIED)]), 'be.txt'),
      SIMPLIFIED,
      'utf-16be',
      2
    )
    // iconv's plain UTF-16 writes its own mark.
    const own = iconv('UTF-16', MIXED)
    const got = decodeBytes(own, 'u16.txt')
    expect(got.text).toBe(MIXED)
    expect(got.bomLength).toBe(2)
  })

  it('reads UTF-16LE and UTF-16BE without a byte-order mark', () => {
    for (const text of [SIMPLIFIED, MIXED, TRADITIONAL]) {
      expectDecoded(decodeBytes(iconv('UTF-16LE', text), 'le.txt'), text, 'utf-16le')
      expectDecoded(decodeBytes(iconv('UTF-16BE', text), 'be.txt'), text, 'utf-16be')
    }
  })

  it('reads UTF-16 without a mark even when its bytes are also valid UTF-8', () => {
    // ASCII and many CJK code units (年 = 5E 74) are valid UTF-8 bytes, with NULs between them.
    for (const text of [
      'Xuzhou district news 2023\nPeixian: investment 1.6 billion yuan\n',
      '年会\n',
      '2023年\n',
    ]) {
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(iconv('UTF-16LE', text))).not.toThrow()
      expectDecoded(decodeBytes(iconv('UTF-16LE', text), 'le.txt'), text, 'utf-16le')
      expectDecoded(decodeBytes(iconv('UTF-16BE', text), 'be.txt'), text, 'utf-16be')
    }
  })

  it('reads UTF-8 with and without a byte-order mark, keeping the mark out of the text', () => {
    expectDecoded(decodeBytes(Buffer.from(SIMPLIFIED), 'a.txt'), SIMPLIFIED, 'utf-8')
    const withBom = decodeBytes(Buffer.concat([BOM_UTF8, Buffer.from(SIMPLIFIED)]), 'bom.txt')
    expectDecoded(withBom, SIMPLIFIED, 'utf-8', 3)
    expect(withBom.text.charCodeAt(0)).not.toBe(0xfeff)
    const crlf = SIMPLIFIED.replace(/\n/gu, '\r\n')
    expect(decodeBytes(Buffer.from(crlf), 'crlf.txt').text).toBe(crlf)
  })
})

describe('refusals', () => {
  it('refuses an empty file', () => {
    const err = decodeError(new Uint8Array(), '空.txt')
    expect(err.code).toBe('EMPTY_FILE')
    expect(err.message).toMatch(/^EMPTY_FILE: .*空\.txt/u)
  })

  it('refuses binary data as NOT_TEXT', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      Buffer.alloc(512),
    ])
    const err = decodeError(png, 'picture.txt')
    expect(err.code).toBe('NOT_TEXT')
    expect(err.message).toMatch(/^NOT_TEXT: picture\.txt /u)
    expect(decodeError(Buffer.from('睢宁\0\0\0招商引资\0'), 'nul.txt').code).toBe('NOT_TEXT')
    expect(decodeError(Buffer.concat([BOM_UTF8, Buffer.alloc(64)]), 'bom-nul.txt').code).toBe('NOT_TEXT')
    const gzip = Buffer.from([
      0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04,
    ])
    expect(decodeError(gzip, 'archive.txt').code).toBe('NOT_TEXT')
  })

  it('refuses text in an encoding it does not know, naming the encodings it can use', () => {
    const latin1 = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'ISO-8859-1'], {
      input: 'Café crème, déjà vu. Über straße. '.repeat(4),
    })
    const err = decodeError(latin1, 'latin.txt')
    expect(err.code).toBe('ENCODING_UNKNOWN')
    expect(err.message).toMatch(/^ENCODING_UNKNOWN: .*latin\.txt.*gb18030/u)
  })

  it('answers random bytes with text or a coded error, never anything else (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4000 }), (bytes) => {
        try {
          const got = decodeBytes(bytes, 'random.txt')
          expect(got.text).not.toContain('\u0000')
          expect(textBadness(got.text).controls).toBeLessThanOrEqual(Math.max(2, got.text.length * 0.001))
        } catch (err) {
          expect(err).toBeInstanceOf(CodedError)
          expect(['NOT_TEXT', 'ENCODING_UNKNOWN']).toContain((err as CodedError).code)
        }
      }),
      { numRuns: 300 }
    )
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))
    expect(['NOT_TEXT', 'ENCODING_UNKNOWN']).toContain(decodeError(noise).code)
  })
})

describe('a chosen encoding', () => {
  it('decodes with the encoding the user chose', () => {
    const gb = iconv('GB18030', SIMPLIFIED)
    expectDecoded(decodeBytes(gb, 'gb.txt', 'gb18030'), SIMPLIFIED, 'gb18030')
    expectDecoded(decodeBytes(iconv('BIG5', TRADITIONAL), 'b.txt', 'big5'), TRADITIONAL, 'big5')
    expectDecoded(decodeBytes(iconv('UTF-16BE', MIXED), 'be.txt', 'utf-16be'), MIXED, 'utf-16be')
  })

  it('strips a mark that belongs to the chosen encoding and only that', () => {
    const le = Buffer.concat([BOM_LE, iconv('UTF-16LE', SIMPLIFIED)])
    expectDecoded(decodeBytes(le, 'le.txt', 'utf-16le'), SIMPLIFIED, 'utf-16le', 2)
    const utf8 = Buffer.concat([BOM_UTF8, Buffer.from(SIMPLIFIED)])
    expectDecoded(decodeBytes(utf8, 'u8.txt', 'utf-8'), SIMPLIFIED, 'utf-8', 3)
  })

  it('refuses a chosen encoding the bytes do not read as', () => {
    const gb = iconv('GB18030', SIMPLIFIED.repeat(3))
    const err = decodeError(gb, 'gb.txt', 'utf-8')
    expect(err.code).toBe('ENCODING_UNKNOWN')
    expect(err.message).toMatch(/^ENCODING_UNKNOWN: gb\.txt does not read as utf-8/u)
    expect(decodeError(iconv('BIG5', TRADITIONAL.repeat(3)), 'b.txt', 'utf-8').code).toBe('ENCODING_UNKNOWN')
    expect(decodeError(new Uint8Array(), 'e.txt', 'gb18030').code).toBe('EMPTY_FILE')
    expect(decodeError(Buffer.alloc(100), 'z.txt', 'gb18030').code).toBe('NOT_TEXT')
  })
})

describe('encoding previews', () => {
  it('marks the encodings that read a file cleanly', () => {
    const preview = previewEncodings(iconv('GB18030', SIMPLIFIED))
    const gb = preview.find((p) => p.encoding === 'gb18030')!
    expect(gb.readable).toBe(true)
    expect(gb.preview).toBe(SIMPLIFIED)
    expect(preview.find((p) => p.encoding === 'utf-8')!.readable).toBe(false)
    expect(
      previewEncodings(Buffer.alloc(32)).every((p) => !p.readable || p.encoding.startsWith('utf-16'))
    ).toBe(true)
  })

  it('scores replacement, private-use and control characters as bad', () => {
    expect(textBadness('睢宁县招商引资')).toEqual({ score: 0, controls: 0 })
    expect(textBadness('ab\ufffd\ue000').score).toBe(0.5)
    expect(textBadness('a\u0001b\u0085').controls).toBe(2)
    expect(textBadness('\ud800x').score).toBe(0.5)
    expect(textBadness('𠀀').score).toBe(0)
  })
})
