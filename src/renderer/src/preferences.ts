/** Small preferences kept in localStorage: theme, font size, reading positions. */
import { createSignal } from 'solid-js'

export type Theme = 'system' | 'light' | 'dark'

const storedTheme = localStorage.getItem('dnr-theme')
const [theme, setThemeSignal] = createSignal<Theme>(
  storedTheme === 'light' || storedTheme === 'dark' ? storedTheme : 'system'
)
const [fontSize, setFontSizeSignal] = createSignal(Number(localStorage.getItem('dnr-font-size')) || 18)

export function applyTheme(value: Theme): void {
  const dark = value === 'dark' || (value === 'system' && matchMedia('(prefers-color-scheme: dark)').matches)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
}

export function setTheme(value: Theme): void {
  localStorage.setItem('dnr-theme', value)
  setThemeSignal(value)
  applyTheme(value)
}

export function setFontSize(px: number): void {
  const clamped = Math.min(28, Math.max(14, px))
  localStorage.setItem('dnr-font-size', String(clamped))
  setFontSizeSignal(clamped)
}

export function readingPosition(reportId: number): number {
  return Number(localStorage.getItem(`dnr-pos-${reportId}`)) || 0
}

export function saveReadingPosition(reportId: number, top: number): void {
  localStorage.setItem(`dnr-pos-${reportId}`, String(Math.round(top)))
}

export { theme, fontSize }
