/**
 * Finds the Electron runtime, and installs it with Electron's own installer when it is missing.
 * electron 45 has no install script of its own: its binary arrives only when something runs its
 * install.js (or requires the package). Finding never downloads; `installElectron` is the one
 * place that asks, so tests and browser mode never trigger a download by accident.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export function electronBinary(root = process.cwd()): { path: string | null; reason: string } {
  const pkg = join(root, 'node_modules', 'electron')
  if (!existsSync(pkg)) return { path: null, reason: 'the electron package is not installed' }
  const pathFile = join(pkg, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist')
  const candidate = join(distDir, relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'))
  if (existsSync(candidate)) return { path: candidate, reason: '' }
  return { path: null, reason: `the Electron runtime is not installed (no ${candidate})` }
}

/** The installer's own words in one line: its error message, without the stack. */
export function installerReason(output: string): string {
  const lines = output
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at ') && !/^Downloading/iu.test(l))
  const error = lines.find((l) => /error|failed|refused|not found|ENOTFOUND|EAI_AGAIN|\b\d{3}\b/iu.test(l))
  const line = (error ?? lines[0] ?? 'no output').slice(0, 300)
  // undici says only "fetch failed" when the host cannot be reached at all.
  return /fetch failed$/u.test(line) ? `${line} (the download host could not be reached)` : line
}

/**
 * Runs Electron's installer (node_modules/electron/install.js), which honours ELECTRON_MIRROR,
 * electron_config_cache and the other @electron/get settings. Resolves to the binary's path, or to
 * the reason it could not be installed; never throws.
 */
export function installElectron(
  root = process.cwd(),
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}
): Promise<{ path: string | null; reason: string }> {
  const installer = join(root, 'node_modules', 'electron', 'install.js')
  if (!existsSync(installer))
    return Promise.resolve({ path: null, reason: 'the electron package is not installed; run npm install' })
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], {
      cwd: root,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const timer = setTimeout(() => {
      child.kill()
      output = `the download did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s`
    }, options.timeoutMs ?? 300_000)
    child.on('error', (err) => {
      clearTimeout(timer)
      resolve({ path: null, reason: `Electron's installer could not run (${err.message})` })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const found = electronBinary(root)
      if (code === 0 && found.path) resolve(found)
      else resolve({ path: null, reason: `Electron's installer failed: ${installerReason(output)}` })
    })
  })
}
