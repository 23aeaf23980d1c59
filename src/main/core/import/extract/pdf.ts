/**
 * PDFs with a text layer, through pdf.js (unpdf's Node build). Lines that a paragraph wrapped are
 * joined back (a phrase split across two lines is still found), page numbers are dropped, larger
 * type marks headings, and CJK radicals some PDF fonts use (⽉ ⼴) become the characters they show.
 * A scan without text, a password-protected file or a damaged one is refused with a sentence.
 */
import { getDocumentProxy } from 'unpdf'
import { CodedError } from '../../../../shared/result'
import { simplifiedHu, unifyRadicals } from './radicals'
import type { ExtractedDocument } from './types'

export const MAX_PDF_PAGES = 2_000
const MAX_TEXT_CHARS = 16 * 1024 * 1024

interface PdfLine {
  text: string
  left: number
  right: number
  height: number
}

interface TextPiece {
  str: string
  hasEOL: boolean
  transform: number[]
  width: number
  height: number
}

const isTextPiece = (item: unknown): item is TextPiece =>
  typeof item === 'object' && item !== null && 'str' in item && 'transform' in item

const PAGE_NUMBER =
  /^[\s\-—–·•]{0,3}(?:第[\s]{0,2}\d{1,5}[\s]{0,2}页(?:[\s]{0,2}[/／共][\s]{0,2}\d{1,5}[\s]{0,2}页?)?|\d{1,5}(?:[\s]{0,2}[/／][\s]{0,2}\d{1,5})?|[-—–][\s]{0,2}\d{1,5}[\s]{0,2}[-—–])[\s\-—–·•]{0,3}$/u
const SENTENCE_END = /[。！？!?；;：:”」』）)]$/u
const LATIN_EDGE = /[A-Za-z0-9]$/u
const LATIN_START = /^[A-Za-z0-9]/u

function pageLines(items: readonly unknown[]): PdfLine[] {
  const lines: PdfLine[] = []
  let current: PdfLine | null = null
  let lastY: number | null = null
  for (const item of items) {
    if (!isTextPiece(item)) continue
    const x = item.transform[4] ?? 0
    const y = item.transform[5] ?? 0
    if (current && lastY !== null && Math.abs(y - lastY) > Math.max(2, current.height * 0.5)) {
      lines.push(current)
      current = null
    }
    if (item.str !== '') {
      if (!current) current = { text: '', left: x, right: x, height: 0 }
      current.text += item.str
      current.right = Math.max(current.right, x + item.width)
      current.height = Math.max(current.height, item.height)
      lastY = y
    }
    if (item.hasEOL && current) {
      lines.push(current)
      current = null
    }
  }
  if (current) lines.push(current)
  return lines.filter((l) => l.text.trim() !== '' && !PAGE_NUMBER.test(l.text))
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * Joins a page's wrapped lines into paragraphs: a line that reaches the right margin and does not
 * end a sentence continues on the next line of the same size.
 */
function paragraphs(lines: readonly PdfLine[], bodyHeight: number): { text: string; heading: boolean }[] {
  const margin = Math.max(...lines.map((l) => l.right))
  const out: { text: string; heading: boolean }[] = []
  let open: { text: string; heading: boolean; line: PdfLine } | null = null
  for (const line of lines) {
    const text = line.text.trim()
    const heading = line.height > bodyHeight * 1.15
    const continues =
      open !== null &&
      !open.heading &&
      !heading &&
      Math.abs(line.height - open.line.height) < 0.5 &&
      open.line.right >= margin - open.line.height * 1.5 &&
      !SENTENCE_END.test(open.text)
    if (open && continues) {
      const space = LATIN_EDGE.test(open.text) && LATIN_START.test(text) ? ' ' : ''
      open.text += space + text
      open.line = line
      continue
    }
    if (open) out.push({ text: open.text, heading: open.heading })
    open = { text, heading, line }
  }
  if (open) out.push({ text: open.text, heading: open.heading })
  return out
}

function refusal(error: unknown, name: string): CodedError {
  const kind = error instanceof Error ? error.name : ''
  if (kind === 'PasswordException')
    return new CodedError(
      'PDF_ENCRYPTED',
      `PDF_ENCRYPTED: ${name} is protected by a password; save an unprotected copy and import that.`
    )
  return new CodedError(
    'DOCUMENT_DAMAGED',
    `DOCUMENT_DAMAGED: ${name} is damaged or not a PDF and could not be read.`
  )
}

export async function extractPdf(bytes: Uint8Array, name: string): Promise<ExtractedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    // A copy: pdf.js takes ownership of the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, verbosity: 0 })
  } catch (err) {
    throw refusal(err, name)
  }
  try {
    if (pdf.numPages > MAX_PDF_PAGES)
      throw new CodedError(
        'PDF_TOO_LONG',
        `PDF_TOO_LONG: ${name} has ${pdf.numPages} pages; PDFs of up to ${MAX_PDF_PAGES} pages can be imported.`
      )
    const pages: PdfLine[][] = []
    let chars = 0
    for (let n = 1; n <= pdf.numPages && chars < MAX_TEXT_CHARS; n++) {
      const page = await pdf.getPage(n)
      const content = await page.getTextContent()
      const lines = pageLines(content.items)
      chars += lines.reduce((sum, l) => sum + l.text.length, 0)
      pages.push(lines)
      page.cleanup()
    }
    const all = pages.flat()
    if (all.every((l) => l.text.trim() === ''))
      throw new CodedError(
        'PDF_NO_TEXT',
        `PDF_NO_TEXT: ${name} has no text layer (a scan or images only); run text recognition (OCR) on it first.`
      )
    const bodyHeight = median(all.map((l) => l.height))
    const lines: string[] = []
    const headingLines: number[] = []
    for (const page of pages)
      for (const p of paragraphs(page, bodyHeight)) {
        if (p.heading) headingLines.push(lines.length)
        lines.push(unifyRadicals(p.text))
      }
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined
    // A page printed from a browser carries its address (about:blank, https://…) as its title.
    const raw = typeof info?.Title === 'string' ? info.Title.trim() : ''
    const title = raw === '' || /^(?:about|https?|file|data):/iu.test(raw) ? null : unifyRadicals(raw)
    return { title, text: simplifiedHu(lines.join('\n')), headingLines, date: null, source: null }
  } catch (err) {
    if (err instanceof CodedError) throw err
    throw refusal(err, name)
  } finally {
    await pdf.destroy().catch(() => undefined)
  }
}
