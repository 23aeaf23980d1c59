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
export const TOKENIZER_VERSION = 'bigram-words-v2'

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u
const WORD = /[\p{L}\p{N}]/u

export type RunKind = 'cjk' | 'alnum'

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
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a)) return 'alnum'
    return null
  }
  if (cp >= 0x4e00 && cp <= 0x9fff) return 'cjk'
  let kind = kindCache.get(cp)
  if (kind === undefined) {
    kind = !WORD.test(ch) ? null : CJK.test(ch) ? 'cjk' : 'alnum'
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
  const chars = run.chars
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  out.push(chars[chars.length - 1]!)
}

/** The token string stored in the index for a normalised text. */
export function indexTokens(norm: string): string {
  const out: string[] = []
  for (const run of runsOf(norm)) pushRunTokens(out, run)
  return out.join(' ')
}

export type QueryPlan =
  /** One FTS5 phrase (a necessary condition; exact when the query is a single CJK run). */
  | { kind: 'phrase'; phrase: string; runs: number }
  /** A lone Latin/digit fragment: exact through the indexed words that contain it. */
  | { kind: 'fragment'; fragment: string }

const quote = (token: string): string => `"${token.replace(/"/gu, '""')}"`

/** How the index can find a normalised substring, or null when it has no word characters. */
export function planSubstring(norm: string): QueryPlan | null {
  const runs = runsOf(norm)
  if (runs.length === 0) return null
  if (runs.length === 1 && runs[0]!.kind === 'alnum')
    return { kind: 'fragment', fragment: runs[0]!.chars.join('') }
  const tokens: string[] = []
  let prefix = false
  runs.forEach((run, i) => {
    const first = i === 0
    const last = i === runs.length - 1
    if (run.kind === 'alnum') {
      // A leading fragment may be the tail of a longer word: leave it to the text check.
      if (first) return
      tokens.push(run.chars.join(''))
      prefix = last
    } else if (!last) {
      pushRunTokens(tokens, run)
    } else if (run.chars.length === 1) {
      tokens.push(run.chars[0]!)
      prefix = true
    } else {
      for (let k = 0; k + 1 < run.chars.length; k++) tokens.push(run.chars[k]! + run.chars[k + 1]!)
    }
  })
  const body = tokens.map((t) => t.replace(/"/gu, '""')).join(' ')
  return { kind: 'phrase', phrase: `"${body}"${prefix ? ' *' : ''}`, runs: runs.length }
}

/** An FTS5 expression matching any of the given indexed words. */
export function anyWord(words: readonly string[]): string {
  return words.length === 1 ? quote(words[0]!) : `(${words.map(quote).join(' OR ')})`
}
