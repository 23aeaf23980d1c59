/**
 * Notes are Markdown, rendered safely: marked produces HTML, DOMPurify keeps only harmless markup,
 * and links may only be http(s) (opened outside the app, never inside it).
 *
 * A note is untrusted input (it may come from an imported file), so rendering it can never throw
 * or blow up: the Markdown is clipped and its nesting flattened before marked sees it, output that
 * is still too large or too deep is refused, and any failure falls back to the note as escaped
 * plain text.
 */
import DOMPurify from 'dompurify'
import { Marked } from 'marked'

/** At most this many characters of a note are rendered; the editor still holds all of it. */
export const MAX_RENDERED_NOTE_CHARS = 20_000
/** Block quote / list markers kept at the start of one line (deeper nesting is flattened). */
export const MAX_NOTE_NESTING = 8
/** Columns of leading indentation kept on one line (each list level needs at least two). */
export const MAX_NOTE_INDENT = 32
const MAX_HTML_CHARS = 400_000
const MAX_HTML_DEPTH = 48

// Without a DOM (unit tests under Node) DOMPurify cannot sanitise: rendering then falls back to
// escaped plain text rather than ever returning unsanitised HTML.
if (DOMPurify.isSupported) {
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? ''
      if (!/^https?:\/\//iu.test(href)) node.removeAttribute('href')
      node.setAttribute('target', '_blank')
      node.setAttribute('rel', 'noopener noreferrer')
    }
  })
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/gu,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  )

const markdown = new Marked({
  async: false,
  gfm: true,
  breaks: true,
  renderer: {
    // HTML typed into a note is shown as text, never parsed: no element of it ever exists.
    html({ text }) {
      return escapeHtml(text)
    },
  },
})

/** The first `max` characters, never splitting a surrogate pair, with "…" when clipped. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}

const columns = (ws: string): number => {
  let n = 0
  for (const c of ws) n += c === '\t' ? 4 - (n % 4) : 1
  return n
}

// Container markers at the start of a line: block quote, bullet or ordered list item.
const MARKER = /[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/uy

/**
 * Keeps at most MAX_NOTE_NESTING container markers and MAX_NOTE_INDENT columns of indentation at
 * the start of the line, so no line can nest deeper than a few dozen levels.
 */
function flattenLine(line: string): string {
  let pos = 0
  let markers = 0
  let indent = 0
  let out = ''
  for (;;) {
    MARKER.lastIndex = pos
    const m = MARKER.exec(line)
    if (!m) break
    pos = MARKER.lastIndex
    const ws = /^[ \t]*/u.exec(m[0])![0]
    const marker = m[0].slice(ws.length)
    if (markers >= MAX_NOTE_NESTING) continue
    markers++
    const cols = columns(ws)
    out += indent + cols <= MAX_NOTE_INDENT ? ws : ' '.repeat(Math.max(0, MAX_NOTE_INDENT - indent))
    indent = Math.min(MAX_NOTE_INDENT, indent + cols)
    out += marker
  }
  if (pos === 0 && markers === 0) {
    const ws = /^[ \t]*/u.exec(line)![0]
    if (columns(ws) <= MAX_NOTE_INDENT) return line
    return ' '.repeat(MAX_NOTE_INDENT) + line.slice(ws.length)
  }
  const rest = line.slice(pos)
  const ws = /^[ \t]*/u.exec(rest)![0]
  const cols = columns(ws)
  out += indent + cols <= MAX_NOTE_INDENT ? ws : ' '.repeat(Math.max(1, MAX_NOTE_INDENT - indent))
  return out + rest.slice(ws.length)
}

/** The Markdown actually handed to the parser: clipped, with nesting flattened line by line. */
export function prepareNote(note: string): string {
  return clip(note, MAX_RENDERED_NOTE_CHARS)
    .split(/\r\n|\r|\n/u)
    .map(flattenLine)
    .join('\n')
}

/** The note as escaped plain text with its line breaks: what is shown when Markdown fails. */
export function plainNote(note: string): string {
  return escapeHtml(clip(note, MAX_RENDERED_NOTE_CHARS)).replace(/\r\n|\r|\n/gu, '<br>')
}

/** How deeply the elements of generated HTML nest (void elements do not count). */
function htmlDepth(html: string): number {
  let depth = 0
  let max = 0
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/giu)) {
    if (/^(?:br|hr|img|input|wbr)$/iu.test(m[2]!)) continue
    if (m[1]) depth--
    else if (++depth > max) max = depth
  }
  return max
}

const SANITIZE = {
  ALLOWED_TAGS: [
    'p',
    'br',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h1',
    'h2',
    'h3',
    'h4',
    'hr',
  ],
  ALLOWED_ATTR: ['href', 'target', 'rel'],
}

/**
 * Renders a note with the given sanitiser. Never throws: whatever goes wrong (parser, size, depth,
 * sanitiser) gives the note as escaped plain text instead.
 */
export function renderNoteWith(note: string, sanitize: (html: string) => string): string {
  try {
    const html = markdown.parse(prepareNote(note))
    if (typeof html !== 'string' || html.length > MAX_HTML_CHARS || htmlDepth(html) > MAX_HTML_DEPTH)
      return plainNote(note)
    return sanitize(html)
  } catch {
    return plainNote(note)
  }
}

export function renderNote(note: string): string {
  return renderNoteWith(note, (html) => DOMPurify.sanitize(html, SANITIZE))
}
