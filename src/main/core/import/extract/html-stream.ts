/**
 * A streaming reading of a page (htmlparser2, one pass, no tree): the text of its blocks, with
 * headings (<h1>–<h6>, bold-only blocks) marked. Used for pages too large or too deeply nested
 * to build a DOM of in linear time, and to measure a page before deciding (`pageShape`).
 */
import { Parser } from 'htmlparser2'
import { createLineCollector } from './blocks'

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
  'nav',
  'form',
])
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
const BLOCKS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
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
  'address',
  'center',
  'td',
  'th',
  'caption',
  'fieldset',
  ...HEADINGS,
])
const VOID = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'area',
  'base',
  'col',
  'embed',
  'source',
  'track',
  'wbr',
])

/** How many elements a page has and how deep they nest. */
export function pageShape(html: string): { elements: number; depth: number } {
  let elements = 0
  let depth = 0
  let deepest = 0
  const parser = new Parser(
    {
      onopentagname(name) {
        elements++
        if (!VOID.has(name)) deepest = Math.max(deepest, ++depth)
      },
      onclosetag(name) {
        if (!VOID.has(name)) depth = Math.max(0, depth - 1)
      },
    },
    { lowerCaseTags: true }
  )
  parser.write(html)
  parser.end()
  return { elements, depth: deepest }
}

export function streamBlockLines(html: string): {
  title: string | null
  lines: string[]
  headingLines: number[]
} {
  let title = ''
  let inTitle = false
  let skipDepth = 0
  let headingDepth = 0
  let boldDepth = 0
  const collector = createLineCollector()
  const flush = collector.flush
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === 'title') inTitle = true
        else if (SKIPPED.has(name)) skipDepth++
        else if (skipDepth > 0) return
        else if (HEADINGS.has(name)) {
          flush(false)
          headingDepth++
        } else if (name === 'b' || name === 'strong') boldDepth++
        else if (BLOCKS.has(name)) flush(headingDepth > 0)
      },
      onclosetag(name, implied) {
        if (name === 'title') inTitle = false
        else if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - (implied && name === 'head' ? 0 : 1))
        else if (skipDepth > 0) return
        else if (HEADINGS.has(name)) {
          flush(true)
          headingDepth = Math.max(0, headingDepth - 1)
        } else if (name === 'b' || name === 'strong') boldDepth = Math.max(0, boldDepth - 1)
        else if (BLOCKS.has(name)) flush(headingDepth > 0)
      },
      ontext(data) {
        if (inTitle) title += data
        else if (skipDepth === 0) collector.add(data, boldDepth > 0 || headingDepth > 0)
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true }
  )
  parser.write(html)
  parser.end()
  flush(false)
  const cleanTitle = title.replace(/\s+/gu, ' ').trim()
  return { title: cleanTitle || null, ...collector.result() }
}

/**
 * Tags opened and never closed (void elements aside). Parsers keep a stack of open elements, and
 * theirs grows slowly past some thousands of levels; a page with more unclosed tags than any real
 * page has is read as tag soup instead (one linear pass).
 */
export function unclosedTags(html: string): number {
  let open = 0
  let nextGt = -2 // where the next '>' is (-1: none left), found once for every tag before it
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    const closing = html[at + 1] === '/'
    let end = at + (closing ? 2 : 1)
    while (end < html.length && end - at < 16 && /[a-zA-Z0-9]/u.test(html[end]!)) end++
    const name = html.slice(at + (closing ? 2 : 1), end).toLowerCase()
    if (name === '') continue
    if (closing) open--
    else if (!VOID.has(name)) {
      if (nextGt !== -1 && nextGt < end) nextGt = html.indexOf('>', end)
      if (nextGt === -1 || html[nextGt - 1] !== '/') open++
    }
  }
  return open
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/giu, (whole, code: string) => {
    if (code[0] === '#') {
      const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10)
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole
    }
    return ENTITIES[code.toLowerCase()] ?? whole
  })
}

/** Tag soup: the text between tags, a line break at each block tag, scripts and styles dropped. */
export function tagSoupLines(html: string): string[] {
  const lower = html.toLowerCase()
  const out: string[] = []
  let at = 0
  while (at < html.length) {
    const lt = html.indexOf('<', at)
    if (lt < 0) {
      out.push(html.slice(at))
      break
    }
    out.push(html.slice(at, lt))
    const gt = html.indexOf('>', lt + 1)
    if (gt < 0) break
    const name = /^<\/?([a-zA-Z0-9]{1,16})/u.exec(html.slice(lt, lt + 18))?.[1]?.toLowerCase() ?? ''
    at = gt + 1
    if (name === 'script' || name === 'style') {
      const close = lower.indexOf(`</${name}`, at)
      at = close < 0 ? html.length : close
      continue
    }
    if (BLOCKS.has(name)) out.push('\n')
  }
  return decodeEntities(out.join(''))
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\u00a0]+/gu, ' ').trim())
    .filter((l) => l !== '')
}
