/**
 * Each document's texts stored once, compressed (table `document_texts`, migration 12): the
 * original bytes, the text its reports were split from, and each report's display text, packed
 * into one brotli stream. Stored separately they were three copies of the same words (5.9× the
 * text at 100k reports with the index); packed, the copies after the first cost next to nothing,
 * because the compressor refers back to the words it has already seen, and a plain-text file's
 * text is not stored at all when decoding the original gives it back exactly.
 *
 * The original comes back byte for byte; a report's text comes back exactly as it was written.
 * Readers keep the last documents they unpacked, per registry token, so a list of hits from one
 * document unpacks it once.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import type { EncodingName } from '../../../shared/api'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { registryToken } from '../search/index-store'
import { decodeStored, isEncodingName } from './decode'

export interface DocumentTexts {
  /** The file's bytes as imported. */
  original: Buffer
  /** The text its sections were split from (decoded, or what a parser made of it). */
  text: string
  /** Each section's display text, in section order (`ord`). */
  sections: string[]
}

/** How a plain-text original is decoded: when that gives `text` exactly, the text is not stored. */
export interface Decoding {
  encoding: string
  bomLength: number
}

interface Header {
  v: 1
  /** Bytes of the original. */
  o: number
  /** Bytes of the text (UTF-8), or null when it is the original decoded as `e`/`b`. */
  t: number | null
  e?: string
  b?: number
  /** Bytes of each section's text (UTF-8). */
  s: number[]
}

const QUALITY = 5

function decodable(texts: DocumentTexts, decoding: Decoding | null): decoding is Decoding {
  if (!decoding || !isEncodingName(decoding.encoding)) return false
  try {
    return decodeStored(texts.original, decoding.encoding, decoding.bomLength) === texts.text
  } catch {
    return false
  }
}

export function packTexts(texts: DocumentTexts, decoding: Decoding | null): Buffer {
  const derived = decodable(texts, decoding)
  const text = derived ? null : Buffer.from(texts.text, 'utf8')
  const sections = texts.sections.map((s) => Buffer.from(s, 'utf8'))
  const header: Header = {
    v: 1,
    o: texts.original.length,
    t: text ? text.length : null,
    ...(derived ? { e: decoding.encoding, b: decoding.bomLength } : {}),
    s: sections.map((s) => s.length),
  }
  const head = Buffer.from(JSON.stringify(header), 'utf8')
  const size = Buffer.alloc(4)
  size.writeUInt32LE(head.length)
  const raw = Buffer.concat([size, head, texts.original, ...(text ? [text] : []), ...sections])
  return brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  })
}

/** A document's texts, all at hand (a backup or a rebuild reads the original and the text too). */
export function unpackTexts(packed: Buffer): DocumentTexts {
  return unpack(packed, true).texts
}

/** The packed stream's parts: its header, and where the original, the text and the sections start. */
function unpackRaw(packed: Buffer): { raw: Buffer; header: Header; originalAt: number; textAt: number } {
  const raw = brotliDecompressSync(packed)
  const headLength = raw.readUInt32LE(0)
  const header = JSON.parse(raw.subarray(4, 4 + headLength).toString('utf8')) as Header
  if (header.v !== 1) throw new Error(`stored texts of an unknown layout (${String(header.v)})`)
  const originalAt = 4 + headLength
  return { raw, header, originalAt, textAt: originalAt + header.o }
}

/**
 * The texts, with what they hold in memory: the section texts (what searches read) and the packed
 * bytes. The original and the text are unpacked again when first asked for (a backup, a re-split):
 * a kept document held on to its whole unpacked buffer (16 KB, the decompressor's output chunk,
 * for a 4 KB document), and those buffers were most of what the garbage collector had to trace
 * and move between searches.
 */
function unpack(packed: Buffer, keepWhole = false): { texts: DocumentTexts; bytes: number } {
  const first = unpackRaw(packed)
  const { raw, header, textAt } = first
  let at = textAt + (header.t ?? 0)
  const sections = header.s.map((n) => raw.subarray(at, (at += n)).toString('utf8'))
  let whole = keepWhole ? first : undefined
  const unpacked = (): ReturnType<typeof unpackRaw> => (whole ??= unpackRaw(packed))
  let original: Buffer | undefined
  let text: string | undefined
  const texts = { sections } as DocumentTexts
  Object.defineProperties(texts, {
    original: {
      enumerable: true,
      get: () => {
        if (original) return original
        const { raw: all, originalAt: from, textAt: to } = unpacked()
        // A copy: the original outlives the unpacked buffer (and may be handed out).
        return (original = Buffer.from(all.subarray(from, to)))
      },
    },
    text: {
      enumerable: true,
      get: () => {
        if (text !== undefined) return text
        const { raw: all, header: head, textAt: from } = unpacked()
        return (text =
          head.t === null
            ? decodeStored(texts.original, head.e as EncodingName, head.b ?? 0)
            : all.subarray(from, from + head.t).toString('utf8'))
      },
    },
  })
  const sectionChars = sections.reduce((n, t) => n + t.length, 0)
  // The packed bytes and the section texts: what a search holds. The original and the text, made
  // when a backup or a re-split asks for them, are not counted: those go through documents once.
  return { texts, bytes: packed.length + 2 * sectionChars }
}

/** Stores a document's texts, replacing what was stored. */
export function writeDocumentTexts(
  db: Db,
  documentId: number,
  texts: DocumentTexts,
  decoding: Decoding | null
): void {
  writePackedTexts(db, documentId, packTexts(texts, decoding))
}

/** Stores a document's texts packed beforehand (packTexts), replacing what was stored. */
export function writePackedTexts(db: Db, documentId: number, packed: Buffer): void {
  statement(db, 'INSERT OR REPLACE INTO document_texts (document_id, packed) VALUES (?, ?)').run(
    documentId,
    packed
  )
}

