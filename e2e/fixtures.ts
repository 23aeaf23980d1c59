/**
 * Starts the app for a test: browser mode (a real host on 127.0.0.1 with a fresh library in a temp
 * folder, driven in Debian's Chromium) or the Electron app where its runtime exists. Any request
 * that leaves 127.0.0.1 fails the test: the app promises to work offline.
 */
import { test as base, expect, chromium, _electron, type Page, type TestInfo } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getDocumentProxy } from 'unpdf'
import { unifyRadicals } from '../src/main/core/import/extract/radicals'
import { electronBinary } from '../scripts/electron-binary'
import { selectWithMouse as dragAcross } from './desktop-journey'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
]

export interface AppHandle {
  page: Page
  dataDir: string
  /** Requests that went anywhere but 127.0.0.1. */
  foreignRequests: string[]
  consoleErrors: string[]
  url: string
}

function startBrowserHost(
  dataDir: string,
  extraArgs: string[]
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['out/main/web.js', '--data-dir', dataDir, '--port', '0', ...extraArgs],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    )
    let out = ''
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${out}`)), 20_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/#launch=\S+)/u.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]! })
      }
    })
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`browser mode exited with ${code}:\n${out}`))
    })
  })
}

function watch(page: Page, handle: Pick<AppHandle, 'foreignRequests' | 'consoleErrors'>): void {
  page.on('request', (req) => {
    const url = new URL(req.url())
    if (
      url.protocol === 'data:' ||
      url.protocol === 'blob:' ||
      url.protocol === 'app:' ||
      url.protocol === 'devtools:'
    )
      return
    if (url.hostname !== '127.0.0.1') handle.foreignRequests.push(req.url())
  })
  page.on('console', (msg) => {
    if (msg.type() === 'error') handle.consoleErrors.push(msg.text())
  })
  page.on('pageerror', (err) => handle.consoleErrors.push(err.message))
}

export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

export const test = base.extend<{ app: AppHandle; hostArgs: string[] }>({
  hostArgs: [[], { option: true }],
  app: async ({ hostArgs }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dnr-e2e-'))
    const handle: Omit<AppHandle, 'page' | 'url'> = { dataDir, foreignRequests: [], consoleErrors: [] }
    if (testInfo.project.metadata.target === 'electron') {
      const electron = electronBinary()
      test.skip(
        electron.path === null,
        `Electron project skipped: ${electron.reason}. Browser mode covers these specs here.`
      )
      test.skip(
        !existsSync('build/electron-sqlite/better_sqlite3.node'),
        'Electron project skipped: the database module is not built for Electron (npm run rebuild:electron).'
      )
      const app = await _electron.launch({
        executablePath: electron.path!,
        args: ['.'],
        env: { ...process.env, DNR_DATA_DIR: dataDir },
      })
      const page = await app.firstWindow()
      // The hardened settings, checked in the running app: no Node in the page, only our bridge.
      const exposed = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as { districtNews?: object }).districtNews ?? {}).sort(),
      }))
      expect(exposed).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: ['invoke', 'on'],
      })
      expect(page.url()).toMatch(/^app:\/\/reader\//u)
      watch(page, handle)
      await use({ ...handle, page, url: page.url() })
      await app.close()
    } else {
      const { child, url } = await startBrowserHost(dataDir, hostArgs)
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
      const page = await context.newPage()
      watch(page, handle)
      await page.goto(url)
      await use({ ...handle, page, url })
      await browser.close()
      // The host backs the library up on quit: let it finish before the folder is removed.
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
    }
    expect(handle.foreignRequests, 'requests that left 127.0.0.1').toEqual([])
    expect(handle.consoleErrors, 'console errors (CSP violations included)').toEqual([])
    rmSync(dataDir, { recursive: true, force: true })
  },
})

export { expect }

/** Imports the files chosen in the import preview (the preview shows first; one click imports). */
export async function confirmImportPreview(page: Page): Promise<void> {
  const preview = page.getByRole('dialog', { name: '导入预览' })
  await expect(preview).toBeVisible()
  await preview.getByRole('button', { name: /^导入 \d+ 个文件$/u }).click()
}

/** Drags the mouse across the first occurrence of `phrase` in the reader, like a person selecting it. */
export async function selectWithMouse(page: Page, phrase: string): Promise<void> {
  // The report opens asynchronously after a click in the list.
  await expect(page.locator('.report')).toContainText(phrase)
  await dragAcross(page, phrase)
}

/** The text of a PDF (what a printed page holds), as pdf.js reads it. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf))
  let text = ''
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent()
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('')
  }
  // PDF fonts name some characters by their radical code points (⻛ for 风).
  return unifyRadicals(text.normalize('NFKC'))
}
