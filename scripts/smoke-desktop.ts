/**
 * `npm run smoke:desktop [-- --packaged [PATH]]`: starts the desktop app with a fresh library and
 * walks one short journey (list, search, open, highlight, quit). Prints PASS, or
 * `FAIL: <step>: <reason>` and exits 1; exits 2 when the Electron runtime is not installed.
 *
 * The built app (out/) is driven with Playwright's _electron.launch. A packaged app cannot be:
 * its nodeCliInspect fuse is off (electron-builder.yml), so the `--inspect` that launch() waits
 * for never answers. It is started with Chromium's remote debugging port and driven over CDP.
 */
import { _electron, chromium, type Browser, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { failure, journey, step, StepFailure, TIMEOUT } from '../e2e/desktop-journey'
import { electronBinary } from './electron-binary'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

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

async function exited(child: ChildProcess, ms: number): Promise<number | string | null> {
  if (child.exitCode === null && child.signalCode === null)
    await once(child, 'exit', { signal: AbortSignal.timeout(ms) }).catch(() => undefined)
  return child.exitCode ?? child.signalCode
}

interface Running {
  page: Page
  /** Closes the app as a user would and resolves to its exit code (or signal). */
  quit: () => Promise<number | string | null>
  kill: () => void
}

async function launchBuilt(electron: string, dataDir: string): Promise<Running> {
  if (!existsSync('out/main/index.js'))
    throw failure('launch', 'out/main/index.js is missing (npm run build)')
  if (!existsSync('build/electron-sqlite/better_sqlite3.node'))
    throw failure('launch', 'the database module is not built for Electron (npm run rebuild:electron)')
  const app = await _electron.launch({
    executablePath: electron,
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
  if (!existsSync(executable)) throw failure('launch', `no packaged app at ${executable} (npm run dist)`)
  const port = await freePort()
  // As Playwright does for Electron on Linux: CI runners have no SUID sandbox helper.
  const args = [`--remote-debugging-port=${port}`, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])]
  const child = spawn(executable, args, { env: { ...process.env, DNR_DATA_DIR: dataDir }, stdio: 'ignore' })
  try {
    let browser: Browser | null = null
    let page: Page | undefined
    for (const deadline = Date.now() + 60_000; !page; await sleep(500)) {
      if (child.exitCode !== null) throw new Error(`the app exited at once with ${child.exitCode}`)
      if (Date.now() > deadline) throw new Error(`no window to drive on port ${port} within 60 s`)
      browser ??= await chromium.connectOverCDP(`http://127.0.0.1:${port}`).catch(() => null)
      page = browser
        ?.contexts()[0]
        ?.pages()
        .find((p) => !p.url().startsWith('devtools:'))
    }
    const [connected, window] = [browser!, page]
    return {
      page: window,
      quit: async () => {
        await window.close()
        const code = await exited(child, TIMEOUT)
        await connected.close().catch(() => undefined)
        return code
      },
      kill: () => child.kill(),
    }
  } catch (err) {
    child.kill()
    throw err
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--packaged')
  const given = at >= 0 ? process.argv[at + 1] : undefined
  const electron = electronBinary()
  if (at < 0 && electron.path === null) {
    console.log(`SKIP: ${electron.reason}; the desktop smoke test needs it.`)
    process.exit(2)
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'dnr-smoke-'))
  let running: Running | null = null
  try {
    const app = await step('launch', () => {
      if (at < 0) return launchBuilt(electron.path!, dataDir)
      const executable = given && !given.startsWith('--') ? given : findPackaged()
      if (!executable)
        throw failure('launch', `no packaged app for ${process.platform} under dist/ (npm run dist)`)
      return launchPackaged(executable, dataDir)
    })
    running = app
    await journey(app.page)
    const code = await step('quit', () => app.quit())
    if (code !== 0)
      throw failure('quit', code === null ? 'the app did not exit' : `the app exited with ${code}`)
    console.log('PASS')
  } catch (err) {
    const failed = err instanceof StepFailure ? err : failure('smoke', String(err))
    console.log(`FAIL: ${failed.step}: ${failed.message}`)
    process.exitCode = 1
  } finally {
    running?.kill()
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main()
  process.exit() // a CDP connection to an app that would not close must not keep this script alive
}
