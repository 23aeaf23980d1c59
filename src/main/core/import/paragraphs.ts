/**
 * Hard-wrapped Chinese text (a paragraph broken into lines of a fixed width, no spaces) is joined
 * back into paragraphs for reading and searching. The original lines stay untouched elsewhere.
 */

/** Display columns: CJK and full-width characters take two, others one. */
export function displayWidth(line: string): number {
  let width = 0
  for (const ch of line) {
    const cp = ch.codePointAt(0) ?? 0
    width += isWide(cp) ? 2 : 1
  }
  return width
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
}

const MIN_WRAP_WIDTH = 24

/**
 * The width at which a file was hard-wrapped, or null when its lines are paragraphs already.
 * A wrapped file has many lines of (nearly) the same maximal width; free paragraphs do not.
 */
export function detectWrapWidth(lines: readonly string[]): number | null {
  const widths = lines.map((l) => displayWidth(l.trimEnd())).filter((w) => w >= MIN_WRAP_WIDTH)
  if (widths.length < 3) return null
  const counts = new Map<number, number>()
  for (const w of widths) counts.set(w, (counts.get(w) ?? 0) + 1)
  let best: number | null = null
  let bestCount = 0
  for (const [w] of counts) {
    const near = (counts.get(w) ?? 0) + (counts.get(w - 1) ?? 0) + (counts.get(w - 2) ?? 0)
    if (near > bestCount || (near === bestCount && best !== null && w > best)) {
      best = w
      bestCount = near
    }
  }
  if (best === null || bestCount < 3 || bestCount < widths.length * 0.4) return null
  // Lines may not be wider than the wrap width, bar a few.
  const wider = widths.filter((w) => w > (best as number)).length
  return wider <= widths.length * 0.05 ? best : null
}

const INDENT = /^[ \t\u3000]+/u
const LATIN_END = /[A-Za-z0-9]$/u
const LATIN_START = /^[A-Za-z0-9]/u

/** Joins lines into paragraphs. Blank lines and indented lines start a new paragraph. */
export function joinParagraphs(lines: readonly string[], wrapWidth: number | null): string[] {
  const paragraphs: string[] = []
  let current: string | null = null
  let previousWasFull = false
  // Whether the wrap after the previous line dropped a space between words: English wrapped at a
  // space did; a number or word cut by a wrapper of Chinese text (13|56亿元) did not.
  let previousDroppedSpace = false
  for (const raw of lines) {
    const line = raw.trimEnd()
    if (line.trim() === '') {
      if (current !== null) paragraphs.push(current)
      current = null
      previousWasFull = false
      continue
    }
    const indented = INDENT.test(line)
    const content = line.replace(INDENT, '')
    if (current !== null && previousWasFull && !indented) {
      const space = previousDroppedSpace && LATIN_END.test(current) && LATIN_START.test(content)
      current += (space ? ' ' : '') + content
    } else {
      if (current !== null) paragraphs.push(current)
      current = content
    }
    previousWasFull = wrapWidth !== null && displayWidth(line) >= wrapWidth - 2
    previousDroppedSpace = line !== raw || displayWidth(line) === [...line].length
  }
  if (current !== null) paragraphs.push(current)
  return paragraphs
}
