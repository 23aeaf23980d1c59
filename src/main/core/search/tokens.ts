/**
 * The index's tokens, built in JavaScript and handed to FTS5's unicode61 tokenizer separated by
 * spaces. Normalised text is cut into runs of word characters; a CJK run and a Latin/digit run are
 * separate runs. A CJK run gives its overlapping character bigrams and then (mostly) its last
 * character alone; a run of digits its overlapping pairs of digits, written with a `5` in front so
 * that they can never look like a boundary token (below; `2023年` gives 520 502 523 03x年 年); a
 * Latin run is one word token; boundary tokens spell where runs meet (below).
 *
 * A substring query becomes one FTS5 phrase of the same tokens (Ctrl+F semantics): its first run
 * may be the tail of a longer run in the text and its last run the head of one. search.ts checks
 * the text whenever the phrase alone is not exact (spaces, a lone Han character at the end after
 * a gap, a long gap), and expands a lone Latin/digit fragment to the indexed words that contain it.
 */

/** Bump when tokens (or the figures stored with them) change: the index is rebuilt from stored text. */
export const TOKENIZER_VERSION = 'bigram-words-digitpairs-boundaries-gaps-letters-facts-v11'

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u
const WORD = /[\p{L}\p{N}]/u

/** CJK runs and digit runs give bigrams, Latin runs one word. */
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

/**
 * The token of two characters of a Han run or a run of digits. Pairs of digits carry a mark in
 * front: a boundary token starts with a digit from 0 to 4 and is longer than one character.
 */
const PAIR_MARK = '5'
const pairToken = (kind: RunKind, a: string, b: string): string =>
  kind === 'digit' ? PAIR_MARK + a + b : a + b

/** A run's tokens; a Han or digit run's last character alone only `withLast` (see indexTokens). */
function pushRunTokens(out: string[], run: Run, withLast: boolean): void {
  if (run.kind === 'alnum') {
    out.push(run.chars.join(''))
    return
  }
  const chars = run.chars
  for (let i = 0; i + 1 < chars.length; i++) out.push(pairToken(run.kind, chars[i]!, chars[i + 1]!))
  if (withLast) out.push(chars[chars.length - 1]!)
}

/*
 * Boundary tokens. Where two runs meet, or a run meets the text's start or end, across non-word
 * characters (punctuation, spaces: a gap) or directly with a change of kind, the index also holds
 * tokens that spell the meeting, between the two runs' tokens:
 *
 *   B  where the kind changes with no gap and a Latin or digit run is one side (2023年, v2)
 *   R  after a Latin or digit run, before a gap: the gap's first character and the run's end
 *   G  the gap itself, one token per character, a run of spaces (line breaks included) as one;
 *      a gap of more than GAP_ENDS * 2 keeps its first and last GAP_ENDS, with a mark between
 *   L  after a gap where a Latin or digit run is one side: the gap's last character and the start
 *      of the run after it
 *
 * R, L and B spell up to LETTERS letters of a Latin word (its last ones reversed before the
 * meeting, its first ones after it), and one character of any other run. A gap of one character
 * between R and L has no G token (they spell it). A gap of spaces alone has none of these (a query
 * with spaces is checked in the text), only a G token between two Han runs or two runs of digits,
 * whose tokens would otherwise run together. A Han run's last character stands alone after its
 * bigrams unless only spaces or the text's end follow it (a run of one character always has it).
 *
 * So `c”来`, `2.3版`, `s，这些`, `Unix系统，`, `功能爲止，需要` or `le”來描述` is one selective phrase
 * that the index answers exactly, instead of a few common parts whose every report the text check
 * must read. G terms are few (each in most reports), so they cost a byte or two where they stand.
 *
 * What stands between two runs depends on what a query can see: R only on the run before it, so
 * a query that ends in a gap (`统，`) spells the text's tokens up to the gap's first characters
 * without knowing what follows; L (on both runs) stands after G, so such a query never needs it.
 * A query that starts with a gap before a Han run does not know whether L stands there, and asks
 * for both (see planSubstring).
 *
 * Each boundary token starts with an ASCII digit from 0 to 4 and is longer than one character; the
 * index's other tokens never are (a lone digit is one character, a pair of digits starts with 5,
 * words are letters), so they cannot meet.
 */
