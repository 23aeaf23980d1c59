/**
 * The index's tokens, built in JavaScript and handed to FTS5's unicode61 tokenizer separated by
 * spaces. Text is cut into runs of word characters (a CJK run and a Latin/digit run are separate
 * runs); each run gives its overlapping character bigrams and then its last character alone, so
 * every character position starts a token. A substring query becomes one FTS5 phrase of those
 * tokens, which gives Ctrl+F semantics (see query-plan.ts for where a check is still needed).
 */

/** Bump when tokens change: the index is rebuilt from stored text on open. */
export const TOKENIZER_VERSION = 'bigram-v1'

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u
const WORD = /[\p{L}\p{N}]/u

export type RunKind = 'cjk' | 'alnum'

export interface Run {
  kind: RunKind
  chars: string[]
  /** Offset of the run in the normalised text. */
  start: number
}

export function charKind(ch: string): RunKind | null {
  if (!WORD.test(ch)) return null
  return CJK.test(ch) ? 'cjk' : 'alnum'
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

function bigrams(chars: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!)
  return out
}

/** The token string stored in the index for a normalised text. */
export function indexTokens(norm: string): string {
  const out: string[] = []
  for (const run of runsOf(norm)) {
    for (const b of bigrams(run.chars)) out.push(b)
    out.push(run.chars[run.chars.length - 1]!)
  }
  return out.join(' ')
}

/**
 * The FTS5 phrase for one substring query, or null when it has no word characters. The first run
 * may be the tail of a longer run in the text and the last run its head; runs in between are whole.
 */
export function phraseFor(norm: string): { phrase: string; runs: number } | null {
  const runs = runsOf(norm)
  if (runs.length === 0) return null
  const tokens: string[] = []
  let prefix = false
  runs.forEach((run, i) => {
    const last = i === runs.length - 1
    if (!last) {
      tokens.push(...bigrams(run.chars), run.chars[run.chars.length - 1]!)
    } else if (run.chars.length === 1) {
      tokens.push(run.chars[0]!)
      prefix = true
    } else {
      tokens.push(...bigrams(run.chars))
    }
  })
  // Tokens only hold letters and digits, so quoting them is safe; FTS5 doubles quotes inside.
  const body = tokens.map((t) => t.replace(/"/gu, '""')).join(' ')
  return { phrase: `"${body}"${prefix ? ' *' : ''}`, runs: runs.length }
}
