/**
 * One extractor per format, one way in: bytes (already decoded for text formats) to lines with
 * heading hints and metadata. Text formats are decoded first (encoding detection, override);
 * .docx and .pdf are containers read from their bytes.
 */
import { extractDocx } from './docx'
import { extractHtml } from './html'
import { extractMarkdown } from './markdown'
import { extractPdf } from './pdf'
import { plainDocument, type ExtractedDocument, type FileKind } from './types'

export { fileKindOf, isTextKind, type ExtractedDocument, type FileKind } from './types'

export function extractTextDocument(kind: 'txt' | 'md' | 'html', decoded: string): ExtractedDocument {
  if (kind === 'html') return extractHtml(decoded)
  if (kind === 'md') return extractMarkdown(decoded)
  return plainDocument(decoded)
}

export function extractBinaryDocument(
  kind: Exclude<FileKind, 'txt' | 'md' | 'html'>,
  bytes: Uint8Array,
  name: string
): Promise<ExtractedDocument> {
  return kind === 'docx' ? extractDocx(bytes, name) : extractPdf(bytes, name)
}
