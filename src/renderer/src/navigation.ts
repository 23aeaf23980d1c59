/**
 * Back and forward between opened reports and searches (Alt+←/→, the mouse's back and forward
 * buttons, the browser's own), and the query, filters and open report kept across a reload or a
 * restart. Each place the user has been is a history entry; typing settles into one after a pause.
 */
import { createEffect, on, onCleanup } from 'solid-js'
import { isDesktop } from './api'
import type { SearchState, Sort } from './search-state'

export interface Place {
  query: string
  district: string | null
  month: string | null
  tag: string | null
  color: string | null
  sort: Sort
  reportId: number | null
}

const STORAGE_KEY = 'dnr-place'
const SETTLE_MS = 700

export function savedPlace(): Place | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return null
    const p = JSON.parse(raw) as Partial<Place>
    return {
      query: typeof p.query === 'string' ? p.query.slice(0, 2_000) : '',
      district: typeof p.district === 'string' ? p.district : null,
      month: typeof p.month === 'string' ? p.month : null,
      tag: typeof p.tag === 'string' ? p.tag : null,
      color: typeof p.color === 'string' ? p.color : null,
      sort: p.sort === 'date' ? 'date' : 'relevance',
      reportId: typeof p.reportId === 'number' && Number.isSafeInteger(p.reportId) ? p.reportId : null,
    }
  } catch {
    return null
  }
}

const same = (a: Place, b: Place): boolean => JSON.stringify(a) === JSON.stringify(b)

export function createNavigation(
  search: SearchState,
  opened: () => number | null,
  open: (reportId: number | null) => void
): void {
  const current = (): Place => ({
    query: search.input(),
    district: search.district(),
    month: search.month(),
    tag: search.tag(),
    color: search.color(),
    sort: search.sort(),
    reportId: opened(),
  })
  let applying = false
  const apply = (p: Place): void => {
    applying = true
    search.setInput(p.query)
    search.setDistrict(p.district)
    search.setMonth(p.month)
    search.setTag(p.tag)
    search.setColor(p.color)
    search.setSort(p.sort)
    open(p.reportId)
    applying = false
  }

  const restored = savedPlace()
  if (restored) apply(restored)
  history.replaceState({ dnrPlace: current() }, '')

  let timer: ReturnType<typeof setTimeout> | undefined
  createEffect(
    on(current, (place) => {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(place))
      if (applying) return
      clearTimeout(timer)
      const push = (): void => {
        const top = (history.state as { dnrPlace?: Place } | null)?.dnrPlace
        if (top && same(top, place)) return
        history.pushState({ dnrPlace: place }, '')
      }
      // Opening a report is a step at once; typing becomes one when it pauses.
      const previous = (history.state as { dnrPlace?: Place } | null)?.dnrPlace
      if (!previous || previous.reportId !== place.reportId) push()
      else timer = setTimeout(push, SETTLE_MS)
    })
  )

  const onPop = (e: PopStateEvent): void => {
    const place = (e.state as { dnrPlace?: Place } | null)?.dnrPlace
    if (place) apply(place)
  }
  const onKey = (e: KeyboardEvent): void => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return
    if (e.key === 'ArrowLeft') {
      e.preventDefault()
      history.back()
    } else if (e.key === 'ArrowRight') {
      e.preventDefault()
      history.forward()
    }
  }
  // The mouse's back (3) and forward (4) buttons, where the browser does not handle them (Electron).
  const onMouse = (e: MouseEvent): void => {
    if (e.button === 3) history.back()
    else if (e.button === 4) history.forward()
  }
  window.addEventListener('popstate', onPop)
  window.addEventListener('keydown', onKey)
  // Browsers turn those buttons into history steps themselves; Electron does not.
  if (isDesktop()) window.addEventListener('mouseup', onMouse)
  onCleanup(() => {
    clearTimeout(timer)
    window.removeEventListener('popstate', onPop)
    window.removeEventListener('keydown', onKey)
    window.removeEventListener('mouseup', onMouse)
  })
}
