/**
 * Characters a PDF font draws with a glyph it shares with other code points come back as those
 * code points (胶 as 㬵, 虎 as ⻁, 户 as 戶): the extractor reads them as the characters they show.
 * Every character of GB 2312 printed to PDF by Chromium in Noto Sans and Noto Serif CJK SC (the
 * fonts a Linux desktop prints Chinese with) reads back as itself, and a roundup's 胶州市 keeps its
 * district and is found.
 */
import { existsSync } from 'node:fs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { CHROMIUM, pdfFromHtml } from '../../test-support/documents'
import { extractPdf } from './pdf'
import { simplifiedHu, unifyRadicals } from './radicals'

/** The 6,763 Han characters of GB 2312, in code order. */
function gb2312Han(): string[] {
  const out: string[] = []
  for (let hi = 0xb0; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = iconv.decode(Buffer.from([hi, lo]), 'gb2312')
      if (/^\p{Script=Han}$/u.test(ch)) out.push(ch)
    }
  return out
}

describe('characters drawn with a shared glyph', () => {
  it('become the characters they show', () => {
    expect(unifyRadicals('⻁丘区、㬵州市、⺅、⻐、⺡、海⻔区、⽉')).toBe(
      '虎丘区、胶州市、亻、钅、氵、海门区、月'
    )
    // 户 in a simplified document, 戶 in a traditional one.
    expect(simplifiedHu('全区新增用戶3200戶，这个县')).toBe('全区新增用户3200户，这个县')
    expect(simplifiedHu('全區新增用戶3200戶，這個縣')).toBe('全區新增用戶3200戶，這個縣')
  })

  it('GB 2312 has its 6,763 characters', () => {
    expect(gb2312Han()).toHaveLength(6763)
  })

  for (const font of ["'Noto Sans CJK SC'", "'Noto Serif CJK SC'"])
    it.skipIf(!existsSync(CHROMIUM))(
      `every GB 2312 character printed in ${font} reads back as itself`,
      async () => {
        const chars = gb2312Han()
        const lines: string[] = []
        for (let i = 0; i < chars.length; i += 40) lines.push(chars.slice(i, i + 40).join(''))
        const pdf = await pdfFromHtml(lines.map((l) => `<p>${l}</p>`).join(''), font)
        const { text } = await extractPdf(new Uint8Array(pdf), 'gb2312.pdf')
        const got = [...text.replace(/\s/gu, '')]
        const wrong = chars.flatMap((ch, i) => (got[i] === ch ? [] : [`${ch}→${got[i] ?? ''}`]))
        expect(got).toHaveLength(chars.length)
        expect(wrong).toEqual([])
      },
      60_000
    )
})
