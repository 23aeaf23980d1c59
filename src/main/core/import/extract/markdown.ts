/**
 * Markdown keeps its words: heading marks, emphasis and link syntax are dropped, and heading lines
 * are marked as headings. Every pattern is linear (no nested or adjacent unbounded quantifiers
 * over the same characters), so a hostile line of thousands of spaces is read in one pass.
 */
import type { ExtractedDocument } from './types'

const FENCE = /^ {0,3}(?:```|~~~)/u
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/u
const QUOTE = /^ {0,3}>[ ]?/u
const LIST = /^([ \t]{0,12})(?:[-*+]|\d{1,9}[.)])[ \t]/u
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/u

/** The heading's text: without its marks, and without a closing run of #. */
function headingText(line: string, marks: string): string {
  let text = line.slice(line.indexOf(marks) + marks.length).trim()
  let end = text.length
  while (end > 0 && text[end - 1] === '#') end--
  if (end < text.length && (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t'))
    text = text.slice(0, end).trim()
  return text
}

function inline(text: string): string {
  return text
    .replace(/!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)/gu, '$1')
    .replace(/\[([^\]\n]{1,500})\]\([^)\n]{0,2000}\)/gu, '$1')
    .replace(/(\*\*|__)([^*_\n]{1,2000})\1/gu, '$2')
    .replace(/(^|[^*])\*([^*\s][^*\n]{0,2000})\*/gu, '$1$2')
    .replace(/`([^`\n]{1,2000})`/gu, '$1')
}

export function extractMarkdown(md: string): ExtractedDocument {
  let title: string | null = null
  let inFence = false
  const lines: string[] = []
  const headingLines: number[] = []
  for (const line of md.split(/\r\n|\r|\n/u)) {
    if (FENCE.test(line)) {
      inFence = !inFence
      continue
    }
    if (inFence) {
      lines.push(line)
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      const text = inline(headingText(line, heading[1] as string))
      if (title === null && text !== '') title = text
      headingLines.push(lines.length)
      lines.push(text)
      continue
    }
    if (RULE.test(line)) {
      lines.push('')
      continue
    }
    const unquoted = line.replace(QUOTE, '')
    const list = LIST.exec(unquoted)
    lines.push(inline(list ? (list[1] ?? '') + unquoted.slice(list[0].length) : unquoted))
  }
  return { title, text: lines.join('\n'), headingLines, date: null, source: null }
}