/** A longer gap keeps this many characters at each end (a query across its middle is checked). */
const GAP_ENDS = 4
const code = (ch: string): string => (ch.codePointAt(0) as number).toString(32)
const firstOf = (s: string): string => String.fromCodePoint(s.codePointAt(0) as number)
const lastOf = (s: string): string => {
  const c = s.charCodeAt(s.length - 1)
  return c >= 0xdc00 && c <= 0xdfff && s.length > 1 ? s.slice(-2) : s.slice(-1)
}
/**
 * How many letters of a Latin word R, L and B spell (its last ones before a meeting, reversed, or
 * its first ones after it): a query that starts or ends inside a word with this many letters or
 * fewer of it is matched by a prefix of that token, with no list of the words it may be part of.
 */
const LETTERS = 6

/** A token of a query's phrase: with `prefix`, any index token that starts with it. */
interface Tok {
  t: string
  prefix?: boolean
}

/**
 * One side of a meeting: the run's kind and its text (before a meeting, the whole run or its last
 * character; after one, at least its first LETTERS characters), and whether the run may go on
 * beyond what the query holds of it (the query's first run may begin earlier, its last go on).
 */
interface Side {
  kind: RunKind
  text: string
  partial: boolean
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff

/** What R and B spell of the run before a meeting: a word's last letters reversed, or a character. */
function endSpelled(side: Side): { s: string; prefix: boolean } {
  const w = side.text
  if (side.kind !== 'alnum') return { s: lastOf(w), prefix: false }
  let start = w.length
  for (let n = 0; start > 0 && n < LETTERS; n++)
    start -= start > 1 && isLowSurrogate(w.charCodeAt(start - 1)) ? 2 : 1
  return { s: Array.from(w.slice(start)).reverse().join(''), prefix: side.partial && start === 0 }
}

/** What L and B spell of the run after a meeting: a word's first letters, or a character. */
function startSpelled(side: Side): { s: string; prefix: boolean } {
  const w = side.text
  if (side.kind !== 'alnum') return { s: firstOf(w), prefix: false }
  let end = 0
  let n = 0
  for (; end < w.length && n < LETTERS; n++) end += (w.codePointAt(end) as number) > 0xffff ? 2 : 1
  return { s: w.slice(0, end), prefix: side.partial && end === w.length }
}

/** R after the run before a gap, and L before the run after it (index and queries alike). */
function rightToken(before: Side, gap: string): Tok {
  const end = endSpelled(before)
  return { t: `1${code(firstOf(gap))}x${end.s}`, prefix: end.prefix }
}
function leftToken(gap: string, after: Side): Tok {
  const start = startSpelled(after)
  return { t: `2${code(lastOf(gap))}x${start.s}`, prefix: start.prefix }
}

/** The G token of a run of spaces, and the mark that stands for a long gap's middle. */
const SPACE_TOKEN = '4z'
const ELIDED_TOKEN = '4y'
const SPACE = /\s/u

const gapCache = new Map<string, string[]>()

/** A gap's G tokens (see above): none for spaces alone. */
export function gapTokens(gap: string): string[] {
  let tokens = gapCache.get(gap)
  if (tokens === undefined) {
    tokens = []
    let space = false
    let other = false
    for (const ch of gap) {
      if (SPACE.test(ch)) {
        if (!space) tokens.push(SPACE_TOKEN)
        space = true
      } else {
        tokens.push(`4${code(ch)}`)
        space = false
        other = true
      }
    }
    if (!other) tokens = []
    else if (tokens.length > GAP_ENDS * 2)
      tokens = [...tokens.slice(0, GAP_ENDS), ELIDED_TOKEN, ...tokens.slice(-GAP_ENDS)]
    if (gapCache.size < 50_000) gapCache.set(gap, tokens)
  }
  return tokens
}

/** Whether a meeting of two runs (the first absent at the text's start or end) gets boundary tokens. */
const marked = (before: RunKind | null, after: RunKind | null): boolean =>
  (before !== null && before !== 'cjk') || (after !== null && after !== 'cjk')

/** Whether a Han run's last character stands alone before this gap (not before spaces alone). */
const lastStandsBefore = (gap: string): boolean => gap === '' || gapTokens(gap).length > 0

/**
 * Whether a run of one digit stands alone before this gap: only before spaces alone (and at the
 * text's end). Anywhere else a B or R token after it spells it, and a lone digit is a term that
 * nearly every dated report holds. A longer run's last digit never stands alone.
 */
const digitStandsBefore = (gap: string): boolean => gap !== '' && gapTokens(gap).length === 0

/**
 * The boundary tokens where a run (or the text's start) meets the next run (or the text's end)
 * across `gap`; `covered` when the last of them spells the start of the run after (B or L).
 */
function boundaryTokens(
  before: Side | null,
  gap: string,
  after: Side | null
): { tokens: Tok[]; covered: boolean } {
  if (gap === '') {
    if (before === null || after === null || !marked(before.kind, after.kind))
      return { tokens: [], covered: false }
    // B: a Latin word's letters come last (a query may hold only some of them), after `y` for
    // the word before, `x` for the word after.
    if (before.kind === 'alnum') {
      const end = endSpelled(before)
      return { tokens: [{ t: `0${firstOf(after.text)}y${end.s}`, prefix: end.prefix }], covered: true }
    }
    const start = startSpelled(after)
    return { tokens: [{ t: `0${lastOf(before.text)}x${start.s}`, prefix: start.prefix }], covered: true }
  }
  const gapped = gapTokens(gap)
  if (gapped.length === 0) {
    // Spaces alone: a query across them is checked, so they need no R or L. One token keeps two
    // runs apart where their tokens would run together: two Han runs (the last character does
    // not stand alone before spaces, and a run of one character would look like it) or two runs
    // of digits (a token per digit).
    const apart = before !== null && after !== null && before.kind === after.kind && before.kind !== 'alnum'
    return { tokens: apart ? [{ t: SPACE_TOKEN }] : [], covered: false }
  }
  const tokens: Tok[] = []
  const right = before !== null && before.kind !== 'cjk'
  const left = after !== null && marked(before?.kind ?? null, after.kind)
  if (right) tokens.push(rightToken(before, gap))
  // R and L spell a gap of one character between them: its G token would add nothing but a
  // common term to every phrase across it.
  if (!(right && left && isOneCharacter(gap))) for (const t of gapped) tokens.push({ t })
  if (!left) return { tokens, covered: false }
  tokens.push(leftToken(gap, after))
  return { tokens, covered: true }
}

const isOneCharacter = (s: string): boolean =>
  s.length === 1 || (s.length === 2 && (s.codePointAt(0) as number) > 0xffff)

/**
 * The token string stored in the index for a normalised text. Same tokens as runsOf +
 * pushRunTokens + boundaryTokens, in one pass without intermediate arrays (this runs over every
 * imported byte).
 */
export function indexTokens(norm: string): string {
  const out: string[] = []
  /** The kind of the run being read; null in a gap. */
  let kind: RunKind | null = null
  /** The last run (null before the first): a Latin word whole, another run its last character. */
  let before: Side | null = null
  let prev = ''
  let wordStart = 0
  let gapStart = 0
  /** The length of the last Han or digit run: one of a single character always has its token. */
  let hanLength = 0
  const closeRun = (at: number): void => {
    if (kind === 'alnum') {
      const word = norm.slice(wordStart, at)
      out.push(word)
      before = { kind, text: word, partial: false }
    } else before = { kind: kind as RunKind, text: prev, partial: false }
  }
  const pushMeeting = (gap: string, after: Side | null): void => {
    const stands =
      before?.kind === 'cjk'
        ? hanLength === 1 || lastStandsBefore(gap)
        : before?.kind === 'digit' && hanLength === 1 && digitStandsBefore(gap)
    if (stands) out.push(prev)
    for (const tok of boundaryTokens(before, gap, after).tokens) out.push(tok.t)
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
        let text = ch
        if (chKind === 'alnum') {
          // Its first letters, for L or B.
          let j = i + len
          for (let n = 1; n < LETTERS && j < norm.length; n++) {
            const cp = norm.codePointAt(j) as number
            const next = String.fromCodePoint(cp)
            if (charKind(next) !== 'alnum') break
            text += next
            j += next.length
          }
          wordStart = i
        }
        if (before !== null || gap !== '') pushMeeting(gap, { kind: chKind, text, partial: false })
        hanLength = 1
      }
      kind = chKind
    } else if (chKind === 'cjk' || chKind === 'digit') {
      out.push(pairToken(chKind, prev, ch))
      hanLength++
    }
    if (chKind !== null) prev = ch
    i += len
  }
  if (kind !== null) {
    closeRun(norm.length)
    if (kind !== 'alnum' && hanLength === 1) out.push(prev)
  } else if (gapStart < norm.length) pushMeeting(norm.slice(gapStart), null)
  return out.join(' ')
}

