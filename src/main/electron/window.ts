/** The options of every window, in one place so a test can check them against the security checklist. */
import type { BrowserWindowConstructorOptions } from 'electron'

export const APP_SCHEME = 'app'
export const APP_HOST = 'reader'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_URL = `${APP_ORIGIN}/index.html`

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
}

export const MIN_WIDTH = 900
export const MIN_HEIGHT = 560

export function windowOptions(
  preload: string,
  bounds: WindowBounds,
  options: { devTools?: boolean } = {}
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: '区县新闻阅读器',
    backgroundColor: '#f7f5f0',
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Developer tools in development only; an installed app has no use for them.
      devTools: options.devTools ?? false,
    },
  }
}

type ShowableWindow = {
  once(event: 'ready-to-show', listener: () => void): unknown
  maximize(): void
  show(): void
}

/**
 * Shows a window once its first paint is ready, maximised if it was when it closed. maximize()
 * itself shows the window, so it must wait for ready-to-show too or the user sees a blank frame.
 */
export function showWhenReady(window: ShowableWindow, maximized: boolean): void {
  window.once('ready-to-show', () => {
    if (maximized) window.maximize()
    window.show()
  })
}
