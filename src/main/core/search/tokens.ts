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

/** Bump when tokens change: the index is rebuilt from stored text on open. */
export const TOKENIZER_VERSION = 'bigram-words-digits-v4-all-sections'

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

/**
 * The token string stored in the index for a normalised text. Same tokens as runsOf +
 * pushRunTokens, in one pass without intermediate arrays (this runs over every imported byte).
 */
export function indexTokens(norm: string): string {
  const out: string[] = []
  let prevKind: RunKind | null = null
  let prev = ''
  let wordStart = 0
  for (let i = 0; i < norm.length;) {
    const c = norm.charCodeAt(i)
    const len = c >= 0xd800 && c <= 0xdbff && i + 1 < norm.length ? 2 : 1
    const ch = len === 1 ? norm[i]! : norm.slice(i, i + 2)
    const kind = charKind(ch)
    if (kind !== prevKind) {
      if (prevKind === 'cjk') out.push(prev)
      else if (prevKind === 'alnum') out.push(norm.slice(wordStart, i))
      if (kind === 'alnum') wordStart = i
    } else if (kind === 'cjk') out.push(prev + ch)
    if (kind === 'digit') out.push(ch)
    prev = ch
    prevKind = kind
    i += len
  }
  if (prevKind === 'cjk') out.push(prev)
  else if (prevKind === 'alnum') out.push(norm.slice(wordStart))
  return out.join(' ')
}

/** The distinct CJK characters of a normalised text, for the per-character index. */
export function distinctCjkChars(norm: string): string {
  const seen = new Set<string>()
  for (const ch of norm) if (charKind(ch) === 'cjk') seen.add(ch)
  return [...seen].join(' ')
}

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
  exact: boolean
}

const quote = (token: string): string => `"${token.replace(/"/gu, '""')}"`

export function planSubstring(norm: string): SubstringPlan | null {
  const runs = runsOf(norm)
  if (runs.length === 0) return null
  const onlyRun = runs.length === 1 && runs[0]!.chars.join('').length === norm.length
  const single = runs.length === 1 ? runs[0]! : null
  const none = { phrase: null, chars: [] as string[], fragment: null, leadingFragment: null }
  if (single && single.kind === 'alnum') return { ...none, fragment: single.chars.join(''), exact: onlyRun }
  if (single && single.kind === 'cjk' && single.chars.length === 1)
    return { ...none, chars: [single.chars[0]!], exact: onlyRun }
  if (single && single.kind === 'digit')
    // Digits are one token each, so "2023" also matches "2.023": one digit is exact, more are checked.
    return { ...none, phrase: `"${single.chars.join(' ')}"`, exact: onlyRun && single.chars.length === 1 }
  const tokens: string[] = []
  const chars: string[] = []
  let prefix = false
  let leadingFragment: string | null = null
  runs.forEach((run, i) => {
    const last = i === runs.length - 1
    if (run.kind === 'digit') {
      tokens.push(...run.chars)
      prefix = false
    } else if (run.kind === 'alnum') {
      // A leading fragment may be the tail of a longer word: leave it to the text check.
      if (i === 0) {
        leadingFragment = run.chars.join('')
        return
      }
      tokens.push(run.chars.join(''))
      prefix = last
    } else if (!last) {
      pushRunTokens(tokens, run)
    } else if (run.chars.length === 1) {
      // A lone last character may begin a longer run: require it, check adjacency in the text.
      chars.push(run.chars[0]!)
    } else {
      for (let k = 0; k + 1 < run.chars.length; k++) tokens.push(run.chars[k]! + run.chars[k + 1]!)
    }
  })
  const phrase =
    tokens.length > 0 ? `"${tokens.map((t) => t.replace(/"/gu, '""')).join(' ')}"${prefix ? ' *' : ''}` : null
  return { phrase, chars, fragment: null, leadingFragment, exact: onlyRun }
}

/** An FTS5 expression requiring every one of the given characters. */
export function allChars(chars: readonly string[]): string {
  return chars.map(quote).join(' AND ')
}

/** An FTS5 expression matching any of the given indexed words. */
export function anyWord(words: readonly string[]): string {
  return words.length === 1 ? quote(words[0]!) : `(${words.map(quote).join(' OR ')})`
}
