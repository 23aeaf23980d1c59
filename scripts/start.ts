/**
 * `npm start`: builds the app and opens it in Electron. Where the Electron runtime cannot be
 * obtained (as on machines without its download), says so in one line and starts browser mode.
 * `npm run web` goes straight to browser mode. Arguments after `--` go to the app.
 */
import { spawn, spawnSync } from 'node:child_process'
import { electronBinary } from './electron-binary'

const webOnly = process.argv.includes('--web')
const appArgs = process.argv.slice(2).filter((a) => a !== '--web')

const build = spawnSync('npx', ['electron-vite', 'build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  shell: process.platform === 'win32',
})
if (build.status !== 0) {
  console.error('BUILD_FAILED: the app could not be built; see the messages above.')
  process.exit(build.status ?? 1)
}

const electron = webOnly ? { path: null, reason: '' } : electronBinary()
const child = electron.path
  ? spawn(electron.path, ['.', ...appArgs], { stdio: 'inherit' })
  : (() => {
      if (!webOnly)
        console.log(`Electron is not available (${electron.reason}); starting browser mode instead.`)
      return spawn(process.execPath, ['out/main/web.js', ...appArgs], { stdio: 'inherit' })
    })()
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
