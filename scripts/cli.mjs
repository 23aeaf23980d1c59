/**
 * `npm run --silent cli -- …`: runs the built CLI (out/main/cli.js) in plain Node, with no
 * transpiler on the way; it is rebuilt first only when a source file changed since the last build.
 * Build messages go to stderr, so stdout stays the command's JSON.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { isBuildFresh, markBuildFresh } from './build-freshness.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
if (!isBuildFresh(root)) {
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  })
  if (build.status !== 0) {
    process.stderr.write('BUILD_FAILED: the CLI could not be built; see the messages above.\n')
    process.exit(build.status ?? 1)
  }
  markBuildFresh(root)
}
await import(new URL('../out/main/cli.js', import.meta.url).href)
