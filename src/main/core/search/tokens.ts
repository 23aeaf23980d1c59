/**
 * The index's tokens, built in JavaScript and handed to FTS5's unicode61 tokenizer separated by
 * spaces. Normalised text is cut into runs of word characters; a CJK run and a Latin/digit run are
 * separate runs. A CJK run gives its overlapping character bigrams and then its last character
 * alone, so every CJK position starts a token; a Latin/digit run is one word token.
 *
 * A substring query becomes one FTS5 phrase of the same tokens (Ctrl+F semantics): its first run
 * may be the tail of a longer run in the text and its last run the head of one. search.ts checks
 * the text whenever the phrase alone is not exact (several runs, punctuation), and expands a lone
 * Latin/digit fragment to the indexed words that contain it.
 */

/** Bump when tokens (or the figures stored with them) change: the index is rebuilt from stored text. */
export const TOKENIZER_VERSION = 'bigram-words-digits-boundaries-facts-v6'

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u
const WORD = /[\p{L}\p{N}]/u

/** CJK runs give bigrams, Latin runs one word, digit runs one token per digit. */
export type RunKind = 'cjk' | 'alnum' | 'digit'

export interface Run {
  kind: RunKind
  chars: string[]
  /** Offset of the run in the normalised text. */
  start: number
}

const kindCache = new Map<number, RunKind | null>()

export function charKind(ch: string): RunKind | null {
  const cp = ch.codePointAt(0) ?? 0
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return 'alnum'
    if (cp >= 0x30 && cp <= 0x39) return 'digit'
    return null
  }
  if (cp >= 0x4e00 && cp <= 0x9fff) return 'cjk'
  let kind = kindCache.get(cp)
  if (kind === undefined) {
    kind = !WORD.test(ch) ? null : CJK.test(ch) ? 'cjk' : /\p{Nd}/u.test(ch) ? 'digit' : 'alnum'
    kindCache.set(cp, kind)
  }
  return kind
}

/** Runs of word characters in already normalised text. */
export function runsOf(norm: string): Run[] {
  const runs: Run[] = []
  let current: Run | null = null
  let offset = 0
  for (const ch of norm) {
    const kind = charKind(ch)
    if (kind === null) current = null
    else if (current && current.kind === kind) current.chars.push(ch)
    else {
      current = { kind, chars: [ch], start: offset }
      runs.push(current)
    }
    offset += ch.length
  }
  return runs
}

function pushRunTokens(out: string[], run: Run): void {
  if (run.kind === 'alnum') {
    out.push(run.chars.join(''))
    return
  }
  if (run.kind === 'digit') {
    out.push(...run.chars)
    return
  }
  const chars = run.chars
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  out.push(chars[chars.length - 1]!)
}

/*
 * Boundary tokens. Where a Latin or digit run meets another run, directly or across non-word
 * characters (punctuation, spaces), the index also holds tokens that spell the meeting, between
 * the two runs' tokens:
 *
 *   B  where the kind changes with no gap (2023年, v2): the last character before, the first after
 *   R  the last character before the gap and the gap's first character
 *   M  for a gap of two or more characters: its characters between the first and the last
 *   L  the gap's last character and the first character after
 *
 * So `c”来`, `2.3版` or `s，这些` is one selective phrase that the index answers exactly, instead of
 * a few common parts whose every report the text check must read; a query that starts or ends
 * with punctuation uses L or R alone. R and L meet only across a one-character gap (M stands
 * between them otherwise), and digit tokens only inside one run of digits, so `2023` no longer
 * needs a check against `2.023`. Meetings of two Han runs get none: they are most of Chinese
 * punctuation, and the bigrams narrow those queries well already. Three characters (prev, gap,
 * next) in one token would be more selective still, but made the index a tenth larger.
 *
 * Each boundary token starts with an ASCII digit and is longer than one character; the index's
 * other tokens never are (a digit is a token of its own, words are letters), so they cannot meet.
 */
/** Longer middles of a gap are not spelled out (a query across one is checked in the text). */
const MAX_MIDDLE = 6
const code = (ch: string): string => (ch.codePointAt(0) as number).toString(32)
const firstOf = (s: string): string => String.fromCodePoint(s.codePointAt(0) as number)
const lastOf = (s: string): string => {
  const c = s.charCodeAt(s.length - 1)
  return c >= 0xdc00 && c <= 0xdfff && s.length > 1 ? s.slice(-2) : s.slice(-1)
}
const codePoints = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (!(c >= 0xdc00 && c <= 0xdfff)) n++
  }
  return n
}
const joinToken = (prev: string, next: string): string => `0${prev}x${next}`
const rightToken = (prev: string, gap: string): string => `1${prev}x${code(firstOf(gap))}`
const leftToken = (gap: string, next: string): string => `2${code(lastOf(gap))}x${next}`
const middleOf = (gap: string): string[] => Array.from(gap).slice(1, -1)
const middleToken = (gap: string): string => {
  const middle = middleOf(gap)
  return middle.length > MAX_MIDDLE ? '3y' : `3x${middle.map(code).join('w')}`
}

