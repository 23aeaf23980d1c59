/**
 * Readable text from a file's decoded content. HTML gives its title and the text of its blocks;
 * scripts, styles and markup are dropped, never stored as something that could run.
 */
import { Parser } from 'htmlparser2'

export type FileKind = 'txt' | 'md' | 'html'

export function fileKindOf(name: string): FileKind | null {
  const ext = /\.([^./\\]+)$/u.exec(name.toLowerCase())?.[1]
  if (ext === 'txt' || ext === 'text') return 'txt'
  if (ext === 'md' || ext === 'markdown') return 'md'
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html'
  return null
}

export interface ExtractedText {
  title: string | null
  text: string
}

export function extractText(kind: FileKind, decoded: string): ExtractedText {
  if (kind === 'html') return htmlToText(decoded)
  if (kind === 'md') return markdownToText(decoded)
  return { title: null, text: decoded }
}

const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'head',
  'select',
  'textarea',
  'button',
  'canvas',
  'video',
  'audio',
  'frameset',
  'frame',
  'applet',
])
const BLOCKS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'dd',
  'dt',
  'dl',
  'figcaption',
  'figure',
  'hr',
  'main',
  'aside',
  'nav',
  'address',
  'center',
  'td',
  'th',
  'caption',
  'form',
  'fieldset',
])

export function htmlToText(html: string): ExtractedText {
  let title = ''
  let inTitle = false
  let skipDepth = 0
  const out: string[] = []
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === 'title') inTitle = true
        else if (SKIPPED.has(name)) skipDepth++
        else if (BLOCKS.has(name)) out.push('\n')
      },
      onclosetag(name, implied) {
        if (name === 'title') inTitle = false
        else if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - (implied && name === 'head' ? 0 : 1))
        else if (BLOCKS.has(name)) out.push('\n')
      },
      ontext(data) {
        if (inTitle) title += data
        else if (skipDepth === 0) out.push(data.replace(/[ \t\n\r\f]+/gu, ' '))
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true }
  )
  parser.write(html)
  parser.end()
  const lines = out
    .join('')
    .split('\n')
    .map((l) => l.replace(/^[ \t]+|[ \t]+$/gu, ''))
  const text = lines
    .filter((l, i) => l !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim()
  const cleanTitle = title.replace(/\s+/gu, ' ').trim()
  return { title: cleanTitle || null, text }
}

/** Markdown keeps its words; heading marks, emphasis and link syntax are dropped. */
export function markdownToText(md: string): ExtractedText {
  let title: string | null = null
  let inFence = false
  const lines = md.split(/\r\n|\r|\n/u).flatMap((line) => {
    if (/^\s*(```|~~~)/u.test(line)) {
      inFence = !inFence
      return []
    }
    if (inFence) return [line]
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/u.exec(line)
    let text = heading ? (heading[1] ?? '') : line
    if (heading && title === null) title = text
    text = text
      .replace(/^\s{0,3}>\s?/u, '')
      .replace(/^(\s*)(?:[-*+]|\d+[.)])\s+/u, '$1')
      .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/gu, '$1')
      .replace(/(\*\*|__)(.+?)\1/gu, '$2')
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/gu, '$1$2')
      .replace(/`([^`]+)`/gu, '$1')
    if (/^\s*([-*_])\s*(\1\s*){2,}$/u.test(text)) return ['']
    return [text]
  })
  return { title, text: lines.join('\n') }
}
