/**
 * Word documents (.docx) through mammoth: paragraphs become lines, Word's heading styles (and the
 * Title style) become heading hints, bold-only paragraphs too; footnotes and endnotes come last,
 * as mammoth places them. Images are dropped, and mammoth may not read files the document links to.
 */
import mammoth from 'mammoth'
import { parseHTML } from 'linkedom'
import { CodedError } from '../../../../shared/result'
import { blockLines, type DomNode } from './blocks'
import type { ExtractedDocument } from './types'
import { inspectZip } from './zip-limits'

const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "p[style-name='标题'] => h1:fresh",
  "p[style-name='副标题'] => h2:fresh",
]

export async function extractDocx(bytes: Uint8Array, name: string): Promise<ExtractedDocument> {
  const zip = inspectZip(bytes, name)
  if (!zip.names.includes('word/document.xml'))
    throw new CodedError(
      'DOCUMENT_DAMAGED',
      `DOCUMENT_DAMAGED: ${name} is not a Word document (.docx): it has no word/document.xml.`
    )
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      }
    )
    // A footnote's or endnote's link back to its mark (↑) is not its text.
    html = result.value.replace(/ ?<a href="#(?:footnote|endnote)-ref-[^"<>]{1,40}">↑<\/a>/gu, '')
  } catch {
    throw new CodedError(
      'DOCUMENT_DAMAGED',
      `DOCUMENT_DAMAGED: ${name} is damaged and could not be read; open it in Word and save it again.`
    )
  }
  const { document } = parseHTML(`<html><body>${html}</body></html>`)
  const { lines, headingLines } = blockLines(document.body as unknown as DomNode)
  const firstHeading = headingLines[0]
  const title = firstHeading === 0 ? (lines[0] ?? null) : null
  return { title, text: lines.join('\n'), headingLines, date: null, source: null }
}
