/** Giving focus back to where it was when a dialog, popover or form opened, once it closes. */
import { onCleanup } from 'solid-js'

/**
 * Call in the component (or branch) that is the dialog: it remembers what had focus now, and when
 * the dialog goes away with the focus inside it, focuses that element again, or `fallback()` when
 * that element has gone meanwhile (re-rendered text, a closed view).
 */
export function createFocusReturn(fallback?: () => HTMLElement | null | undefined): void {
  const active = document.activeElement
  const opener = active instanceof HTMLElement && active !== document.body ? active : null
  onCleanup(() => {
    requestAnimationFrame(() => {
      // Focus that the user already moved elsewhere (a click, Tab) stays where they put it.
      if (document.activeElement !== null && document.activeElement !== document.body) return
      const target = opener?.isConnected ? opener : fallback?.()
      target?.focus()
    })
  })
}
