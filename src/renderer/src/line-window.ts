/**
 * Paragraph-level virtualisation of the reader: a long report renders only the paragraphs near the
 * viewport, with spacers standing for the rest (their height estimated from the paragraphs seen).
 * Whatever wants to reach a paragraph (a search hit, a find match, an annotation, a figure) asks
 * `reveal` first: the window moves there and the paragraph is in the document when it returns
 * (Solid updates the DOM synchronously). Short reports render whole, as before.
 */
import { createMemo, createSignal, type Accessor } from 'solid-js'

/** Reports with more paragraphs than this are rendered in a window. */
export const VIRTUAL_FROM_LINES = 400
const WINDOW = 120
const MARGIN = 30
const FIRST_GUESS_PX = 44

export interface LineWindow {
  /** The rendered paragraphs: [from, to). */
  from: Accessor<number>
  to: Accessor<number>
  topSpace: Accessor<number>
  bottomSpace: Accessor<number>
  /** Moves the window so paragraph `index` is rendered. */
  reveal: (index: number) => void
  /** Call on every scroll of the scroller. */
  onScroll: () => void
  /** Renders every paragraph (printing), or the window again. */
  renderAll: (all: boolean) => void
  /** Forgets the window (another report). */
  reset: () => void
}

export function createLineWindow(
  count: Accessor<number>,
  scroller: () => HTMLElement | undefined,
  /** The rendered paragraphs' container (the article). */
  body: () => HTMLElement | undefined
): LineWindow {
  /** The window asked for: [start, end). A selection in it makes it grow instead of sliding. */
  const [range, setRange] = createSignal({ start: 0, end: WINDOW })
  const [all, setAll] = createSignal(false)
  const [lineHeight, setLineHeight] = createSignal(FIRST_GUESS_PX)
  const virtual = createMemo(() => !all() && count() > VIRTUAL_FROM_LINES)
  const from = createMemo(() =>
    virtual() ? Math.max(0, Math.min(range().start, count() - (range().end - range().start))) : 0
  )
  const to = createMemo(() =>
    virtual() ? Math.min(count(), from() + (range().end - range().start)) : count()
  )
  const topSpace = createMemo(() => (virtual() ? from() * lineHeight() : 0))
  const bottomSpace = createMemo(() => (virtual() ? (count() - to()) * lineHeight() : 0))

  const rendered = (): HTMLElement[] => [...(body()?.querySelectorAll<HTMLElement>('p[data-line]') ?? [])]

  /** Learns the paragraphs' average height from those on screen (spacers follow). */
  const measure = (): void => {
    const ps = rendered()
    if (ps.length < 2) return
    const first = ps[0]!.getBoundingClientRect()
    const last = ps[ps.length - 1]!.getBoundingClientRect()
    const average = (last.bottom - first.top) / ps.length
    if (average > 0 && Math.abs(average - lineHeight()) / lineHeight() > 0.1) setLineHeight(average)
  }

  /**
   * Text being selected in the report: a selection whose moving end is on screen (Shift+arrows or
   * a drag carry it along as the report scrolls). Its paragraphs must stay in the document. A
   * selection left behind off screen does not hold the window.
   */
  const selecting = (): boolean => {
    const sel = window.getSelection()
    const el = scroller()
    if (!sel || sel.isCollapsed || !el || !body()?.contains(sel.anchorNode)) return false
    const node = sel.focusNode
    const focus = node instanceof Element ? node : node?.parentElement
    if (!focus) return false
    const at = focus.getBoundingClientRect()
    const view = el.getBoundingClientRect()
    return at.bottom >= view.top - view.height && at.top <= view.bottom + view.height
  }

  /**
   * Moves the window, keeping the first paragraph on screen where it was (no jump). While text is
   * selected the window grows to take the new paragraphs in, so the selection keeps its ends.
   */
  const moveTo = (first: number): void => {
    const el = scroller()
    const next = Math.max(0, Math.min(first, Math.max(0, count() - WINDOW)))
    if (next === from() && to() - from() === WINDOW) return
    const top = el?.getBoundingClientRect().top ?? 0
    const anchor = rendered().find((p) => p.getBoundingClientRect().bottom > top)
    const anchorIndex = anchor ? Number(anchor.dataset.line) : null
    const anchorTop = anchor?.getBoundingClientRect().top ?? 0
    if (selecting())
      setRange({ start: Math.min(from(), next), end: Math.max(to(), Math.min(count(), next + WINDOW)) })
    else setRange({ start: next, end: next + WINDOW })
    if (!el || anchorIndex === null) return
    const again = body()?.querySelector<HTMLElement>(`p[data-line="${anchorIndex}"]`)
    if (again) el.scrollTop += again.getBoundingClientRect().top - anchorTop
    measure()
  }

  let frame = 0
  const onScroll = (): void => {
    if (!virtual() || frame) return
    frame = requestAnimationFrame(() => {
      frame = 0
      const el = scroller()
      const ps = rendered()
      if (!el || ps.length === 0) return
      const view = el.getBoundingClientRect()
      const firstTop = ps[0]!.getBoundingClientRect().top
      const lastBottom = ps[ps.length - 1]!.getBoundingClientRect().bottom
      // Which paragraph is at the top of the viewport, counted in estimated heights outside the window.
      let atTop: number
      if (view.top < firstTop) atTop = from() - Math.ceil((firstTop - view.top) / lineHeight())
      else if (view.top > lastBottom) atTop = to() + Math.floor((view.top - lastBottom) / lineHeight())
      else atTop = Number(ps.find((p) => p.getBoundingClientRect().bottom > view.top)?.dataset.line ?? from())
      const onScreen = Math.ceil(view.height / lineHeight())
      if (atTop - MARGIN / 2 < from() && from() > 0) moveTo(atTop - MARGIN)
      else if (atTop + onScreen + MARGIN / 2 > to() && to() < count()) moveTo(atTop - MARGIN)
    })
  }

  return {
    from,
    to,
    topSpace,
    bottomSpace,
    reveal: (index) => {
      if (!virtual() || (index >= from() && index < to())) return
      const start = Math.max(0, index - MARGIN)
      setRange({ start, end: start + WINDOW })
      measure()
    },
    onScroll,
    renderAll: setAll,
    reset: () => setRange({ start: 0, end: WINDOW }),
  }
}

/** The index of the paragraph holding text offset `at`, by binary search over their offsets. */
export function lineAt(lines: readonly { offset: number }[], at: number): number {
  let lo = 0
  let hi = lines.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (lines[mid]!.offset <= at) lo = mid
    else hi = mid - 1
  }
  return Math.max(0, lo)
}
