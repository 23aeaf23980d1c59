/** Going from search hit to search hit in the reader with the keyboard (F3, n / Shift+N). */

/**
 * `go(1)` / `go(-1)`: the next or previous hit is marked current, scrolled to, focused (a screen
 * reader reads it) and selected, so Shift+arrows can widen the selection from it. False when the
 * report has no hits. Hits are counted in the report, not on screen: `reveal` brings a hit's
 * paragraph into the document first (a long report renders only some of them).
 *
 * `restore()`, called after the report's text has been drawn again (its highlights arrived, a
 * search answered again): when the hit that had the focus was redrawn, the focus went with the
 * removed mark to the page itself; the new mark of the same hit gets it back, current and
 * selected, so the next n goes on from there. A focus the reader moved elsewhere stays there.
 */
export function createHitNavigation(
  root: () => HTMLElement,
  hits: () => number,
  reveal: (hit: number) => void
): { go: (delta: number) => boolean; restore: () => void; reset: () => void } {
  let current = -1
  /** The mark `go` focused last, while it is the hit being read. */
  let focused: HTMLElement | null = null

  const marksOf = (hit: number): HTMLElement[] => [
    ...root().querySelectorAll<HTMLElement>(`mark.hit[data-hit="${hit}"]`),
  ]
  /** Marks `hit` current, focuses and selects it; false when it is not drawn. */
  const show = (hit: number, scroll: boolean): boolean => {
    // A highlight may cut a hit in two: every mark of it is current.
    const marks = marksOf(hit)
    if (marks.length === 0) return false
    for (const m of root().querySelectorAll('mark.hit.current')) m.classList.remove('current')
    for (const m of marks) m.classList.add('current')
    const first = marks[0]!
    const last = marks[marks.length - 1]!
    first.tabIndex = -1
    first.focus({ preventScroll: true })
    if (scroll) first.scrollIntoView({ block: 'center' })
    focused = first
    const range = document.createRange()
    range.setStart(first.firstChild ?? first, 0)
    range.setEnd(last.firstChild ?? last, last.firstChild?.textContent?.length ?? 0)
    window.getSelection()?.removeAllRanges()
    window.getSelection()?.addRange(range)
    return true
  }
  const go = (delta: number): boolean => {
    const n = hits()
    if (n === 0) return false
    const next = current < 0 || current >= n ? (delta > 0 ? 0 : n - 1) : (current + delta + n) % n
    reveal(next)
    // Not drawn (yet): the same key goes to the same hit again.
    if (!show(next, true)) return false
    current = next
    return true
  }
  const restore = (): void => {
    if (focused === null || focused.isConnected) return
    focused = null
    const active = document.activeElement
    if (current < 0 || current >= hits() || (active !== null && active !== document.body)) return
    show(current, false)
  }
  return {
    go,
    restore,
    reset: () => {
      current = -1
      focused = null
    },
  }
}
