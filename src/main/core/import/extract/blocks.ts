/**
 * Turns an HTML element tree (a news page's article, or the HTML that mammoth makes of a .docx)
 * into lines: one line per block, with the lines that are headings by their markup (<h1>–<h6>, or
 * a paragraph whose only text is <strong>/<b>). Scripts, styles and widgets are never read.
 */

/** The DOM subset the walker reads (linkedom's nodes provide it). */
export interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
  getAttribute?(name: string): string | null
}

const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'MATH',
  'HEAD',
  'SELECT',
  'TEXTAREA',
  'BUTTON',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'NAV',
  'FORM',
])
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6'])
const BOLD = new Set(['STRONG', 'B'])
const BLOCKS = new Set([
  'P',
  'DIV',
  'LI',
  'UL',
  'OL',
  'TR',
  'TABLE',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
  'BLOCKQUOTE',
  'PRE',
  'DD',
  'DT',
  'DL',
  'FIGCAPTION',
  'FIGURE',
  'HR',
  'MAIN',
  'ASIDE',
  'ADDRESS',
  'CENTER',
  'TD',
  'TH',
  'CAPTION',
  'FIELDSET',
  ...HEADINGS,
])
const ELEMENT = 1
const TEXT = 3

export interface BlockLines {
  lines: string[]
  headingLines: number[]
}

/** At most this many elements are walked: a page of megabytes of markup is cut, not walked forever. */
const MAX_NODES = 400_000

/**
 * Collects a page's text into lines, one per block: text is added as it is met, bold or not, and
 * each block ends with `flush`; a block whose text is all bold (or a heading) is a heading line.
 */
export function createLineCollector() {
  const lines: string[] = []
  const headingLines: number[] = []
  let current = ''
  // Text inside and outside <strong>/<b> of the current block, to tell a bold-only paragraph.
  let boldChars = 0
  let plainChars = 0
  return {
    add(text: string, bold: boolean): void {
      current += text
      const visible = text.replace(/\s+/gu, '').length
      if (bold) boldChars += visible
      else plainChars += visible
    },
    flush(heading: boolean): void {
      const line = current.replace(/[ \t\r\n\f\u00a0]+/gu, ' ').trim()
      if (line !== '') {
        if (heading || (boldChars > 0 && plainChars === 0)) headingLines.push(lines.length)
        lines.push(line)
      }
      current = ''
      boldChars = 0
      plainChars = 0
    },
    result: (): BlockLines => ({ lines, headingLines }),
  }
}

export function blockLines(root: DomNode): BlockLines {
  const collector = createLineCollector()
  const flush = collector.flush
  let headingDepth = 0
  let visited = 0

  // Iterative, so a hostile page nested a million levels deep cannot overflow the stack.
  type Step = { node: DomNode; bold: boolean } | { leave: 'block' | 'heading' }
  const stack: Step[] = [{ node: root, bold: false }]
  while (stack.length > 0 && visited < MAX_NODES) {
    const step = stack.pop() as Step
    if ('leave' in step) {
      if (step.leave === 'heading') headingDepth--
      flush(step.leave === 'heading')
      continue
    }
    const { node, bold } = step
    visited++
    if (node.nodeType === TEXT) {
      collector.add(node.textContent ?? '', bold || headingDepth > 0)
      continue
    }
    if (node.nodeType !== ELEMENT) continue
    const name = node.nodeName.toUpperCase()
    if (SKIPPED.has(name)) continue
    if (name === 'BR') {
      flush(headingDepth > 0)
      continue
    }
    const block = BLOCKS.has(name)
    const heading = HEADINGS.has(name)
    if (block) flush(false)
    if (heading) headingDepth++
    if (block || heading) stack.push({ leave: heading ? 'heading' : 'block' })
    const children = node.childNodes
    const childBold = bold || BOLD.has(name)
    for (let i = children.length - 1; i >= 0; i--)
      stack.push({ node: children[i] as DomNode, bold: childBold })
  }
  flush(false)
  return collector.result()
}