/** Whether a meeting of two runs (the first absent at the text's start or end) gets boundary tokens. */
const marked = (before: RunKind | null, after: RunKind | null): boolean =>
  (before !== null && before !== 'cjk') || (after !== null && after !== 'cjk')

/** The boundary tokens where a run (or the text's start) meets the next run (or the text's end) across `gap`. */
function pushBoundary(
  out: string[],
  before: RunKind | null,
  prev: string,
  gap: string,
  after: RunKind | null,
  next: string
): void {
  if (!marked(before, after)) return
  if (gap === '') {
    if (before !== null && after !== null) out.push(joinToken(prev, next))
    return
  }
  if (before !== null) out.push(rightToken(prev, gap))
  if (before !== null && after !== null && codePoints(gap) > 1) out.push(middleToken(gap))
  if (after !== null) out.push(leftToken(gap, next))
}

/**
 * The token string stored in the index for a normalised text. Same tokens as runsOf +
 * pushRunTokens + pushBoundary, in one pass without intermediate arrays (this runs over every
 * imported byte).
 */
export function indexTokens(norm: string): string {
  const out: string[] = []
  /** The kind of the run being read; null in a gap. */
  let kind: RunKind | null = null
  /** The kind of the last run (null before the first). */
  let before: RunKind | null = null
  let prev = ''
  let wordStart = 0
  let gapStart = 0
  const closeRun = (at: number): void => {
    if (kind === 'cjk') out.push(prev)
    else if (kind === 'alnum') out.push(norm.slice(wordStart, at))
    before = kind
  }
  for (let i = 0; i < norm.length;) {
    const c = norm.charCodeAt(i)
    const len = c >= 0xd800 && c <= 0xdbff && i + 1 < norm.length ? 2 : 1
    const ch = len === 1 ? norm[i]! : norm.slice(i, i + 2)
    const chKind = charKind(ch)
    if (chKind !== kind) {
      if (kind !== null) closeRun(i)
      if (chKind === null) gapStart = i
      else {
        // A new run: after a gap (or at the start), or straight after a run of another kind.
        const gap = kind === null ? norm.slice(gapStart, i) : ''
        pushBoundary(out, before, prev, gap, chKind, ch)
        if (chKind === 'alnum') wordStart = i
      }
      kind = chKind
    } else if (chKind === 'cjk') out.push(prev + ch)
    if (chKind === 'digit') out.push(ch)
    if (chKind !== null) prev = ch
    i += len
  }
  if (kind !== null) closeRun(norm.length)
  else if (gapStart < norm.length) pushBoundary(out, before, prev, norm.slice(gapStart), null, '')
  return out.join(' ')
}

/** The distinct CJK characters of a normalised text, for the per-character index. */
export function distinctCjkChars(norm: string): string {
  const seen = new Set<number>()
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i)
    // The common cases without building a string: a CJK ideograph, ASCII (never CJK).
    if (c >= 0x4e00 && c <= 0x9fff) seen.add(c)
    else if (c >= 0x80) {
      const cp = norm.codePointAt(i) as number
      if (cp > 0xffff) i++
      if (charKind(String.fromCodePoint(cp)) === 'cjk') seen.add(cp)
    }
  }
  return Array.from(seen, (cp) => String.fromCodePoint(cp)).join(' ')
}

/** Whether an index token is a boundary token (see pushBoundary), not a word of the text. */
export const isBoundaryToken = (token: string): boolean =>
  token.length > 1 && token[0]! >= '0' && token[0]! <= '3'

/**
 * How the index finds a normalised substring: a phrase in report_fts, characters that must occur
 * (report_chars), or a lone Latin/digit fragment to expand through the vocabulary. The parts
 * together are a necessary condition; `exact` says whether they are also sufficient.
 */
export interface SubstringPlan {
  phrase: string | null
  chars: string[]
  fragment: string | null
  /** A leading Latin fragment left out of the phrase: the words ending with it narrow the search. */
  leadingFragment: string | null
  /**
   * A leading Latin fragment of two or more letters left out of the phrase, which starts with the
   * boundary token after it: the phrase with a word ending with it in front (`withLeadingWord`),
   * one for each such word of the index, is exact when `exactWithWord` is.
   */
  leadingWord: string | null
  exactWithWord: boolean
  exact: boolean
}

/** The plan's phrase with an indexed word in front of it (see SubstringPlan.leadingWord). */
export const withLeadingWord = (phrase: string, word: string): string =>
  `"${word.replace(/"/gu, '""')} ${phrase.slice(1)}`

