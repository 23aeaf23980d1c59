/** Going from search hit to search hit in the reader with the keyboard (F3, n / Shift+N). */

/**
 * `go(1)` / `go(-1)`: the next or previous hit is marked current, scrolled to, focused (a screen
 * reader reads it) and selected, so Shift+arrows can widen the selection from it. False when the
 * report has no hits. Hits are counted in the report, not on screen: `reveal` brings a hit's
 * paragraph into the document first (a long report renders only some of them).
 */
export function createHitNavigation(
  root: () => HTMLElement,
  hits: () => number,
  reveal: (hit: number) => void
): { go: (delta: number) => boolean; reset: () => void } {
  let current = -1
  const go = (delta: number): boolean => {
    const n = hits()
    if (n === 0) return false
    current = current < 0 || current >= n ? (delta > 0 ? 0 : n - 1) : (current + delta + n) % n
    reveal(current)
    // A highlight may cut a hit in two: every mark of it is current.
    const marks = [...root().querySelectorAll<HTMLElement>(`mark.hit[data-hit="${current}"]`)]
    if (marks.length === 0) return false
    for (const m of root().querySelectorAll('mark.hit.current')) m.classList.remove('current')
    for (const m of marks) m.classList.add('current')
    const first = marks[0]!
    const last = marks[marks.length - 1]!
    first.tabIndex = -1
    first.focus({ preventScroll: true })
    first.scrollIntoView({ block: 'center' })
    const range = document.createRange()
    range.setStart(first.firstChild ?? first, 0)
    range.setEnd(last.firstChild ?? last, last.firstChild?.textContent?.length ?? 0)
    window.getSelection()?.removeAllRanges()
    window.getSelection()?.addRange(range)
    return true
  }
  return { go, reset: () => (current = -1) }
}
