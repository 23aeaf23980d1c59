/**
 * `npm run smoke:desktop [-- --packaged [PATH]]`: starts the desktop app with a fresh library and
 * walks one short journey (list, search, open, highlight, quit). Prints PASS, or
 * `FAIL: <step>: <reason>` and exits 1; exits 2 when the Electron runtime is not installed.
 *
 * The built app (out/) is driven with Playwright's _electron.launch. A packaged app cannot be:
 * its nodeCliInspect fuse is off (electron-builder.yml), so the `--inspect` that launch() waits
 * for never answers. It is started with Chromium's remote debugging port and driven over CDP.
 */
import { _electron, chromium, expect, type Browser, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { electronBinary } from './electron-binary'

const PHRASE = '佰斯拓工业风机研发制造项目'
const TIMEOUT = 20_000
const check = expect.configure({ timeout: TIMEOUT })

class StepFailure extends Error {
  constructor(
    readonly step: string,
    reason: string
  ) {
    super(reason)
  }
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof StepFailure) throw err
    const text = err instanceof Error ? err.message : String(err)
    // Playwright's messages carry a call log after the first lines; the matcher line is enough.
    throw new StepFailure(
      name,
      text
        .replace(/\u001b\[\d+m/gu, '')
        .split('\n')
        .filter(Boolean)
        .slice(0, 3)
        .join(' ')
    )
  }
}

/** The packaged executable electron-builder leaves under dist/ for this platform. */
function findPackaged(): string | null {
  if (!existsSync('dist')) return null
  const dirs = readdirSync('dist')
  const pick = (prefix: string, exe: string): string | null =>
    dirs
      .filter((d) => d.startsWith(prefix))
      .map((d) => join('dist', d, exe))
      .find((p) => existsSync(p)) ?? null
  if (process.platform === 'win32') return pick('win', 'District News Reader.exe')
  if (process.platform === 'darwin')
    return pick('mac', 'District News Reader.app/Contents/MacOS/District News Reader')
  return pick('linux', 'district-news-reader')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
      )
    })
  })
}

function exited(child: ChildProcess, ms: number): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode ?? child.signalCode)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve(code ?? signal)
    })
  })
}

interface Running {
  page: Page
  /** Closes the app as a user would and resolves to its exit code (or signal). */
  quit: () => Promise<number | string | null>
  kill: () => void
}

async function launchBuilt(dataDir: string): Promise<Running> {
  const binary = electronBinary()
  if (binary.path === null) {
    console.log(`SKIP: ${binary.reason}; the desktop smoke test needs it.`)
    process.exit(2)
  }
  if (!existsSync('out/main/index.js'))
    throw new StepFailure('launch', 'out/main/index.js is missing (npm run build)')
  if (!existsSync('build/electron-sqlite/better_sqlite3.node'))
    throw new StepFailure(
      'launch',
      'the database module is not built for Electron (npm run rebuild:electron)'
    )
  const app = await _electron.launch({
    executablePath: binary.path,
    args: ['.'],
    env: { ...process.env, DNR_DATA_DIR: dataDir },
    timeout: 60_000,
  })
  const child = app.process()
  return {
    page: await app.firstWindow({ timeout: 60_000 }),
    quit: async () => {
      await app.close()
      return exited(child, TIMEOUT)
    },
    kill: () => child.kill(),
  }
}

