/**
 * `npm run rebuild:electron`: builds better-sqlite3 for Electron's ABI into
 * build/electron-sqlite/better_sqlite3.node, leaving the Node build in node_modules untouched
 * (tests, the CLI and browser mode keep using it). It needs Electron's headers from the network;
 * where they cannot be fetched it says so in one line and exits 0, so installs stay green.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const root = process.cwd()
const target = join(root, 'build', 'electron-sqlite', 'better_sqlite3.node')
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
).version

if (existsSync(target) && !process.argv.includes('--force')) {
  console.log(`electron-sqlite: already built for Electron (${target})`)
  process.exit(0)
}

const work = join(root, 'build', 'electron-sqlite-src')
rmSync(work, { recursive: true, force: true })
mkdirSync(join(root, 'build', 'electron-sqlite'), { recursive: true })
cpSync(join(root, 'node_modules', 'better-sqlite3'), work, {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
})
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', {
  paths: [join(process.execPath, '../../lib/node_modules/npm')],
})
const result = spawnSync(
  process.execPath,
  [
    nodeGyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron',
  ],
  {
    cwd: work,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 600_000,
    // npm may point node-gyp at Node's own headers; Electron's are needed here.
    env: Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl)$/iu.test(k))
    ),
  }
)
const built = join(work, 'build', 'Release', 'better_sqlite3.node')
// A module that loads in this Node was built against Node's headers, not Electron's: refuse it.
const loadsInNode =
  existsSync(built) && spawnSync(process.execPath, ['-e', `require(${JSON.stringify(built)})`]).status === 0
if (result.status === 0 && existsSync(built) && !loadsInNode) {
  cpSync(built, target)
  rmSync(work, { recursive: true, force: true })
  console.log(`electron-sqlite: built better-sqlite3 for Electron ${electronVersion} → ${target}`)
} else {
  rmSync(work, { recursive: true, force: true })
  const reason =
    (result.stderr ?? '').split('\n').find((l) => /ERR!|error/iu.test(l)) ?? `exit ${result.status}`
  console.log(
    `electron-sqlite: could not build better-sqlite3 for Electron ${electronVersion} (Electron's headers could not be fetched or compiled: ${reason.trim()}). The desktop app needs it; tests, the CLI and browser mode do not.`
  )
}
