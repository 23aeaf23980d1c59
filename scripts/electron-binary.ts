/**
 * Finds the Electron runtime without triggering its lazy download (requiring the `electron`
 * package fetches the binary on first use, which must never happen in tests or offline).
 */
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
  return {
    path: null,
    reason: `the Electron runtime is not installed (no ${candidate}; its download was not possible here)`,
  }
}
