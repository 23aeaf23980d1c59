/** Hit offsets in a report's displayed text, and the short excerpts shown in result lists. */
import type { SearchHit } from '../../../shared/api'
import { findNormalized, normalizeWithOffsets, type NormalizedText } from './normalize'

/** Context before and after the first hit of a snippet: short before, so a one-line preview shows the hit. */
const CONTEXT_BEFORE = 14
const CONTEXT_AFTER = 60
const MAX_SNIPPETS = 3
/**
 * Hits marked per report: a report of megabytes can hold a common word a hundred thousand times;
 * the list and the reader need the first few thousand, not an array of every one.
 */
export const MAX_MATCHES_PER_REPORT = 5_000

/** Every occurrence of the (normalised) needles in the text, as merged [start, end) offsets into it. */
export function findMatches(text: string, needles: readonly string[]): [number, number][] {
  const found: [number, number][] = []
  // Normalised whole at most once, whichever needles need it.
  let norm: NormalizedText | undefined
  const normalized = (): NormalizedText => (norm ??= normalizeWithOffsets(text))
  for (const needle of needles)
    for (const r of findNormalized(text, needle, MAX_MATCHES_PER_REPORT, normalized)) found.push(r)
  return mergeMatches(found)
}

/** Ranges in text order, overlapping ones joined, at most MAX_MATCHES_PER_REPORT. */
export function mergeMatches(found: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...found].sort((a, b) => a[0] - b[0] || b[1] - a[1])
  const merged: [number, number][] = []
  for (const r of sorted) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged.slice(0, MAX_MATCHES_PER_REPORT)
}

const BOUNDARY = /[，。；：！？、,.;:!?\s“”「」（）()]/u
const ALNUM = /[A-Za-z0-9]/u
/** How far a snippet's edge may move to meet a clause boundary. */
const SNAP = 8

/** A snippet start moved to just after a clause boundary nearby, and never inside a Latin word or number. */
function snapStart(text: string, start: number, hit: number): number {
  if (start <= 0) return 0
  for (let at = start; at > Math.max(0, start - SNAP); at--) if (BOUNDARY.test(text[at - 1]!)) return at
  // Forward, a boundary anywhere before the hit will do: a shorter lead-in beats a cut word.
  for (let at = start; at < hit; at++) if (BOUNDARY.test(text[at - 1]!)) return at
  let at = start
  while (at < hit && ALNUM.test(text[at - 1] ?? '') && ALNUM.test(text[at]!)) at++
  return at
}

/** A snippet end moved to just after a clause boundary nearby, and never inside a Latin word or number. */
function snapEnd(text: string, end: number, minimum: number): number {
  if (end >= text.length) return text.length
  for (let at = end; at < Math.min(text.length, end + SNAP); at++) if (BOUNDARY.test(text[at - 1]!)) return at
  for (let at = end; at > Math.max(minimum, end - SNAP); at--) if (BOUNDARY.test(text[at - 1]!)) return at
  let at = end
  while (at > minimum && ALNUM.test(text[at - 1]!) && ALNUM.test(text[at] ?? '')) at--
  return at
}

export function snippetsFor(text: string, matches: [number, number][]): SearchHit['snippets'] {
  if (matches.length === 0)
    return [{ text: text.slice(0, CONTEXT_BEFORE + CONTEXT_AFTER).replace(/\n/gu, ' '), marks: [] }]
  const snippets: SearchHit['snippets'] = []
  let i = 0
  while (i < matches.length && snippets.length < MAX_SNIPPETS) {
    const first = matches[i]!
    const start = snapStart(text, Math.max(0, first[0] - CONTEXT_BEFORE), first[0])
    const end = snapEnd(text, Math.min(text.length, Math.max(first[1], start) + CONTEXT_AFTER), first[1])
    const marks: [number, number][] = []
    while (i < matches.length && matches[i]![1] <= end) {
      marks.push([matches[i]![0] - start, matches[i]![1] - start])
      i++
    }
    if (marks.length === 0) i++
    snippets.push({ text: text.slice(start, end).replace(/\n/gu, ' '), marks })
  }
  return snippets
}