/** Per BMP code unit: 0 not yet known, 1 a CJK character or a digit, 2 neither. */
const cjkUnits = new Uint8Array(0x10000)
/** Per BMP code unit: the call of distinctCjkChars that last saw it (no set to fill per report). */
const seenIn = new Uint32Array(0x10000)
let call = 0

/**
 * The distinct CJK characters and digits of a normalised text, in the order they first occur, for
 * the per-character index (a query of one such character, or one the index's phrase cannot place).
 */
export function distinctCjkChars(norm: string): string {
  if (++call === 0xffffffff) {
    seenIn.fill(0)
    call = 1
  }
  const found: string[] = []
  let astral: Set<number> | null = null
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i)
    // Of ASCII only the digits; a character outside the BMP (two units) is rare.
    if (c < 0x80) {
      if (c >= 0x30 && c <= 0x39 && seenIn[c] !== call) {
        seenIn[c] = call
        found.push(norm[i]!)
      }
      continue
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < norm.length) {
      const cp = norm.codePointAt(i) as number
      if (cp > 0xffff) {
        i++
        const ch = String.fromCodePoint(cp)
        const k = charKind(ch)
        if ((k === 'cjk' || k === 'digit') && !(astral ??= new Set()).has(cp)) {
          astral.add(cp)
          found.push(ch)
        }
        continue
      }
    }
    let kind = cjkUnits[c]!
    if (kind === 0) {
      const k = charKind(String.fromCharCode(c))
      cjkUnits[c] = kind = k === 'cjk' || k === 'digit' ? 1 : 2
    }
    if (kind === 1 && seenIn[c] !== call) {
      seenIn[c] = call
      found.push(String.fromCharCode(c))
    }
  }
  return found.join(' ')
}

