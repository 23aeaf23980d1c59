/**
 * Whether `out/` was built from the sources as they are now, so `npm start` and `npm run web`
 * launch at once instead of rebuilding every time. The fingerprint covers every file the build
 * reads (paths, sizes, modification times); a deleted or added file changes it too.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

const INPUTS = [
  'src',
  'resources',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
]
const STAMP = join('out', '.build-fingerprint')

/** @param {string} root @param {string} path @returns {string[]} */
function files(root, path) {
  const full = join(root, path)
  if (!existsSync(full)) return []
  const stats = statSync(full)
  if (!stats.isDirectory()) return [path]
  return readdirSync(full)
    .sort()
    .flatMap((name) => (name.endsWith('.test.ts') ? [] : files(root, join(path, name))))
}

/** @param {string} [root] @returns {string} */
export function sourceFingerprint(root = process.cwd()) {
  const hash = createHash('sha256')
  for (const input of INPUTS)
    for (const file of files(root, input)) {
      const s = statSync(join(root, file))
      hash.update(`${relative(root, join(root, file))}\0${s.size}\0${s.mtimeMs}\n`)
    }
  return hash.digest('hex')
}

/** @param {string} [root] @returns {boolean} */
export function isBuildFresh(root = process.cwd()) {
  const stamp = join(root, STAMP)
  return (
    existsSync(stamp) &&
    existsSync(join(root, 'out', 'main', 'web.js')) &&
    readFileSync(stamp, 'utf8') === sourceFingerprint(root)
  )
}

/** @param {string} [root] */
export function markBuildFresh(root = process.cwd()) {
  writeFileSync(join(root, STAMP), sourceFingerprint(root))
}