/** How a plain-text original decodes to its text, or null for other formats (their text is stored). */
export function decodingOf(fields: { format: string; encoding: string; bomLength: number }): Decoding | null {
  return fields.format === 'txt' ? { encoding: fields.encoding, bomLength: fields.bomLength } : null
}

/**
 * Replaces the section texts of a stored document, keeping its original and text; or stores them
 * with the original and text given (`base`: a restore, which has them in hand).
 */
export function writeSectionTexts(
  db: Db,
  documentId: number,
  sections: string[],
  base?: { original: Buffer; text: string }
): void {
  const stored = base ?? readDocumentTexts(db, documentId)
  if (!stored) throw new Error(`document ${documentId} has no stored texts`)
  writeDocumentTexts(db, documentId, { ...stored, sections }, storedDecoding(db, documentId))
}

function storedDecoding(db: Db, documentId: number): Decoding | null {
  const row = statement<[number], { encoding: string; bom_length: number; format: string }>(
    db,
    'SELECT encoding, bom_length, format FROM documents WHERE id = ?'
  ).get(documentId)
  return row ? decodingOf({ format: row.format, encoding: row.encoding, bomLength: row.bom_length }) : null
}

/**
 * What a connection keeps unpacked: the last documents read, up to a memory budget. A very large
 * file is unpacked each time it is read instead of being held.
 */
const KEEP_BYTES = 32 * 1024 * 1024
const KEEP_ONE_BYTES = KEEP_BYTES / 8
interface Kept {
  token: string
  documents: Map<number, { texts: DocumentTexts; bytes: number }>
  bytes: number
}
const unpacked = new WeakMap<Db, Kept>()

/** A document's stored texts, or undefined when there is no such document. */
export function readDocumentTexts(db: Db, documentId: number): DocumentTexts | undefined {
  const token = registryToken(db)
  let cache = unpacked.get(db)
  if (!cache || cache.token !== token) {
    cache = { token, documents: new Map(), bytes: 0 }
    unpacked.set(db, cache)
  }
  const kept = cache.documents.get(documentId)
  if (kept) {
    // The most recently read go last: the first are the ones given up.
    cache.documents.delete(documentId)
    cache.documents.set(documentId, kept)
    return kept.texts
  }
  const packed = statement<[number], Buffer>(db, 'SELECT packed FROM document_texts WHERE document_id = ?')
    .pluck()
    .get(documentId)
  if (!packed) return undefined
  const { texts, bytes } = unpack(packed)
  if (bytes > KEEP_ONE_BYTES) return texts
  for (const [id, old] of cache.documents) {
    if (cache.bytes + bytes <= KEEP_BYTES) break
    cache.documents.delete(id)
    cache.bytes -= old.bytes
  }
  cache.documents.set(documentId, { texts, bytes })
  cache.bytes += bytes
  return texts
}

/** A section's display text, or undefined when there is no such section. */
export function sectionText(db: Db, sectionId: number): string | undefined {
  const at = statement<[number], { document_id: number; ord: number }>(
    db,
    'SELECT document_id, ord FROM sections WHERE id = ?'
  ).get(sectionId)
  if (!at) return undefined
  return readDocumentTexts(db, at.document_id)?.sections[at.ord]
}

/**
 * Calls `each` with the display text of each of the sections, a few hundred at a time in document
 * order (a search's candidates: reading the stored texts in order is a quarter faster than one by
 * one in id order, and a page at a time holds only that page's texts).
 */
export function forSectionTexts(
  db: Db,
  sectionIds: readonly number[],
  each: (id: number, text: string) => void
): void {
  const PAGE = 500
  for (let from = 0; from < sectionIds.length; from += PAGE) {
    const rows = statement<[string], [number, number, number]>(
      db,
      'SELECT id, document_id, ord FROM sections WHERE id IN (SELECT value FROM json_each(?)) ORDER BY document_id'
    )
      .raw()
      .all(JSON.stringify(sectionIds.slice(from, from + PAGE)))
    for (const [id, documentId, ord] of rows) {
      const text = readDocumentTexts(db, documentId)?.sections[ord]
      if (text !== undefined) each(id, text)
    }
  }
}

/** The original bytes of a document. */
export function documentOriginal(db: Db, documentId: number): Buffer | undefined {
  return readDocumentTexts(db, documentId)?.original
}

/** The text a document's sections were split from. */
export function documentText(db: Db, documentId: number): string | undefined {
  return readDocumentTexts(db, documentId)?.text
}

/**
 * Calls `each` with every section's id and display text, a page of documents at a time (a scan of
 * the whole library, for the benchmark: it never holds more than a page of texts).
 */
export function eachSectionText(db: Db, each: (id: number, text: string) => void): void {
  const page = db.prepare<[number], { document_id: number; packed: Buffer }>(
    'SELECT document_id, packed FROM document_texts WHERE document_id > ? ORDER BY document_id LIMIT 500'
  )
  const sections = db.prepare<[number], { id: number; ord: number }>(
    'SELECT id, ord FROM sections WHERE document_id = ?'
  )
  for (let rows = page.all(0); rows.length > 0; rows = page.all(rows[rows.length - 1]!.document_id))
    for (const row of rows) {
      const texts = unpackTexts(row.packed).sections
      for (const s of sections.all(row.document_id)) each(s.id, texts[s.ord] ?? '')
    }
}

/** Every section's id and display text, in id order (tests). */
export function allSectionTexts(db: Db): { id: number; text: string }[] {
  const out: { id: number; text: string }[] = []
  eachSectionText(db, (id, text) => out.push({ id, text }))
  return out.sort((a, b) => a.id - b.id)
}
