/**
 * One extractor per format, one way in: bytes (already decoded for text formats) to lines with
 * heading hints and metadata. Text formats are decoded first (encoding detection, override);
 * .docx and .pdf are containers read from their bytes. The HTML, Word and PDF readers load on
 * first use, so commands that import nothing (the CLI's list, show, search) start at once.
 */
import { extractMarkdown } from './markdown'
import { plainDocument, type ExtractedDocument, type FileKind } from './types'

export { fileKindOf, isTextKind, type ExtractedDocument, type FileKind } from './types'

export async function extractTextDocument(
  kind: 'txt' | 'md' | 'html',
  decoded: string
): Promise<ExtractedDocument> {
  if (kind === 'html') return (await import('./html')).extractHtml(decoded)
  if (kind === 'md') return extractMarkdown(decoded)
  return plainDocument(decoded)
}

export async function extractBinaryDocument(
  kind: Exclude<FileKind, 'txt' | 'md' | 'html'>,
  bytes: Uint8Array,
  name: string
): Promise<ExtractedDocument> {
  return kind === 'docx'
    ? (await import('./docx')).extractDocx(bytes, name)
    : (await import('./pdf')).extractPdf(bytes, name)
}
