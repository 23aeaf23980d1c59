/**
 * The desktop app loads better-sqlite3 built for Electron (build/electron-sqlite, or
 * resources/electron-sqlite when installed), never the Node build the tests use. When that build
 * is missing or made for another runtime the app says so in one sentence and quits.
 */
export const REBUILD_HINT = 'The database module is not built for Electron: run npm run rebuild:electron'

const ABI_MISMATCH = [
  /NODE_MODULE_VERSION/u,
  /was compiled against a different Node\.js version/u,
  /invalid ELF header/u,
  /wrong ELF class/u,
  /not a valid Win32 application/iu,
  /incompatible architecture|wrong architecture/iu,
  /ERR_DLOPEN_FAILED/u,
  /Module did not self-register/u,
]

/** True when loading failed because the native module was built for another runtime or machine. */
export function isNativeModuleMismatch(err: unknown): boolean {
  const text =
    err instanceof Error
      ? `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`
      : typeof err === 'string'
        ? err
        : ''
  return ABI_MISMATCH.some((re) => re.test(text))
}

/** The sentence the user sees, for a developer checkout or an installed app. */
export function databaseModuleMessage(file: string, installed: boolean): string {
  return installed
    ? `The database module of this installation (${file}) is missing or does not match this version of the app; reinstall District News Reader.`
    : `${REBUILD_HINT} (${file} is missing or was built for another runtime), then start again. Browser mode (npm run web) works without it.`
}
