/**
 * One normalisation for indexing and querying: NFKC (full-width → half-width), lower case, and
 * traditional → simplified characters, applied character by character so every position of the
 * normalised text maps back to a position in the displayed text.
 */
import { Converter } from 'opencc-js/t2cn'

const toSimplified = Converter({ from: 't', to: 'cn' })
const cache = new Map<number, string>()

function normalizeCodePoint(cp: number, ch: string): string {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : ch
  let out = cache.get(cp)
  if (out === undefined) {
    out = toSimplified(ch.normalize('NFKC').toLowerCase())
    cache.set(cp, out)
  }
  return out
}

export interface NormalizedText {
  text: string
  /** For each UTF-16 unit of `text`, the offset in the original where its character starts. */
  starts: Int32Array
  /** For each UTF-16 unit of `text`, the offset in the original where its character ends. */
  ends: Int32Array
  /** True when every offset is its own (starts and ends are then empty). */
  identity?: boolean
}

/** For each BMP code unit: its normalisation, '' when it is its own normalisation, undefined when unseen. */
const bmp: (string | undefined)[] = new Array<string | undefined>(0x10000)
for (let c = 0; c < 0x80; c++) bmp[c] = c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : ''

function bmpNormalization(c: number): string {
  let m = bmp[c]
  if (m === undefined) {
    const ch = String.fromCharCode(c)
    const n = normalizeCodePoint(c, ch)
    m = n === ch ? '' : n
    bmp[c] = m
  }
  return m
}

/** The normalised text, copying untouched stretches in one piece (most Chinese text is untouched). */
export function normalizeForSearch(original: string): string {
  let out = ''
  let copied = 0
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < original.length) {
      const pair = original.slice(i, i + 2)
      const cp = pair.codePointAt(0) as number
      if (cp > 0xffff) {
        const n = normalizeCodePoint(cp, pair)
        if (n !== pair) {
          out += original.slice(copied, i) + n
          copied = i + 2
        }
        i++
        continue
      }
    }
    const m = bmp[c] ?? bmpNormalization(c)
    if (m === '') continue
    out += original.slice(copied, i) + m
    copied = i + 1
  }
  return copied === 0 ? original : out + original.slice(copied)
}

export function normalizeWithOffsets(original: string): NormalizedText {
  // Most text normalises character for character into the same length (CJK, full-width digits,
  // traditional characters): then every offset is its own, and no table is built.
  const flat = normalizeForSearch(original)
  if (flat.length === original.length && sameShape(original)) {
    const identity = new Int32Array(0)
    return { text: flat, starts: identity, ends: identity, identity: true }
  }
  let starts = new Int32Array(original.length + 16)
  let ends = new Int32Array(original.length + 16)
  let size = 0
  const parts: string[] = []
  for (let i = 0; i < original.length;) {
    const cp = original.codePointAt(i) as number
    const ch = cp > 0xffff ? original.slice(i, i + 2) : original[i]!
    const n = normalizeCodePoint(cp, ch)
    parts.push(n)
    if (size + n.length > starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(a.length * 2, size + n.length + 16))
        b.set(a)
        return b
      }
      starts = grow(starts)
      ends = grow(ends)
    }
    for (let k = 0; k < n.length; k++) {
      starts[size] = i
      ends[size] = i + ch.length
      size++
    }
    i += ch.length
  }
  return {
    text: parts.join(''),
    starts: starts.subarray(0, size),
    ends: ends.subarray(0, size),
    identity: false,
  }
}

/** Whether every character normalises to a string of its own length (offsets need no table). */
function sameShape(original: string): boolean {
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i)
    if (c < 0x80) continue
    if (c >= 0xd800 && c <= 0xdbff) {
      const pair = original.slice(i, i + 2)
      if (normalizeCodePoint(pair.codePointAt(0) as number, pair).length !== 2) return false
      i++
      continue
    }
    const m = bmpNormalization(c)
    if (m !== '' && m.length !== 1) return false
  }
  return true
}

/** Maps a [start, end) range of normalised text back to the original text. */
export function originalRange(norm: NormalizedText, start: number, end: number): [number, number] {
  if (norm.identity) return [start, end]
  return [norm.starts[start] ?? 0, norm.ends[end - 1] ?? 0]
}

/** The preimage table as far as it is built, and the first code unit not yet read into it. */
const preimages = new Map<string, string[]>()
let preimagesBuilt = 0

/**
 * Reads up to `count` more BMP characters into the preimage table (every one costs a
 * normalisation: about 0.1 s for all of them), so a reader can build it a step at a time before
 * its first search needs it. True once the table is complete.
 */
export function buildPreimages(count = 0x10000): boolean {
  const end = Math.min(0x10000, preimagesBuilt + count)
  for (let c = preimagesBuilt; c < end; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue
    const m = bmp[c] ?? bmpNormalization(c)
    if (m === '') continue
    for (const ch of new Set(m)) {
      const list = preimages.get(ch)
      if (list) list.push(String.fromCharCode(c))
      else preimages.set(ch, [String.fromCharCode(c)])
    }
  }
  preimagesBuilt = end
  return preimagesBuilt === 0x10000
}

/** For each normalised character, the original BMP characters whose normalisation contains it. */
function preimageTable(): Map<string, string[]> {
  buildPreimages()
  return preimages
}

