/**
 * The index's tokens and the plans over them, checked against brute force on texts made of a
 * small hostile alphabet (Han, Latin, digits, punctuation, spaces, a character outside the BMP),
 * so near misses such as `2.023` for `2023` or `c来` for `c”来` come up all the time: every plan
 * finds every text that contains its substring, and a plan that says it is exact finds no other.
 */
import fc from 'fast-check'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db/database'
import {
  allChars,
  distinctCjkChars,
  indexTokens,
  isBoundaryToken,
  planSubstring,
  withLeadingWord,
} from './tokens'

const ALPHABET = [
  '徐',
  '州',
  '来',
  '自',
  '这',
  '些',
  'a',
  'b',
  'c',
  'a',
  'b',
  '1',
  '2',
  '3',
  '.',
  '，',
  '”',
  ' ',
  '-',
  '𠀀',
]

function library(texts: readonly string[]): Database.Database {
  const db = new Database(':memory:')
  migrate(db)
  const fts = db.prepare('INSERT INTO report_fts (rowid, body) VALUES (?, ?)')
  const chars = db.prepare('INSERT INTO report_chars (rowid, chars) VALUES (?, ?)')
  texts.forEach((t, i) => {
    fts.run(i + 1, indexTokens(t))
    chars.run(i + 1, distinctCjkChars(t))
  })
  return db
}

/** The texts a plan's index parts select (the ids of `texts`), or null when it has none to give. */
/** The Latin words of the texts' index (what the planner looks up in the vocabulary). */
const vocabulary = (texts: readonly string[]): string[] => [
  ...new Set(
    texts
      .flatMap((t) => indexTokens(t).split(' '))
      .filter((w) => /^\p{L}+$/u.test(w) && !/\p{Script=Han}/u.test(w))
  ),
]

/** The plan's phrase as the planner sends it: after each word ending with a leading fragment. */
function phraseOf(texts: readonly string[], query: string): string | null {
  const plan = planSubstring(query)!
  if (!plan.phrase || !plan.leadingWord) return plan.phrase
  const words = vocabulary(texts).filter((w) => w.endsWith(plan.leadingWord!))
  return words.length === 0 ? '' : `(${words.map((w) => withLeadingWord(plan.phrase!, w)).join(' OR ')})`
}

