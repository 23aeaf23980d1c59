/**
 * Preparing a file for the library: reading its text (decoding or extracting it), splitting it
 * into reports, and everything about it that needs no database: its packed texts and each
 * report's index entry. Pure work, done on a prepare worker where there is one
 * (prepare-worker.ts), so the writing thread only writes.
 */
import type { EncodingName } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import { indexEntry, type IndexEntry } from '../search/index-store'
import { decodeBytes } from './decode'
import { decodingOf, packTexts } from './document-texts'
import { extractBinaryDocument, extractTextDocument, type ExtractedDocument } from './extract'
import { fileKindOf, oldOfficeMessage, sniffedKind, unsupportedMessage, type FileKind } from './extract/types'
import { inspectZip } from './extract/zip-limits'
import type { ImportSource } from './sources'
import { displayText, splitDistrictReports, type SplitDocument } from './split'
import type { DocumentFields } from './store-document'

export interface PreparedDocument {
  source: ImportSource
  fields: DocumentFields
  split: SplitDocument
  /** Made beside the split where that is cheaper than on the writing thread (a prepare worker). */
  stored?: StoredParts
}

/** Everything the splitter needs again to re-derive a document (corrections, upgrades). */
export interface StoredHints {
  headingLines: number[]
  title: string | null
  date: string | null
  source: string | null
  /** The year the user gave a file that states none. */
  year?: number | null
}

/**
 * The format a file is read in: by its bytes when they say PDF or Word document (a download saved
 * without its extension, a PDF named .txt), otherwise by its name.
 */
function kindOf(name: string, bytes: Uint8Array): FileKind {
  const sniffed = sniffedKind(bytes)
  if (sniffed === 'pdf') return 'pdf'
  if (sniffed === 'zip' && isWordZip(bytes, name)) return 'docx'
  if (sniffed === 'ole') throw new CodedError('UNSUPPORTED_TYPE', oldOfficeMessage(name))
  const named = fileKindOf(name)
  if (named === null) throw new CodedError('UNSUPPORTED_TYPE', unsupportedMessage(name))
  return named
}

/** Whether a ZIP is a Word document (it has word/document.xml). */
function isWordZip(bytes: Uint8Array, name: string): boolean {
  try {
    return inspectZip(bytes, name).names.includes('word/document.xml')
  } catch {
    return false
  }
}

export async function extractSource(
  source: ImportSource,
  bytes: Uint8Array,
  encoding: EncodingName | undefined
): Promise<{ extracted: ExtractedDocument; encoding: string; bomLength: number; format: string }> {
  const kind = kindOf(source.name, bytes)
  if (kind === 'docx' || kind === 'pdf') {
    if (bytes.length === 0)
      throw new CodedError('EMPTY_FILE', `EMPTY_FILE: ${source.name} is empty; there is nothing to import.`)
    return {
      extracted: await extractBinaryDocument(kind, bytes, source.name),
      encoding: 'binary',
      bomLength: 0,
      format: kind,
    }
  }
  const decoded = decodeBytes(bytes, source.name, encoding)
  return {
    extracted: await extractTextDocument(kind, decoded.text),
    encoding: decoded.encoding,
    bomLength: decoded.bomLength,
    format: kind,
  }
}

export function hintsOf(extracted: ExtractedDocument): StoredHints {
  return {
    headingLines: extracted.headingLines,
    title: extracted.title,
    date: extracted.date,
    source: extracted.source,
  }
}

/** The hints as stored: JSON of the non-empty ones, or null when there are none (the same split). */
function storedHints(hints: StoredHints): string | null {
  const found = Object.entries(hints).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
  return found.length === 0 ? null : JSON.stringify(Object.fromEntries(found))
}

/** Reads, decodes, extracts and splits one file; no database work. */
export async function prepareDocument(
  source: ImportSource,
  bytes: Uint8Array,
  hash: string,
  encoding: EncodingName | undefined
): Promise<PreparedDocument> {
  const { extracted, ...how } = await extractSource(source, bytes, encoding)
  if (extracted.text.trim() === '')
    throw new CodedError('EMPTY_FILE', `EMPTY_FILE: ${source.name} has no readable text.`)
  const hints = { ...hintsOf(extracted), year: source.year ?? null }
  const split = splitDistrictReports(extracted.text, hints)
  const fields: DocumentFields = {
    path: source.path,
    title: extracted.title ?? source.name.replace(/\.[^.]+$/u, ''),
    source: split.source,
    encoding: how.encoding,
    bomLength: how.bomLength,
    hash,
    original: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    byteSize: bytes.byteLength,
    text: extracted.text,
    year: split.year,
    date: split.date,
    format: how.format,
    // Only what the extractor found: a plain file's hints are all empty, and stored as none.
    hints: storedHints(hints),
    importedAt: new Date().toISOString(),
  }
  return { source, fields, split }
}

/**
 * What a new document's rows need besides its fields: its packed texts (unless the writing thread
 * is to pack them) and its reports' index entries.
 */
export interface StoredParts {
  packed?: Buffer
  index: IndexEntry[]
}

/** The index entries and (with `pack`) the packed texts of a prepared document, as insertDocument would make them. */
export function storedParts(prepared: PreparedDocument, pack = true): StoredParts {
  const texts = prepared.split.sections.map(displayText)
  const index = texts.map(indexEntry)
  return pack ? { packed: packPrepared(prepared, texts), index } : { index }
}

/** A prepared document's texts packed as insertDocument would pack them. */
export function packPrepared(
  prepared: Pick<PreparedDocument, 'fields' | 'split'>,
  texts = prepared.split.sections.map(displayText)
): Buffer {
  const { fields } = prepared
  return packTexts({ original: fields.original, text: fields.text, sections: texts }, decodingOf(fields))
}
