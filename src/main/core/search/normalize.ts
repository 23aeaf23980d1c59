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
  const parts: string[] = []
  const startList: number[] = []
  const endList: number[] = []
  for (let i = 0; i < original.length;) {
    const cp = original.codePointAt(i) as number
    const ch = cp > 0xffff ? original.slice(i, i + 2) : original[i]!
    const n = normalizeCodePoint(cp, ch)
    parts.push(n)
    for (let k = 0; k < n.length; k++) {
      startList.push(i)
      endList.push(i + ch.length)
    }
    i += ch.length
  }
  return { text: parts.join(''), starts: Int32Array.from(startList), ends: Int32Array.from(endList) }
}

/** Maps a [start, end) range of normalised text back to the original text. */
export function originalRange(norm: NormalizedText, start: number, end: number): [number, number] {
  return [norm.starts[start] ?? 0, norm.ends[end - 1] ?? 0]
}
