/**
 * `npm run rebuild:electron`: puts better-sqlite3 built for Electron's ABI at
 * build/electron-sqlite/better_sqlite3.node, leaving the Node build in node_modules untouched
 * (tests, the CLI and browser mode keep using it; the app loads this one via `nativeBinding`).
 *
 * It works on a copy of the package: first the prebuilt binary for this Electron version
 * (prebuild-install, as better-sqlite3's own install does), else a compile with node-gyp against
 * Electron's headers. Both need the network; where neither works it prints one line saying what
 * is missing and exits 0 (so `npm start` and installs stay usable), or 1 with --strict (npm run dist).
 * --force rebuilds even when a build for this Electron version exists.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { toolSearchBases } from './native-tools'

const root = process.cwd()
const strict = process.argv.includes('--strict')
const outDir = join(root, 'build', 'electron-sqlite')
const target = join(outDir, 'better_sqlite3.node')
const stampFile = join(outDir, 'built-for.json')
const work = join(root, 'build', 'electron-sqlite-src')

function version(pkg: string): string | null {
  try {
    const file = join(root, 'node_modules', pkg, 'package.json')
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return null
  }
}

function finish(ok: boolean, line: string): never {
  console.log(`electron-sqlite: ${line}`)
  process.exit(ok || !strict ? 0 : 1)
}

const electronVersion = version('electron')
const sqliteVersion = version('better-sqlite3')
if (!electronVersion || !sqliteVersion)
  finish(false, 'skipped: the electron and better-sqlite3 packages must be installed first (npm install).')
const stamp = JSON.stringify({
  electron: electronVersion,
  betterSqlite3: sqliteVersion,
  platform: process.platform,
  arch: process.arch,
})
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : null
if (existsSync(target) && current === stamp && !process.argv.includes('--force'))
  finish(true, `already built for Electron ${electronVersion} (${target})`)

// Electron's own variables must reach the tools, not npm's settings for Node.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|arch)$/iu.test(k))
)
const run = (args: string[]) =>
  spawnSync(process.execPath, args, {
    cwd: work,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  })
/** The one useful fact in a tool's output: what could not be downloaded, or its first error. */
function reason(output: string | null): string {
  const text = output ?? ''
  const url = /GET (https?:\S+)/u.exec(text)?.[1]
  const network =
    /getaddrinfo \S+ \S+|ENOTFOUND \S+|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET|network connectivity/u.exec(
      text
    )
  if (network) return `no download${url ? ` of ${url}` : ''} (${network[0]})`
  const line = text
    .split('\n')
    .find((l) => /ERR! (?!stack|System|command|cwd|node -v|node-gyp -v|not ok)|error/iu.test(l))
  return line?.replace(/^.*?(ERR!|error:?)\s*/iu, '').trim() || 'no output'
}

/** Resolves a tool from better-sqlite3's dependencies, the project, or the npm that runs us. */
function tool(id: string): string | null {
  const bases = toolSearchBases({
    root,
    execPath: process.execPath,
    npmExecpath: process.env.npm_execpath,
    platform: process.platform,
  })
  for (const base of bases) {
    try {
      return createRequire(base).resolve(id)
    } catch {
      // Try the next place.
    }
  }
  return null
}

rmSync(work, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
cpSync(join(root, 'node_modules', 'better-sqlite3'), work, {
  recursive: true,
  filter: (src) => !src.startsWith(join(root, 'node_modules', 'better-sqlite3', 'build')),
})
const built = join(work, 'build', 'Release', 'better_sqlite3.node')
const electronFlags = [`--runtime=electron`, `--target=${electronVersion}`, `--arch=${process.arch}`]

const prebuildInstall = tool('prebuild-install/bin.js')
const nodeGyp = tool('node-gyp/bin/node-gyp.js')
const prebuilt = prebuildInstall
  ? run([prebuildInstall, ...electronFlags])
  : { status: 1, stderr: 'prebuild-install is not installed', stdout: '' }
let how = 'prebuilt binary'
let failure = `prebuilt binary: ${reason(prebuilt.stderr)}`
if (prebuilt.status !== 0 || !existsSync(built)) {
  how = 'compiled with node-gyp'
  const compiled = nodeGyp
    ? run([nodeGyp, 'rebuild', '--release', ...electronFlags, '--dist-url=https://electronjs.org/headers'])
    : { status: 1, stderr: 'node-gyp is not installed', stdout: '' }
  if (compiled.status !== 0) failure += `; compile: ${reason(`${compiled.stdout}\n${compiled.stderr}`)}`
}

// A module that loads in this Node was built against Node's headers, not Electron's: refuse it.
const loadsInNode =
  existsSync(built) && spawnSync(process.execPath, ['-e', `require(${JSON.stringify(built)})`]).status === 0
if (existsSync(built) && !loadsInNode) {
  cpSync(built, target)
  writeFileSync(stampFile, stamp)
  rmSync(work, { recursive: true, force: true })
  finish(true, `better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${how}) → ${target}`)
}
rmSync(work, { recursive: true, force: true })
finish(
  false,
  `could not build better-sqlite3 for Electron ${electronVersion}: ${failure}. The desktop app needs it; tests, the CLI and browser mode do not.`
)
