import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { reanchor, selectorsFor } from './anchor'

const TEXT =
  '1月26日上午，在睢宁县庆安镇政府，佰斯拓工业风机研发制造项目成功签约！项目总投资1.6亿元。项目建成后，项目年产值可观。'

function anchorAfterEdit(original: string, edited: string, start: number, end: number) {
  return reanchor(edited, selectorsFor(original, start, end))
}

describe('re-anchoring after edits', () => {
  const start = TEXT.indexOf('佰斯拓工业风机研发制造项目')
  const end = start + '佰斯拓工业风机研发制造项目'.length

  it('keeps the position when nothing changed', () => {
    expect(anchorAfterEdit(TEXT, TEXT, start, end)).toEqual({ start, end, how: 'position' })
  })

  it('follows the quote when text is inserted before it', () => {
    const edited = '【新导语】' + TEXT
    const anchor = anchorAfterEdit(TEXT, edited, start, end)
    expect(anchor?.how).toBe('quote')
    expect(edited.slice(anchor!.start, anchor!.end)).toBe('佰斯拓工业风机研发制造项目')
  })

  it('is unaffected by edits after the passage', () => {
    const edited = TEXT.replace('年产值可观', '年产值超过十亿元')
    expect(anchorAfterEdit(TEXT, edited, start, end)).toEqual({ start, end, how: 'position' })
  })

  it('finds a passage edited inside by fuzzy matching', () => {
    const edited = TEXT.replace('工业风机', '工业鼓风机')
    const anchor = anchorAfterEdit(TEXT, edited, start, end)
    expect(anchor?.how).toBe('fuzzy')
    expect(edited.slice(anchor!.start, anchor!.end)).toContain('佰斯拓工业鼓风机')
  })

  it('chooses among repeated phrases by context', () => {
    const second = TEXT.lastIndexOf('项目')
    const edited = '项目' + TEXT
    const anchor = anchorAfterEdit(TEXT, edited, second, second + 2)
    expect(anchor?.start).toBe(second + 2)
  })

  it('gives up on a deleted passage instead of guessing', () => {
    const edited = TEXT.replace('佰斯拓工业风机研发制造项目成功签约！', '')
    expect(anchorAfterEdit(TEXT, edited, start, end)).toBeNull()
  })
})

describe('property: re-anchoring is total and honest', () => {
  it('either places the quote where its text now is (or close), or returns null, never throws', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'招商引资项目睢宁县开发区亿元，。'),
          minLength: 5,
          maxLength: 60,
        }),
        fc.nat(),
        fc.nat(),
        fc.string({ unit: fc.constantFrom(...'新增改动'), maxLength: 6 }),
        fc.nat(),
        (text, a, b, insert, at) => {
          const start = a % text.length
          const end = start + 1 + (b % (text.length - start))
          const cut = at % (text.length + 1)
          const edited = text.slice(0, cut) + insert + text.slice(cut)
          const anchor = reanchor(edited, selectorsFor(text, start, end))
          if (anchor === null) return true
          expect(anchor.start).toBeGreaterThanOrEqual(0)
          expect(anchor.end).toBeLessThanOrEqual(edited.length)
          if (anchor.how !== 'fuzzy')
            expect(edited.slice(anchor.start, anchor.end)).toBe(text.slice(start, end))
          return true
        }
      ),
      { numRuns: 300 }
    )
  })
})
