/** What every format's extractor gives the splitter: lines of text with structure hints and metadata. */
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
  const ext = /\.([^./\\]+)$/u.exec(name.toLowerCase())?.[1]
  if (ext === 'txt' || ext === 'text') return 'txt'
  if (ext === 'md' || ext === 'markdown') return 'md'
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml' || ext === 'shtml') return 'html'
  if (ext === 'docx') return 'docx'
  if (ext === 'pdf') return 'pdf'
  return null
}

/** Formats read as text (decoded with encoding detection) rather than as a binary container. */
export const isTextKind = (kind: FileKind): boolean => kind === 'txt' || kind === 'md' || kind === 'html'

export function plainDocument(text: string, title: string | null = null): ExtractedDocument {
  return { title, text, headingLines: [], date: null, source: null }
}
