/**
 * Turns a file's bytes into text: BOM first, then strict UTF-8, then a statistical detector
 * (chardet) whose candidates we check ourselves, because TextDecoder does not reject invalid
 * GB18030/Big5 bytes (it maps them to private-use or replacement characters).
 */
import { analyse } from 'chardet'
import { CodedError } from '../../../shared/result'
import { encodingNames, type EncodingName } from '../../../shared/api'

export interface DecodedText {
  text: string
  encoding: EncodingName
  /** Byte length of a byte-order mark that precedes the text (kept in the original bytes). */
  bomLength: number
}

const detectorNames: Record<string, EncodingName> = {
  'UTF-8': 'utf-8',
  GB18030: 'gb18030',
  Big5: 'big5',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
}

export function isEncodingName(name: string): name is EncodingName {
  return (encodingNames as readonly string[]).includes(name)
}

export function decodeBytes(bytes: Uint8Array, fileName: string, forced?: EncodingName): DecodedText {
  if (bytes.length === 0)
    throw new CodedError('EMPTY_FILE', `EMPTY_FILE: ${fileName} is empty; there is nothing to import.`)
  if (forced) return decodeForced(bytes, fileName, forced)

  const bom = detectBom(bytes)
  if (bom) {
    const text = new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.length))
    assertLooksLikeText(text, fileName, bom.encoding)
    return { text, encoding: bom.encoding, bomLength: bom.length }
  }

  const utf8 = tryStrictUtf8(bytes)
  // UTF-16 without a BOM can be valid UTF-8 too (ASCII, and CJK such as 年 = 5E 74), with NULs
  // between the characters: the candidates below recognise it by that NUL pattern.
  if (utf8 !== null && !(utf8.includes('\u0000') && utf16WithoutBom(bytes) !== null)) {
    assertLooksLikeText(utf8, fileName, 'utf-8')
    return { text: utf8, encoding: 'utf-8', bomLength: 0 }
  }

  const candidates = candidateEncodings(bytes)
  let best: { text: string; encoding: EncodingName; badness: number } | null = null
  for (const encoding of candidates) {
    const text = new TextDecoder(encoding).decode(bytes)
    const badness = textBadness(text)
    if (badness.controls > 0) continue
    if (!best || badness.score < best.badness) best = { text, encoding, badness: badness.score }
  }
  if (best && best.badness <= 0.002) return { text: best.text, encoding: best.encoding, bomLength: 0 }
  if (looksBinary(bytes)) throw notText(fileName)
  throw new CodedError(
    'ENCODING_UNKNOWN',
    `ENCODING_UNKNOWN: could not tell the text encoding of ${fileName}; choose one (${encodingNames.join(', ')}).`
  )
}

/** The text of stored original bytes, decoded as they were on import (no detection, no checks). */
export function decodeStored(bytes: Uint8Array, encoding: EncodingName, bomLength: number): string {
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength))
}

function decodeForced(bytes: Uint8Array, fileName: string, encoding: EncodingName): DecodedText {
  const bom = detectBom(bytes)
  const bomLength = bom && bom.encoding === encoding ? bom.length : 0
  const text = decodeStored(bytes, encoding, bomLength)
  // The user chose this encoding after seeing a preview: a few damaged characters are accepted.
  assertLooksLikeText(text, fileName, encoding, 0.05)
  return { text, encoding, bomLength }
}

function detectBom(bytes: Uint8Array): { encoding: EncodingName; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 }
  if (bytes[0] === 0x84 && bytes[1] === 0x31 && bytes[2] === 0x95 && bytes[3] === 0x33)
    return { encoding: 'gb18030', length: 4 }
  return null
}

function tryStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return null
  }
}

function candidateEncodings(bytes: Uint8Array): EncodingName[] {
  const ordered: EncodingName[] = []
  for (const match of analyse(bytes)) {
    const name = detectorNames[match.name]
    if (name && name !== 'utf-8' && !ordered.includes(name)) ordered.push(name)
  }
  // The detector only reports UTF-16 with a BOM; text without one is recognised by its NUL pattern.
  const utf16 = utf16WithoutBom(bytes)
  if (utf16 && !ordered.includes(utf16)) ordered.unshift(utf16)
  for (const fallback of ['gb18030', 'big5'] as const) if (!ordered.includes(fallback)) ordered.push(fallback)
  return ordered
}

function utf16WithoutBom(bytes: Uint8Array): EncodingName | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null
  let evenZeros = 0
  let oddZeros = 0
  const n = Math.min(bytes.length, 64 * 1024)
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue
    if (i % 2 === 0) evenZeros++
    else oddZeros++
  }
  const pairs = n / 2
  // The other half has a few NULs too: CJK characters such as 开 (U+5F00) have a zero byte.
  if (oddZeros > pairs * 0.2 && evenZeros < Math.max(pairs * 0.02, oddZeros * 0.1)) return 'utf-16le'
  if (evenZeros > pairs * 0.2 && oddZeros < Math.max(pairs * 0.02, evenZeros * 0.1)) return 'utf-16be'
  // Chinese-only UTF-16 has few NULs: judge by decoding instead.
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const text = new TextDecoder(encoding).decode(bytes.subarray(0, n))
    let cjk = 0
    for (const ch of text) if (isCommonHanOrPunctuation(ch.codePointAt(0) ?? 0)) cjk++
    if (cjk > text.length * 0.6 && textBadness(text).score === 0) return encoding
  }
  return null
}

function isCommonHanOrPunctuation(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef)
}

/**
 * How wrong a decoding looks: replacement and private-use characters (what invalid GB18030 or
 * Big5 bytes become) and control characters (what binary data becomes).
 */
export function textBadness(text: string): { score: number; controls: number } {
  let bad = 0
  let controls = 0
  let total = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    total++
    if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff)) bad++
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || (c >= 0x7f && c <= 0x9f))
      controls++
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1)
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++
      else bad++
    }
  }
  return { score: total === 0 ? 0 : (bad + controls) / total, controls }
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64 * 1024)
  let suspicious = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0
    if (b === 0) return true
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) suspicious++
  }
  return suspicious > n * 0.01
}

function notText(fileName: string): CodedError {
  return new CodedError(
    'NOT_TEXT',
    `NOT_TEXT: ${fileName} is not a text file (it contains binary data); only .txt, .md and .html text can be imported.`
  )
}

function assertLooksLikeText(text: string, fileName: string, encoding: EncodingName, tolerance = 0.01): void {
  const badness = textBadness(text)
  if (text.includes('\u0000') || badness.controls > Math.max(2, text.length * 0.001)) throw notText(fileName)
  if (badness.score > tolerance)
    throw new CodedError(
      'ENCODING_UNKNOWN',
      `ENCODING_UNKNOWN: ${fileName} does not read as ${encoding}; choose another encoding (${encodingNames.join(', ')}).`
    )
}

/** The start of the bytes decoded with every supported encoding, and whether each reads cleanly. */
export function previewEncodings(
  bytes: Uint8Array
): { encoding: EncodingName; preview: string; readable: boolean }[] {
  const head = bytes.subarray(0, 4096)
  return encodingNames.map((encoding) => {
    const text = new TextDecoder(encoding).decode(head)
    const badness = textBadness(text)
    return { encoding, preview: text.slice(0, 240), readable: badness.controls === 0 && badness.score < 0.01 }
  })
}
