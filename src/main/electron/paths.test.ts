/** app:// serves only the renderer folder; packaged paths match what the installer copies. */
import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rendererFileFor, shellPaths } from './paths'

const root = join(sep, 'app', 'out', 'renderer')

describe('rendererFileFor', () => {
  it('maps app://reader URLs to files inside the renderer folder', () => {
    expect(rendererFileFor(root, 'app://reader/index.html')).toBe(join(root, 'index.html'))
    expect(rendererFileFor(root, 'app://reader/')).toBe(join(root, 'index.html'))
    expect(rendererFileFor(root, 'app://reader/assets/index-1.js?x=1#y')).toBe(
      join(root, 'assets/index-1.js')
    )
    expect(rendererFileFor(root, 'app://reader/%E5%8E%BF.css')).toBe(join(root, '县.css'))
  })

  it('refuses other hosts, schemes and anything that would leave the folder', () => {
    for (const url of [
      'app://evil/index.html',
      'app://reader:81/index.html',
      'file:///app/out/renderer/index.html',
      'https://reader/index.html',
      'app://reader/..%2f..%2f..%2fetc%2fpasswd',
      'app://reader/assets/..%5c..%5c..%5cwindows',
      'app://reader/%00index.html',
      'app://reader/%E0%A4%A',
      'not a url',
    ]) {
      expect(rendererFileFor(root, url), url).toBeNull()
    }
    // Dot segments are resolved by the URL parser against the root, as a browser does.
    expect(rendererFileFor(root, 'app://reader/%2e%2e/%2e%2e/secret')).toBe(join(root, 'secret'))
    expect(rendererFileFor(root, 'app://reader/../../etc/passwd')).toBe(join(root, 'etc/passwd'))
  })
})

describe('shellPaths', () => {
  it('finds the sample and the Electron database module in the repository or next to the installed app', () => {
    const dev = shellPaths(join(sep, 'repo', 'out', 'main'), null)
    expect(dev.sampleFile).toBe(join(sep, 'repo', 'resources', 'sample-xuzhou-roundup.txt'))
    expect(dev.electronSqlite).toBe(join(sep, 'repo', 'build', 'electron-sqlite', 'better_sqlite3.node'))
    expect(dev.preload).toBe(join(sep, 'repo', 'out', 'preload', 'index.cjs'))
    const installed = shellPaths(join(sep, 'opt', 'app.asar', 'out', 'main'), {
      resourcesPath: join(sep, 'opt'),
    })
    expect(installed.sampleFile).toBe(join(sep, 'opt', 'resources', 'sample-xuzhou-roundup.txt'))
    expect(installed.electronSqlite).toBe(join(sep, 'opt', 'electron-sqlite', 'better_sqlite3.node'))
    expect(installed.rendererDir).toBe(join(sep, 'opt', 'app.asar', 'out', 'renderer'))
  })

  it('starts the workers from inside app.asar, next to the chunks and node_modules they import', () => {
    // Not app.asar.unpacked: Electron's worker threads read the archive as the main thread does.
    const installed = shellPaths(join(sep, 'opt', 'app.asar', 'out', 'main'), {
      resourcesPath: join(sep, 'opt'),
    })
    expect(installed.libraryWorker).toBe(join(sep, 'opt', 'app.asar', 'out', 'main', 'library-worker.js'))
    expect(installed.importWorker).toBe(join(sep, 'opt', 'app.asar', 'out', 'main', 'import-worker.js'))
    expect(installed.integrityCheck).toBe(join(sep, 'opt', 'app.asar', 'out', 'main', 'integrity-check.js'))
    const dev = shellPaths(join(sep, 'repo', 'out', 'main'), null)
    expect(dev.libraryWorker).toBe(join(sep, 'repo', 'out', 'main', 'library-worker.js'))
  })
})