function selected(db: Database.Database, texts: readonly string[], query: string): Set<number> | null {
  const plan = planSubstring(query)
  if (!plan || plan.fragment !== null || (plan.phrase === null && plan.chars.length === 0)) return null
  const sets: Set<number>[] = []
  const ids = (table: string, match: string): Set<number> =>
    new Set(
      db
        .prepare<[string], number>(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`)
        .pluck()
        .all(match)
        .map((id) => id - 1)
    )
  const phrase = phraseOf(texts, query)
  if (phrase === '') sets.push(new Set())
  else if (phrase) sets.push(ids('report_fts', phrase))
  if (plan.chars.length > 0) sets.push(ids('report_chars', allChars(plan.chars)))
  return sets.reduce((a, b) => new Set([...a].filter((x) => b.has(x))))
}

function check(db: Database.Database, texts: readonly string[], query: string): void {
  const got = selected(db, texts, query)
  if (got === null) return
  const expected = texts.flatMap((t, i) => (t.includes(query) ? [i] : []))
  for (const i of expected)
    expect(got.has(i), `${JSON.stringify(query)} misses ${JSON.stringify(texts[i])}`).toBe(true)
  const plan = planSubstring(query)!
  if (plan.leadingWord ? plan.exactWithWord : plan.exact)
    expect(
      [...got].sort((a, b) => a - b),
      `${JSON.stringify(query)} in ${JSON.stringify([...got].map((i) => texts[i]))}`
    ).toEqual(expected)
}

describe('boundary tokens', () => {
  it('make mixed queries one exact phrase', () => {
    for (const q of [
      'c”来',
      '2.3版中',
      's，这些',
      '2023年',
      '1.6亿元',
      '-19疫情',
      '，2023年',
      '招商3',
      // Han runs across punctuation, and punctuation at either end.
      '来，这些',
      '，次设备号是0',
      '功能爲止，需要',
      '統，',
    ])
      expect(planSubstring(q), q).toMatchObject({ exact: true, chars: [], leadingFragment: null })
    const quote = '”'.codePointAt(0)!.toString(32)
    expect(planSubstring('c”来')!.phrase).toBe(`"1${quote}xc" * + "2${quote}x来"`)
    const comma = '，'.codePointAt(0)!.toString(32)
    expect(planSubstring('来，这些')!.phrase).toBe(`"来 4${comma} 这些"`)
    // Before a leading gap there may be a Latin run (then L stands after the gap) or not.
    expect(planSubstring('，这些')!.phrase).toBe(`("2${comma}x这 这些" OR "4${comma} 这些")`)
    // A run of spaces is one token, and spaces alone none: a query with spaces is checked.
    expect(planSubstring('a b')).toMatchObject({ exact: false, phrase: '"b" *' })
    // A gap longer than 2 * GAP_ENDS keeps its ends: a query across its middle is checked, and
    // so is one that starts or ends with more than GAP_ENDS of it.
    expect(planSubstring('来，，，，，，，，，这')).toMatchObject({ exact: false })
    expect(planSubstring('，，，，，这些')).toMatchObject({ exact: false })
    expect(planSubstring('这些，，，，')).toMatchObject({ exact: true })
    // A lone Han character after a gap may begin a longer run: required, then checked.
    expect(planSubstring('功能爲止，需')).toMatchObject({ exact: false, chars: ['需'] })
    expect(planSubstring('unix系统，')).toMatchObject({ leadingWord: null, exact: true })
    // A leading Latin fragment of up to six letters is a prefix of the boundary token after it
    // (which spells a word's last six letters, reversed); a longer one may be the tail of any
    // word: exact once the words of the index that end with it are put in front of the phrase.
    expect(planSubstring('ian系统')).toMatchObject({
      exact: true,
      leadingWord: null,
      phrase: '"0系ynai" * + "系统"',
    })
    expect(planSubstring('mitation系统')).toMatchObject({
      exact: false,
      leadingFragment: null,
      leadingWord: 'mitation',
      exactWithWord: true,
    })
    expect(withLeadingWord(planSubstring('mitation系统')!.phrase!, 'limitation')).toBe(
      '"limitation 0系ynoitat 系统"'
    )
    // Up to six first letters are spelled by the boundary token before them: a prefix of it.
    expect(planSubstring('获得s')!.phrase).toBe('"获得 得 0得xs" *')
    expect(planSubstring('获得deb')!.phrase).toBe('"获得 得 0得xdeb" *')
    expect(planSubstring('获得debian')!.phrase).toBe('"获得 得 0得xdebian" *')
    expect(planSubstring('获得debians')!.phrase).toBe('"获得 得 0得xdebian debians" *')
    // A word after a gap is spelled by the L token before it (it was a list of every word
    // containing it, each of whose reports the text check read: 6.5 s for `。Debian` at 100k).
    expect(planSubstring('，gdp')).toMatchObject({ exact: true, fragment: null, phrase: `"2${comma}xgdp" *` })
    expect(planSubstring('（debian')).toMatchObject({ exact: true, fragment: null })
  })

  it('never look like a word of the text', () => {
    const tokens = indexTokens('Debian 12，共发布了2.3版；“COVID-19”疫情 𠀀a').split(' ')
    for (const t of tokens) {
      const word = /^[\p{L}]+$/u.test(t) || /^5?\p{Nd}{1,2}$/u.test(t) || /^\p{Script=Han}{1,2}$/u.test(t)
      expect(word !== isBoundaryToken(t), t).toBe(true)
    }
    expect(tokens.filter(isBoundaryToken).length).toBeGreaterThan(5)
  })

  for (const [name, alphabet, longest] of [
    ['a wide alphabet', ALPHABET, 24],
    ['a narrow one, mostly gaps', ['来', '自', 'a', 'b', '1', '2', '.', '，', ' ', '.', '，', ' '], 24],
    ['long gaps', ['来', 'a', '1', '.', '，', ' ', '.', '，', ' ', '.', '，', ' ', '.', '，'], 48],
    ['long words', ['a', 'b', 'a', 'b', 'c', 'a', 'b', '来', '，', ' ', '2'], 48],
  ] as const)
    it(`find every text containing a substring, and only those when the plan is exact (${name})`, () => {
      const text = fc
        .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: longest })
        .map((a) => a.join(''))
      fc.assert(
        fc.property(
          fc.array(text, { minLength: 5, maxLength: 30 }),
          fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
          (texts, picks) => {
            const db = library(texts)
            try {
              for (let k = 0; k < picks.length; k += 5) {
                const t = texts[picks[k]! % texts.length]!
                const start = picks[k + 1]! % t.length
                const q = t.slice(start, start + 1 + (picks[k + 2]! % (longest / 3)))
                // And a near miss: one character of it changed.
                const chars = Array.from(q)
                chars[picks[k + 3]! % chars.length] = alphabet[picks[k + 4]! % alphabet.length]!
                for (const query of [q, chars.join('')])
                  // Lone surrogates are not text a person types.
                  if (!/[\ud800-\udbff]$|^[\udc00-\udfff]/u.test(query)) check(db, texts, query)
              }
            } finally {
              db.close()
            }
          }
        ),
        { numRuns: 300 }
      )
    })
})

describe('runs of digits', () => {
  it('give pairs of digits, so a date is not a phrase of tokens that every dated report holds', () => {
    // No digit stands alone where a B or R token spells it.
    expect(indexTokens('9月15日')).toBe('09x月 月 0月x1 515 05x日 日')
    expect(planSubstring('月15日')).toMatchObject({ exact: true, phrase: '"月 0月x1 515 05x日"' })
    // Only a run of one digit before spaces or at the text's end has nothing else to spell it.
    expect(indexTokens('第1 章 2')).toBe('第 0第x1 1 章 2')
    expect(planSubstring('2023')).toMatchObject({ exact: true, phrase: '"520 502 523"' })
    // One digit: the reports that hold it.
    expect(planSubstring('5')).toMatchObject({ exact: true, chars: ['5'], phrase: null })
    const texts = [
      '9月15日',
      '10月15日',
      '9月5日',
      '9月151日',
      '19月15日发布',
      '2023年9月15',
      '月15',
      '2 023',
      'v2023',
      '(1)，如果',
      '1 2 3',
      '第1 章 2',
    ]
    const db = library(texts)
    for (const q of [
      '月15日',
      '9月15',
      '15日',
      '5日',
      '023',
      '20',
      '1',
      '5',
      '9月1',
      '3年9',
      '(1)，',
      '1)，如',
      '1 2',
      '第1',
      '1 章',
      '月1',
      '2 0',
      'v20',
    ])
      check(db, texts, q)
  })
})

describe('distinct characters', () => {
  /** What the per-character index held before: a set of code points, in the order first seen. */
  const reference = (norm: string): string => {
    const seen = new Set<number>()
    for (const ch of norm)
      if (
        /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\p{Nd}]/u.test(
          ch
        )
      )
        seen.add(ch.codePointAt(0)!)
    return Array.from(seen, (cp) => String.fromCodePoint(cp)).join(' ')
  }

  it('lists each CJK character and digit once, in the order it first occurs, for any text', () => {
    const alphabet = [
      '徐',
      '州',
      '來',
      '𠀀',
      '𪚥',
      'か',
      'カ',
      '한',
      'ㄅ',
      'a',
      '1',
      '٣',
      '，',
      '。',
      ' ',
      '\ud800',
      '\udc00',
      'é',
    ]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (chars) => {
        const text = chars.join('')
        expect(distinctCjkChars(text), JSON.stringify(text)).toBe(reference(text))
        // Each call starts afresh.
        expect(distinctCjkChars(text)).toBe(reference(text))
      }),
      { numRuns: 1000 }
    )
  })
})
