import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'District News Reader'
export const DATA_DIR_ENV = 'DNR_DATA_DIR'

/**
 * The OS user-data folder of the app, the same one Electron's app.getPath('userData') gives, so the
 * desktop app, browser mode and the CLI share one library unless told otherwise.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const fromEnv = env[DATA_DIR_ENV]
  if (fromEnv) return fromEnv
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
}
