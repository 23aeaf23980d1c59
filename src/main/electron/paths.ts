/**
 * Where the shell finds its files, in development (out/ and the repository) and when packaged
 * (inside app.asar, plus the extraResources that electron-builder.yml copies next to it).
 * Electron-free so the packaging test can check it against the installer configuration.
 */
import { join, normalize, sep } from 'node:path'
import { APP_HOST, APP_SCHEME } from './window'

/** Paths below process.resourcesPath in a packaged app; electron-builder.yml's extraResources `to`. */
export const PACKAGED_SAMPLE = 'resources/sample-xuzhou-roundup.txt'
export const PACKAGED_ELECTRON_SQLITE = 'electron-sqlite/better_sqlite3.node'
/** Where `npm run rebuild:electron` writes the Electron build of better-sqlite3, from the repository root. */
export const ELECTRON_SQLITE_BUILD = 'build/electron-sqlite/better_sqlite3.node'

export interface ShellPaths {
  rendererDir: string
  preload: string
  importWorker: string
  /** The weekly integrity check, run in a utility process (integrity-check.ts). */
  integrityCheck: string
  libraryWorker: string
  sampleFile: string
  electronSqlite: string
}

/** `mainDir` is the folder of the built main script (out/main). */
export function shellPaths(mainDir: string, packaged: { resourcesPath: string } | null): ShellPaths {
  const root = join(mainDir, '../..')
  return {
    rendererDir: join(mainDir, '../renderer'),
    preload: join(mainDir, '../preload/index.cjs'),
    importWorker: join(mainDir, 'import-worker.js'),
    integrityCheck: join(mainDir, 'integrity-check.js'),
    libraryWorker: join(mainDir, 'library-worker.js'),
    sampleFile: packaged
      ? join(packaged.resourcesPath, PACKAGED_SAMPLE)
      : join(root, 'resources/sample-xuzhou-roundup.txt'),
    electronSqlite: packaged
      ? join(packaged.resourcesPath, PACKAGED_ELECTRON_SQLITE)
      : join(root, ELECTRON_SQLITE_BUILD),
  }
}

/**
 * The file under `rendererDir` an app:// request asks for, or null when the request is for
 * another host or would leave the folder (`..`, encoded separators, malformed escapes).
 */
export function rendererFileFor(rendererDir: string, requestUrl: string): string | null {
  let url: URL
  let pathname: string
  try {
    url = new URL(requestUrl)
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '') return null
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const root = normalize(rendererDir) + sep
  const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname))
  return file.startsWith(root) ? file : null
}
