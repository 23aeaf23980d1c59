/** What every format's extractor gives the splitter: lines of text with structure hints and metadata. */
import { extensionOf, unsupportedKind, type UnsupportedKind } from '../../../../shared/unsupported'

export type FileKind = 'txt' | 'md' | 'html' | 'docx' | 'pdf'

export interface ExtractedDocument {
  /** The document's title (HTML <title>/og:title, first Markdown or Word heading), if it has one. */
  title: string | null
  /** Readable text, one block per line. Sections are line ranges of this text. */
  text: string
  /**
   * Lines the format itself marks as headings (<h1>–<h6>, a paragraph of bold text only, a Word
   * heading style, larger type in a PDF, a Markdown heading).
   */
  headingLines: number[]
  /** Publication date from metadata (ISO), if the format carries one. */
  date: string | null
  /** Source or publisher from metadata (the WeChat account, meta source), if any. */
  source: string | null
}

export function fileKindOf(name: string): FileKind | null {
  const ext = extensionOf(name)
  if (ext === 'txt' || ext === 'text') return 'txt'
  if (ext === 'md' || ext === 'markdown') return 'md'
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml' || ext === 'shtml') return 'html'
  if (ext === 'docx') return 'docx'
  if (ext === 'pdf') return 'pdf'
  return null
}

const ADVICE: Record<UnsupportedKind, string> = {
  office: 'open it in Word or WPS, save it as a Word document (.docx) and import that',
  'web-archive': 'open it in the browser, save it as a web page (HTML only) and import that',
  archive: 'unpack it and import the files inside',
  image: 'it is an image; run text recognition (OCR) on it first',
}

/** Why a file the app does not read is refused, with what to do instead (unsupportedKind). */
export function unsupportedMessage(name: string): string {
  const base = `UNSUPPORTED_TYPE: ${name} is not a file this app reads (.txt, .md, .html, .docx, .pdf)`
  const kind = unsupportedKind(name)
  return kind ? `${base}: ${ADVICE[kind]}.` : `${base}.`
}

/** Why a file whose bytes are an old binary Office file (sniffedKind 'ole') is refused, whatever its name. */
export const oldOfficeMessage = (name: string): string =>
  `UNSUPPORTED_TYPE: ${name} is an old Word, Excel or WPS file (97–2003 format); ${ADVICE.office}.`

/** The magic numbers of the formats told apart by content. */
const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/**
 * What a file's bytes say it is, whatever its name says: a PDF, a ZIP (a .docx is one) or an old
 * binary Office file (.doc, .xls, .wps); null for anything else (text, by its name).
 */
export function sniffedKind(bytes: Uint8Array): 'pdf' | 'zip' | 'ole' | null {
  if (startsWith(bytes, PDF_MAGIC)) return 'pdf'
  if (startsWith(bytes, ZIP_MAGIC)) return 'zip'
  if (startsWith(bytes, OLE_MAGIC)) return 'ole'
  return null
}

/** Formats read as text (decoded with encoding detection) rather than as a binary container. */
export const isTextKind = (kind: FileKind): boolean => kind === 'txt' || kind === 'md' || kind === 'html'

export function plainDocument(text: string, title: string | null = null): ExtractedDocument {
  return { title, text, headingLines: [], date: null, source: null }
}