/** Per needle: where its anchor stands in it, and a pattern for the anchor's preimages. */
const finders = new Map<string, { at: number; starter: RegExp }>()
const ASTRAL = /[\u{10000}-\u{10ffff}]/u

/**
 * The character of a needle whose places in a text are looked for: the first Han character, else
 * the first letter, else its first character. Punctuation and digits are everywhere in a report;
 * `(1)中，你` is found from its 中, not from every bracket.
 */
function anchorOf(needle: string): { ch: string; at: number } {
  let letter: { ch: string; at: number } | null = null
  for (let at = 0; at < needle.length;) {
    const ch = String.fromCodePoint(needle.codePointAt(at) as number)
    if (/\p{Script=Han}/u.test(ch)) return { ch, at }
    if (letter === null && /\p{L}/u.test(ch)) letter = { ch, at }
    at += ch.length
  }
  return letter ?? { ch: String.fromCodePoint(needle.codePointAt(0) as number), at: 0 }
}

/**
 * Whether the normalised form of `original` contains `needle` (already normalised), without
 * normalising all of it: only windows around the places where a character could become one
 * character of the needle (see anchorOf) are normalised. Same answer as
 * normalizeForSearch(original).includes(needle).
 */
export function containsNormalized(original: string, needle: string): boolean {
  if (needle === '' || original.includes(needle)) return true
  // The table holds BMP characters only: a text with others (𝐚 is a) is normalised whole.
  if (ASTRAL.test(original)) return normalizeForSearch(original).includes(needle)
  for (const { from, to } of anchorWindows(original, needle))
    if (normalizeForSearch(original.slice(from, to)).includes(needle)) return true
  return false
}

/**
 * The window of a BMP text around each place of a needle's anchor, in order: [from, to), and
 * where the anchor stands. Every character of a BMP text is one unit and becomes at least one
 * normalised character, so the `at` characters of the needle before its anchor come from at most
 * `at` units before it, and the rest from at most as many after: each occurrence of the needle
 * lies whole in the window of its anchor.
 */
function* anchorWindows(
  original: string,
  needle: string
): Generator<{ from: number; to: number; anchor: number }> {
  const { at, starter } = finderOf(needle)
  // matchAll reads a copy of the pattern: the shared one keeps no position between callers.
  for (const m of original.matchAll(starter))
    yield { from: Math.max(0, m.index - at), to: m.index + needle.length - at + 1, anchor: m.index }
}

/** A needle's anchor and the pattern of its preimages, made once per needle (a search checks many texts). */
function finderOf(needle: string): { at: number; starter: RegExp } {
  let finder = finders.get(needle)
  if (!finder) {
    const anchor = anchorOf(needle)
    const chars = [anchor.ch, ...(preimageTable().get(anchor.ch) ?? [])]
    const escaped = chars.map((ch) => ch.replace(/[\\\]^-]/gu, (x) => `\\${x}`)).join('')
    finder = { at: anchor.at, starter: new RegExp(`[${escaped}]`, 'gu') }
    if (finders.size > 1000) finders.clear()
    finders.set(needle, finder)
  }
  return finder
}

/** More places of a needle's anchor than this in one text, and the text is normalised whole. */
const DENSE_ANCHORS = 32

/**
 * Where `needle` (normalised) occurs in the normalised form of `original`: the [start, end) ranges
 * of `original` they come from, in order, at most `max`. The same ranges as normalising the whole
 * text with its offsets and looking for the needle there, but only short windows around the places
 * of the needle's anchor are normalised (a page of hits did that for each whole report before, a
 * third of the time of showing it once the texts were read).
 */
export function findNormalized(
  original: string,
  needle: string,
  max: number,
  /** The whole text normalised, when it is (several needles in one text normalise it once). */
  normalized: () => NormalizedText = () => normalizeWithOffsets(original)
): [number, number][] {
  const found: [number, number][] = []
  if (needle === '' || max <= 0) return found
  const whole = (): [number, number][] => {
    const norm = normalized()
    for (
      let p = norm.text.indexOf(needle);
      p >= 0 && found.length < max;
      p = norm.text.indexOf(needle, p + 1)
    )
      found.push(originalRange(norm, p, p + needle.length))
    return found
  }
  // Astral characters are not in the preimage table; and until a reader has built it (in steps,
  // see buildPreimages), a page's matches do not wait for it.
  if (preimagesBuilt < 0x10000 || ASTRAL.test(original)) return whole()
  const { at } = finderOf(needle)
  let anchors = 0
  for (const { from, to, anchor } of anchorWindows(original, needle)) {
    if (found.length >= max) break
    if (++anchors > DENSE_ANCHORS) {
      found.length = 0
      return whole()
    }
    const window = normalizeWithOffsets(original.slice(from, to))
    for (let p = window.text.indexOf(needle); p >= 0; p = window.text.indexOf(needle, p + 1)) {
      // The occurrences whose anchor comes from this character (the others have anchors of their own).
      if (from + originalRange(window, p + at, p + at + 1)[0] !== anchor) continue
      const [start, end] = originalRange(window, p, p + needle.length)
      if (found.length < max) found.push([from + start, from + end])
    }
  }
  return found
}