async function launchPackaged(executable: string, dataDir: string): Promise<Running> {
  if (!existsSync(executable))
    throw new StepFailure('launch', `no packaged app at ${executable} (npm run dist)`)
  const port = await freePort()
  // As Playwright does for Electron on Linux: CI runners give no SUID sandbox helper.
  const args = [`--remote-debugging-port=${port}`, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])]
  const child = spawn(executable, args, { env: { ...process.env, DNR_DATA_DIR: dataDir }, stdio: 'ignore' })
  let connected: Browser | null = null
  for (const deadline = Date.now() + 60_000; !connected;) {
    if (child.exitCode !== null)
      throw new StepFailure('launch', `the app exited at once with ${child.exitCode}`)
    connected = await chromium
      .connectOverCDP(`http://127.0.0.1:${port}`, { timeout: 5_000 })
      .catch((err: unknown) => {
        if (Date.now() > deadline) throw err
        return new Promise<null>((resolve) => setTimeout(() => resolve(null), 500))
      })
  }
  const browser = connected
  const context = browser.contexts()[0]
  if (!context) throw new StepFailure('launch', 'the app exposes no browser context')
  const page =
    context.pages().find((p) => p.url().startsWith('app://')) ??
    (await context.waitForEvent('page', { timeout: 60_000 }))
  return {
    page,
    quit: async () => {
      await page.close()
      const code = await exited(child, TIMEOUT)
      await browser.close().catch(() => undefined)
      return code
    },
    kill: () => child.kill(),
  }
}

/** Drags the mouse across `phrase` in the reader, as e2e/annotations.spec.ts does. */
async function selectWithMouse(page: Page, phrase: string): Promise<void> {
  const box = await page.evaluate((text) => {
    const walker = document.createTreeWalker(document.querySelector('.report')!, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(text)
      if (at < 0) continue
      const range = document.createRange()
      range.setStart(node, at)
      range.setEnd(node, at + 1)
      const first = range.getBoundingClientRect()
      range.setStart(node, at + text.length - 1)
      range.setEnd(node, at + text.length)
      const last = range.getBoundingClientRect()
      return {
        x1: first.left + 1,
        y1: first.top + first.height / 2,
        x2: last.right - 1,
        y2: last.top + last.height / 2,
      }
    }
    return null
  }, phrase)
  if (!box) throw new Error(`"${phrase}" is not on screen`)
  await page.mouse.move(box.x1, box.y1)
  await page.mouse.down()
  await page.mouse.move(box.x2, box.y2, { steps: 8 })
  await page.mouse.up()
}

export async function journey(page: Page): Promise<void> {
  const list = page.getByRole('list', { name: '报告' })
  const search = page.getByRole('searchbox', { name: '搜索' })
  await step('list', () => check(list.getByRole('listitem')).toHaveCount(9))
  await step('search', async () => {
    await search.fill('招商')
    await check(list.locator('mark').first()).toHaveText('招商')
    await check(page.getByText(/^[1-8] 篇报告$/u)).toBeVisible()
    await search.fill('')
    await check(list.getByRole('listitem')).toHaveCount(9)
  })
  await step('open', async () => {
    await list.getByText('睢宁').first().click()
    await check(page.locator('.report')).toContainText(PHRASE)
  })
  await step('highlight', async () => {
    await selectWithMouse(page, PHRASE)
    await page.getByRole('toolbar', { name: '高亮' }).getByRole('button', { name: '高亮 绿色' }).click()
    await check(page.locator('mark.anno')).toHaveText(PHRASE)
  })
  await step('annotation', () =>
    check(page.getByRole('complementary', { name: '本文批注' })).toContainText(PHRASE)
  )
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--packaged')
  const given = at >= 0 ? process.argv[at + 1] : undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'dnr-smoke-'))
  let running: Running | null = null
  try {
    running = await step('launch', () => {
      if (at < 0) return launchBuilt(dataDir)
      const executable = given && !given.startsWith('--') ? given : findPackaged()
      if (!executable)
        throw new StepFailure('launch', `no packaged app for ${process.platform} under dist/ (npm run dist)`)
      return launchPackaged(executable, dataDir)
    })
    await journey(running.page)
    const code = await step('quit', () => running!.quit())
    running = null
    if (code !== 0)
      throw new StepFailure('quit', code === null ? 'the app did not exit' : `the app exited with ${code}`)
    console.log('PASS')
  } catch (err) {
    const failure = err instanceof StepFailure ? err : new StepFailure('smoke', String(err))
    console.log(`FAIL: ${failure.step}: ${failure.message}`)
    process.exitCode = 1
  } finally {
    running?.kill()
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
