/**
 * Anchoring annotations to text that may change: W3C TextQuoteSelector (exact, prefix, suffix) and
 * TextPositionSelector (start, end). Re-anchoring tries the old position, then the exact quote
 * (prefix/suffix and nearness choose among repeats), then an approximate match of the quote.
 */
import approxSearch from 'approx-string-match'

export const CONTEXT_CHARS = 32
const MIN_FUZZY_CHARS = 8

export interface Selectors {
  start: number
  end: number
  exact: string
  prefix: string
  suffix: string
}

export type Anchor = { start: number; end: number; how: 'position' | 'quote' | 'fuzzy' } | null

export function selectorsFor(text: string, start: number, end: number): Selectors {
  return {
    start,
    end,
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
    suffix: text.slice(end, end + CONTEXT_CHARS),
  }
}

/** How many characters of context agree (prefix read backwards, suffix forwards). */
function contextScore(
  text: string,
  start: number,
  end: number,
  sel: Pick<Selectors, 'prefix' | 'suffix'>
): number {
  let score = 0
  for (let i = 1; i <= sel.prefix.length && text[start - i] === sel.prefix[sel.prefix.length - i]; i++)
    score++
  for (let i = 0; i < sel.suffix.length && text[end + i] === sel.suffix[i]; i++) score++
  return score
}

export function reanchor(
  text: string,
  sel: Omit<Selectors, 'start' | 'end'> & { start: number | null; end: number | null }
): Anchor {
  if (sel.exact === '') return null
  if (sel.start !== null && sel.end !== null && text.slice(sel.start, sel.end) === sel.exact)
    return { start: sel.start, end: sel.end, how: 'position' }

  const hint = sel.start ?? 0
  let best: { start: number; score: number; distance: number } | null = null
  for (let at = text.indexOf(sel.exact); at >= 0; at = text.indexOf(sel.exact, at + 1)) {
    const score = contextScore(text, at, at + sel.exact.length, sel)
    const distance = Math.abs(at - hint)
    if (!best || score > best.score || (score === best.score && distance < best.distance))
      best = { start: at, score, distance }
  }
  if (best) return { start: best.start, end: best.start + sel.exact.length, how: 'quote' }

  // Up to a quarter of a quote may have changed; short quotes must match exactly, since one
  // changed character in two would place them almost anywhere.
  if ([...sel.exact].length < MIN_FUZZY_CHARS) return null
  const maxErrors = Math.floor(sel.exact.length / 4)
  const matches = approxSearch(text, sel.exact, maxErrors)
  let fuzzy: { start: number; end: number; errors: number; score: number; distance: number } | null = null
  for (const m of matches) {
    const score = contextScore(text, m.start, m.end, sel)
    const distance = Math.abs(m.start - hint)
    if (
      !fuzzy ||
      m.errors < fuzzy.errors ||
      (m.errors === fuzzy.errors &&
        (score > fuzzy.score || (score === fuzzy.score && distance < fuzzy.distance)))
    )
      fuzzy = { start: m.start, end: m.end, errors: m.errors, score, distance }
  }
  if (fuzzy && fuzzy.end > fuzzy.start) return { start: fuzzy.start, end: fuzzy.end, how: 'fuzzy' }
  return null
}