/** Whether an index token is a boundary token (see boundaryTokens), not a word of the text. */
export const isBoundaryToken = (token: string): boolean =>
  token.length > 1 && token[0]! >= '0' && token[0]! <= '4'

/**
 * Whether an index token is never a query's whole phrase: R, L and G tokens stand beside the
 * tokens of a run (a query's run, or its gap's G tokens, always comes with them). Their stored
 * lists would never be read.
 */
export const neverAlone = (token: string): boolean =>
  token.length > 1 && (token[0] === '1' || token[0] === '2' || token[0] === '4')

/** Whether an index token is a G token: a gap's character. */
const isGapToken = (token: string): boolean => token.length > 1 && token[0] === '4'

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
  /**
   * Whether the phrase holds more than gap characters in every one of its alternatives: then it
   * narrows a search to a few reports, and `chars` (which the text check decides anyway) would
   * only add every report holding one of them.
   */
  narrow?: boolean
}

/** The plan's phrase with an indexed word in front of it (see SubstringPlan.leadingWord). */
export const withLeadingWord = (phrase: string, word: string): string =>
  `"${word.replace(/"/gu, '""')} ${phrase.slice(1)}`

const quote = (token: string): string => `"${token.replace(/"/gu, '""')}"`

/** A phrase of tokens; a prefix token ends a part, the parts joined with `+` (FTS5's syntax). */
function phraseOf(tokens: readonly Tok[]): string {
  const parts: string[] = []
  let part: string[] = []
  for (const tok of tokens) {
    part.push(tok.t.replace(/"/gu, '""'))
    if (tok.prefix) {
      parts.push(`"${part.join(' ')}" *`)
      part = []
    }
  }
  if (part.length > 0) parts.push(`"${part.join(' ')}"`)
  return parts.join(' + ')
}

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
    // One Han character or digit: the reports that hold it (report_chars).
    if (first.chars.length === 1) return { ...none, chars: [first.chars[0]!], exact: true }
  }
  /** Run i before a meeting (the first run may begin earlier in the text) or after one (the last may go on). */
  const before = (i: number): Side => ({
    kind: runs[i]!.kind,
    text: textOf(runs[i]!),
    partial: i === 0 && leadGap === '',
  })
  const after = (i: number): Side => ({
    kind: runs[i]!.kind,
    text: textOf(runs[i]!),
    partial: i === runs.length - 1 && trailGap === '',
  })
  const tokens: Tok[] = []
  const chars: string[] = []
  // A run of spaces is one G token however long it is, and spaces alone are none: a query with
  // spaces is checked in the text.
  let exact = !SPACE.test(norm)
  let leadingFragment: string | null = null
  /**
   * What may stand before the first run's tokens where the query starts with a gap: the text's
   * tokens there depend on what comes before the gap, which the query cannot see (one phrase each).
   */
  let leads: Tok[][] = [[]]
  let leadCovered = false
  // A gap before the first run: the text's gap ends with it, so its last G tokens are known.
  if (leadGap !== '') {
    const gap = gapTokens(leadGap)
    if (gap.length > GAP_ENDS) exact = false
    const ends = gap.slice(-GAP_ENDS).map((t) => ({ t }))
    const left = leftToken(leadGap, after(0))
    // L stands after a gap before a Latin or digit run whatever came before it; before a Han run,
    // only when a Latin or digit run came before the gap. A gap of one character between R and L
    // has no G token, so there L alone spells it.
    if (gap.length === 0) leads = [[]]
    else if (first.kind !== 'cjk') {
      leads = [isOneCharacter(leadGap) ? [left] : [...ends, left]]
      leadCovered = true
    } else leads = isOneCharacter(leadGap) ? [[left], ends] : [[...ends, left], ends]
  }
  runs.forEach((run, i) => {
    const isFirst = i === 0
    const isLast = i === runs.length - 1
    let covered = isFirst && leadCovered
    if (!isFirst) {
      // The gap between two runs of the query is the whole gap between them in the text.
      const gap = norm.slice(endOf(runs[i - 1]!), run.start)
      const meeting = boundaryTokens(before(i - 1), gap, after(i))
      tokens.push(...meeting.tokens)
      covered = meeting.covered
      // A long gap's middle is not spelled out.
      if (gapTokens(gap).length > GAP_ENDS * 2) exact = false
    }
    if (run.kind === 'alnum') {
      const text = textOf(run)
      if (isFirst && leadGap === '') {
        // Perhaps the tail of a longer word: left out. R or B after it spells its last letters
        // (all of them, up to LETTERS); before spaces alone, nothing does.
        const spelled = isLast
          ? trailGap !== '' && gapTokens(trailGap).length > 0
          : lastStandsBefore(norm.slice(endOf(run), runs[i + 1]!.start))
        if (isLast && trailGap === '') exact = false
        if (run.chars.length > (spelled ? LETTERS : 1)) leadingFragment = text
      } else if (covered && isLast && trailGap === '' && run.chars.length <= LETTERS) {
        // The beginning of a word, perhaps of a longer one: the boundary token before it spells
        // its first letters (as a prefix), which says all the query can.
      } else tokens.push({ t: text, prefix: isLast && trailGap === '' })
    } else if (!isLast || trailGap !== '') {
      // The last character stands alone before a gap with more than spaces (the text's gap
      // starts with a trailing one), or when the run is one character long: which the query
      // knows when something of it comes before the run.
      const gap = isLast ? trailGap : norm.slice(endOf(run), runs[i + 1]!.start)
      const whole = run.chars.length === 1 && (!isFirst || leadGap !== '')
      // (A query's trailing spaces may go on with more of the gap in the text: then it is not known.)
      const withLast =
        run.kind === 'digit' ? whole && !isLast && digitStandsBefore(gap) : lastStandsBefore(gap) || whole
      const own: string[] = []
      pushRunTokens(own, run, withLast)
      for (const t of own) tokens.push({ t })
      // A digit before anything but spaces is spelled by the B or R token after it.
      const spelled = run.kind === 'digit' && !digitStandsBefore(gap)
      if (!withLast && run.chars.length === 1 && !spelled) chars.push(run.chars[0]!)
    } else if (run.chars.length > 1)
      for (let k = 0; k + 1 < run.chars.length; k++)
        tokens.push({ t: pairToken(run.kind, run.chars[k]!, run.chars[k + 1]!) })
    else if (!covered) {
      // A lone last character may begin a longer run: require it, check adjacency in the text.
      chars.push(run.chars[0]!)
      exact = false
    }
  })
  // A gap after the last run: the text's gap starts with it (R stands before it after a Latin or
  // digit run, whatever follows the gap).
  if (trailGap !== '') {
    const gap = gapTokens(trailGap)
    if (gap.length > GAP_ENDS) exact = false
    if (last.kind === 'cjk') for (const t of gap.slice(0, GAP_ENDS)) tokens.push({ t })
    else if (gap.length > 0) {
      // R spells the gap's first character; after it, one of a single character may have no G
      // token (when L follows), a longer one has them all.
      tokens.push(rightToken(before(runs.length - 1), trailGap))
      if (!isOneCharacter(trailGap)) for (const t of gap.slice(0, GAP_ENDS)) tokens.push({ t })
    }
  }
  // A lone Latin fragment before spaces (`n `) spells no token: the words containing it narrow.
  // After a gap (`，GDP`) the L token before it spells it.
  if (
    tokens.length === 0 &&
    chars.length === 0 &&
    runs.length === 1 &&
    first.kind === 'alnum' &&
    leads.every((lead) => lead.length === 0)
  )
    return { ...none, fragment: textOf(first), exact: false }
  // A leading fragment longer than the boundary token after it spells: a word ending with it, in
  // front of the phrase, makes the phrase exact.
  const leftOut = leadingFragment
  const leadingWord = leftOut !== null && tokens.length > 0 ? leftOut : null
  if (tokens.some((tok) => isBoundaryToken(tok.t))) leadingFragment = null
  const phrases = leads.map((lead) => [...lead, ...tokens])
  const phrase = phrases.some((p) => p.length === 0)
    ? null
    : phrases.length === 1
      ? phraseOf(phrases[0]!)
      : `(${phrases.map(phraseOf).join(' OR ')})`
  const exactWithWord = exact && (phrase !== null || chars.length > 0)
  return {
    phrase,
    chars,
    fragment: null,
    leadingFragment,
    leadingWord,
    exactWithWord,
    exact: exactWithWord && leftOut === null,
    narrow: phrase !== null && phrases.every((p) => p.some((tok) => !isGapToken(tok.t))),
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
