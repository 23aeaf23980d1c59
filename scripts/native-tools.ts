/**
 * Where the Electron build of the database module finds its tools (node-gyp, prebuild-install):
 * the project's own node_modules first (both are installed with it), then the npm that runs us.
 * npm's folder differs by platform and packaging: `<prefix>/lib/node_modules/npm` on Unix
 * installers, `<nodejs>\node_modules\npm` on Windows, `/usr/share/nodejs/npm` with Debian's Node.
 */
import { posix, win32 } from 'node:path'

export function toolSearchBases(options: {
  root: string
  execPath: string
  npmExecpath?: string | undefined
  platform: NodeJS.Platform
}): string[] {
  const path = options.platform === 'win32' ? win32 : posix
  const { root, execPath } = options
  const bases = [
    path.join(root, 'node_modules', 'better-sqlite3', 'package.json'),
    path.join(root, 'package.json'),
  ]
  if (options.npmExecpath) bases.push(options.npmExecpath)
  const nodeDir = path.dirname(execPath)
  if (options.platform === 'win32') bases.push(path.join(nodeDir, 'node_modules', 'npm', 'bin', 'npm-cli.js'))
  else
    bases.push(
      path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
      '/usr/share/nodejs/npm/bin/npm-cli.js'
    )
  return bases
}
