/** The options of every window, in one place so a test can check them against the security checklist. */
import type { BrowserWindowConstructorOptions } from 'electron'

export const APP_ORIGIN = 'app://reader'
export const APP_URL = `${APP_ORIGIN}/index.html`

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
}

export function windowOptions(preload: string, bounds: WindowBounds): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 900,
    minHeight: 560,
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
    },
  }
}
