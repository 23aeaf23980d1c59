import fc from 'fast-check'
/** The text check's normalised containment, and its preimage table built a step at a time. */
import { describe, expect, it, vi } from 'vitest'

const load = async () => {
  vi.resetModules()
  return import('./normalize')
}

// Needles are normalised, as the search makes them (， is NFKC's ,).
const CASES: [string, string][] = [
  ['在Unix系统，可以', 'unix系统,'],
  ['在UNIX系統，可以', 'unix系统,'],
  ['全角ＵＮＩＸ系统', 'unix系统'],
  ['軟件包管理', '软件包'],
  ['沒有這個詞', '软件包'],
  ['unix 系统', 'unix系统'],
  ['', 'a'],
]

/** Characters that normalisation folds, widens or drops, beside their plain forms, and one of two units (𝐚 is a). */
const FOLDED = [
  '（',
  '(',
  '1',
  '１',
  '中',
  '國',
  '国',
  '，',
  ',',
  'ﬁ',
  'f',
  'i',
  'Ａ',
  'a',
  '㈠',
  '一',
  '妳',
  '你',
  ' ',
  '\u200b',
  '𝐚',
]

describe('containsNormalized', () => {
  it('answers as normalising the whole text would, with the table built at once', async () => {
    const { containsNormalized, normalizeForSearch } = await load()
    for (const [text, needle] of CASES)
      expect(containsNormalized(text, needle), `${text} ∋ ${needle}`).toBe(
        normalizeForSearch(text).includes(needle)
      )
    expect(containsNormalized('在UNIX系統，可以', 'unix系统,')).toBe(true)
    expect(containsNormalized('沒有這個詞', '软件包')).toBe(false)
  })

  it('finds a needle from its Han character or letter, wherever that stands in it', async () => {
    const { containsNormalized, normalizeForSearch } = await load()
    const alphabet = FOLDED
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(...alphabet),
        (chars, at, len, swap) => {
          const text = chars.join('')
          const norm = normalizeForSearch(text)
          const start = at % Math.max(1, norm.length)
          const found = norm.slice(start, start + len)
          // And a near miss: its last character changed.
          const missed = normalizeForSearch(found.slice(0, -1) + swap)
          for (const needle of [found, missed])
            if (needle !== '' && !/^[\udc00-\udfff]|[\ud800-\udbff]$/u.test(needle))
              expect(
                containsNormalized(text, needle),
                `${JSON.stringify(text)} ∋ ${JSON.stringify(needle)}`
              ).toBe(norm.includes(needle))
        }
      ),
      { numRuns: 2000 }
    )
  })

  it('builds its table in steps a reader can take between requests, with the same answers', async () => {
    const { buildPreimages, containsNormalized, normalizeForSearch } = await load()
    const steps: boolean[] = []
    for (let done = false; !done;) steps.push((done = buildPreimages(8192)))
    expect(steps).toEqual([false, false, false, false, false, false, false, true])
    // Complete: more steps read nothing more.
    expect(buildPreimages(8192)).toBe(true)
    for (const [text, needle] of CASES)
      expect(containsNormalized(text, needle)).toBe(normalizeForSearch(text).includes(needle))
  })

  it('completes a table left half built when a check needs it', async () => {
    const { buildPreimages, containsNormalized } = await load()
    expect(buildPreimages(0x4e00 + 100)).toBe(false)
    // 係 (U+4FC2) is past the part read: the check reads the rest first.
    expect(containsNormalized('關係統計', '系统')).toBe(true)
    expect(buildPreimages(1)).toBe(true)
  })
})

describe('findNormalized', () => {
  /** What it must equal: the whole text normalised with its offsets, every occurrence mapped back. */
  const reference = (
    m: Awaited<ReturnType<typeof load>>,
    text: string,
    needle: string,
    max: number
  ): [number, number][] => {
    const norm = m.normalizeWithOffsets(text)
    const out: [number, number][] = []
    for (let p = norm.text.indexOf(needle); p >= 0 && out.length < max; p = norm.text.indexOf(needle, p + 1))
      out.push(m.originalRange(norm, p, p + needle.length))
    return out
  }

  it('gives the ranges normalising the whole text gives, for folded, widened and expanded characters', async () => {
    const m = await load()
    m.buildPreimages()
    // And characters that become two (⁇ is ??) beside their plain forms.
    const alphabet = [...FOLDED, ')', '⁇', '?']
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 0, maxLength: 120 }),
        fc.nat(),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(...alphabet),
        fc.constantFrom(1, 3, 5000),
        (chars, at, len, swap, max) => {
          const text = chars.join('')
          const norm = m.normalizeForSearch(text)
          const start = at % Math.max(1, norm.length)
          const found = norm.slice(start, start + len)
          const missed = m.normalizeForSearch(found.slice(0, -1) + swap)
          for (const needle of [found, missed, m.normalizeForSearch(swap)])
            if (needle !== '' && !/^[\udc00-\udfff]|[\ud800-\udbff]$/u.test(needle))
              expect(
                m.findNormalized(text, needle, max),
                `${JSON.stringify(text)} ∋ ${JSON.stringify(needle)}`
              ).toEqual(reference(m, text, needle, max))
        }
      ),
      { numRuns: 3000 }
    )
  })

  it('finds a needle whose anchor stands in most of a long text (normalised whole), and in a report', async () => {
    const m = await load()
    const text = '國，'.repeat(200) + '招商引资1.6亿元，签约項目。'
    // Before a reader has built its preimage table, the text is normalised whole: same ranges,
    // and the table is not built for it.
    expect(m.findNormalized(text, '项目', 5000)).toEqual(reference(m, text, '项目', 5000))
    expect(m.buildPreimages(0)).toBe(false)
    m.buildPreimages()
    for (const needle of ['国,', '国', '项目', '1.6亿元,', '签约项'])
      expect(m.findNormalized(text, needle, 5000)).toEqual(reference(m, text, needle, 5000))
    expect(m.findNormalized(text, '国,', 3)).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ])
  })
})
