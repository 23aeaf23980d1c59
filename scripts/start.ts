/**
 * `npm start`: builds the app (when its sources changed) and opens it in Electron. Where the Electron runtime cannot be
 * obtained (as on machines without its download), says so in one line and starts browser mode.
 * `npm run web` goes straight to browser mode. Arguments after `--` go to the app.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { isBuildFresh, markBuildFresh } from './build-freshness.mjs'
import { electronBinary, installElectron } from './electron-binary'

const webOnly = process.argv.includes('--web')
const appArgs = process.argv.slice(2).filter((a) => a !== '--web')

// Rebuild only when the sources changed since the last build: a launch should be a launch.
if (!isBuildFresh()) {
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  })
  if (build.status !== 0) {
    console.error('BUILD_FAILED: the app could not be built; see the messages above.')
    process.exit(build.status ?? 1)
  }
  markBuildFresh()
}

let electron = webOnly ? { path: null as string | null, reason: '' } : electronBinary()
if (!webOnly && !electron.path) {
  // electron 45 downloads its runtime only when asked: ask its installer once (ELECTRON_MIRROR works).
  console.log("Electron's runtime is not installed yet; downloading it with Electron's installer…")
  electron = await installElectron()
}
if (electron.path) {
  // The desktop app loads its own build of the database module (see scripts/build-electron-sqlite.ts).
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-electron-sqlite.ts'], { stdio: 'inherit' })
  if (!existsSync('build/electron-sqlite/better_sqlite3.node'))
    electron = { path: null, reason: 'the database module could not be built for Electron' }
}
const child = electron.path
  ? spawn(electron.path, ['.', ...appArgs], { stdio: 'inherit' })
  : (() => {
      if (!webOnly)
        console.log(`Electron is not available (${electron.reason}); starting browser mode instead.`)
      return spawn(process.execPath, ['out/main/web.js', ...appArgs], { stdio: 'inherit' })
    })()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