const quote = (token: string): string => `"${token.replace(/"/gu, '""')}"`

export function planSubstring(norm: string): SubstringPlan | null {
  const runs = runsOf(norm)
  if (runs.length === 0) return null
  const first = runs[0]!
  const last = runs[runs.length - 1]!
  const textOf = (run: Run): string => run.chars.join('')
  const endOf = (run: Run): number => run.start + textOf(run).length
  const leadGap = norm.slice(0, first.start)
  const trailGap = norm.slice(endOf(last))
  const none = {
    phrase: null,
    chars: [] as string[],
    fragment: null,
    leadingFragment: null,
    leadingWord: null,
    exactWithWord: false,
  }
  if (runs.length === 1 && leadGap === '' && trailGap === '') {
    if (first.kind === 'alnum') return { ...none, fragment: textOf(first), exact: true }
    if (first.kind === 'cjk' && first.chars.length === 1)
      return { ...none, chars: [first.chars[0]!], exact: true }
    // Two digit tokens meet only inside one run of digits (boundary tokens separate runs).
    if (first.kind === 'digit') return { ...none, phrase: `"${first.chars.join(' ')}"`, exact: true }
  }
  const tokens: string[] = []
  const chars: string[] = []
  let exact = true
  let prefix = false
  let leadingFragment: string | null = null
  // A gap before the first run: the text's gap ends with it, so its last character is known.
  if (leadGap !== '') {
    if (marked(null, first.kind)) tokens.push(leftToken(leadGap, first.chars[0]!))
    if (!marked(null, first.kind) || codePoints(leadGap) > 1) exact = false
  }
  runs.forEach((run, i) => {
    const isFirst = i === 0
    const isLast = i === runs.length - 1
    let covered = false
    if (!isFirst) {
      // The gap between two runs of the query is the whole gap between them in the text.
      const before = runs[i - 1]!
      const gap = norm.slice(endOf(before), run.start)
      const at = tokens.length
      pushBoundary(tokens, before.kind, before.chars[before.chars.length - 1]!, gap, run.kind, run.chars[0]!)
      covered = tokens.length > at
      if (!covered || middleOf(gap).length > MAX_MIDDLE) exact = false
    }
    if (run.kind === 'digit') tokens.push(...run.chars)
    else if (run.kind === 'alnum') {
      if (isFirst && leadGap === '') {
        // Perhaps the tail of a longer word: left out; its last letter is in the next boundary token.
        if (isLast && trailGap === '') exact = false
        if (run.chars.length > 1) leadingFragment = textOf(run)
      } else if (covered && isLast && trailGap === '' && run.chars.length === 1) {
        // One letter that may begin a longer word: the boundary token before it ends with it
        // (B and L spell the first character after them), which says all the letter can.
      } else {
        tokens.push(textOf(run))
        // Perhaps the head of a longer word.
        prefix = isLast && trailGap === ''
      }
    } else if (!isLast || trailGap !== '') pushRunTokens(tokens, run)
    else if (run.chars.length > 1)
      for (let k = 0; k + 1 < run.chars.length; k++) tokens.push(run.chars[k]! + run.chars[k + 1]!)
    else if (!covered) {
      // A lone last character may begin a longer run: require it, check adjacency in the text.
      chars.push(run.chars[0]!)
      exact = false
    }
  })
  // A gap after the last run: the text's gap starts with it.
  if (trailGap !== '') {
    if (marked(last.kind, null)) tokens.push(rightToken(last.chars[last.chars.length - 1]!, trailGap))
    if (!marked(last.kind, null) || codePoints(trailGap) > 1) exact = false
  }
  // A leading fragment of two letters or more is followed by a boundary token (its run meets the
  // next one): a word ending with it, in front of the phrase, makes the phrase exact.
  const leftOut = leadingFragment
  const leadingWord = leftOut !== null && tokens.length > 0 ? leftOut : null
  if (tokens.some(isBoundaryToken)) leadingFragment = null
  const phrase =
    tokens.length > 0 ? `"${tokens.map((t) => t.replace(/"/gu, '""')).join(' ')}"${prefix ? ' *' : ''}` : null
  const exactWithWord = exact && (tokens.length > 0 || chars.length > 0)
  return {
    phrase,
    chars,
    fragment: null,
    leadingFragment,
    leadingWord,
    exactWithWord,
    exact: exactWithWord && leftOut === null,
  }
}

/** An FTS5 expression requiring every one of the given characters. */
export function allChars(chars: readonly string[]): string {
  return chars.map(quote).join(' AND ')
}

/** An FTS5 expression matching any of the given indexed words. */
export function anyWord(words: readonly string[]): string {
  return words.length === 1 ? quote(words[0]!) : `(${words.map(quote).join(' OR ')})`
}
