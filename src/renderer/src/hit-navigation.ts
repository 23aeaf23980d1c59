/** Going from search hit to search hit in the reader with the keyboard (F3, n / Shift+N). */

/** Search hits in reading order, each one or more marks (a highlight may cut a hit in two). */
function hitMarks(root: HTMLElement): HTMLElement[][] {
  const groups = new Map<string, HTMLElement[]>()
  for (const mark of root.querySelectorAll<HTMLElement>('mark.hit[data-hit]')) {
    const key = mark.dataset.hit!
    groups.set(key, [...(groups.get(key) ?? []), mark])
  }
  return [...groups.values()]
}

/**
 * `go(1)` / `go(-1)`: the next or previous hit is marked current, scrolled to, focused (a screen
 * reader reads it) and selected, so Shift+arrows can widen the selection from it. False when the
 * report shows no hits.
 */
export function createHitNavigation(root: () => HTMLElement): { go: (delta: number) => boolean } {
  let current = -1
  const go = (delta: number): boolean => {
    const hits = hitMarks(root())
    if (hits.length === 0) return false
    current =
      current < 0 || current >= hits.length
        ? delta > 0
          ? 0
          : hits.length - 1
        : (current + delta + hits.length) % hits.length
    const marks = hits[current]!
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
  return { go }
}
