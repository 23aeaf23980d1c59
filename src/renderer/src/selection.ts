/** Maps a DOM selection inside the reader to [start, end) offsets in the report's text. */

/** Offset of (node, nodeOffset) within a line element whose text starts at `data-offset`. */
function offsetOf(node: Node, nodeOffset: number): number | null {
  const element = node instanceof Element ? node : node.parentElement
  const line = element?.closest<HTMLElement>('[data-offset]')
  if (!line) return null
  const base = Number(line.dataset.offset)
  if (node === line && node.childNodes.length > 0) {
    // The selection boundary sits between children: count the text before that child.
    let total = 0
    for (let i = 0; i < nodeOffset; i++) total += line.childNodes[i]?.textContent?.length ?? 0
    return base + total
  }
  const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT)
  let total = 0
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text === node) return base + total + nodeOffset
    total += text.textContent?.length ?? 0
  }
  return node.nodeType === Node.TEXT_NODE ? null : base + total
}

export function selectionOffsets(root: HTMLElement): { start: number; end: number; rect: DOMRect } | null {
  const selection = window.getSelection()
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null
  const range = selection.getRangeAt(0)
  if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null
  const start = offsetOf(range.startContainer, range.startOffset)
  const end = offsetOf(range.endContainer, range.endOffset)
  if (start === null || end === null || end <= start) return null
  return { start, end, rect: range.getBoundingClientRect() }
}
