/** Browser mode for the benchmarks: launched on a library as a user launches it, stopped with Ctrl+C. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isBuildFresh, markBuildFresh } from '../scripts/build-freshness.mjs'

export const root = join(fileURLToPath(import.meta.url), '../..')

/** Builds out/ when a source changed since the last build (as `npm start` does). */
export function ensureBuilt(): void {
  if (isBuildFresh(root) && existsSync(join(root, 'out/main/web.js'))) return
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (build.status !== 0) throw new Error('the app could not be built')
  markBuildFresh(root)
}

export interface Launched {
  host: ChildProcess
  exited: Promise<void>
  /** The printed address, with its one-time launch code. */
  url: string
  started: number
  readyMs: number
}

/** `node out/main/web.js --data-dir DIR` (built first if a source changed) until it prints its address. */
export async function launch(dataDir: string): Promise<Launched> {
  ensureBuilt()
  const started = performance.now()
  const host = spawn(
    process.execPath,
    [join(root, 'out/main/web.js'), '--data-dir', dataDir, '--port', '0', '--no-sample'],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const exited = new Promise<void>((resolve) => host.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    host.stdout?.on('data', (d: Buffer) => {
      const m = /running at (\S+)/u.exec(d.toString())
      if (m) resolve(m[1]!)
    })
    host.once('exit', (code) => reject(new Error(`browser mode exited with ${code}`)))
  })
  return { host, exited, url, started, readyMs: performance.now() - started }
}

/** Ctrl+C until the process is gone; returns how long that took. */
export async function quit(launched: Launched): Promise<number> {
  const started = performance.now()
  launched.host.kill('SIGINT')
  await launched.exited
  return performance.now() - started
}

/** The median and 95th percentile of some timings, rounded to `decimals`. */
export function percentiles(times: readonly number[], decimals = 0): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
  const round = (n: number): number => Math.round(n * 10 ** decimals) / 10 ** decimals
  return { p50: round(at(0.5)), p95: round(at(0.95)) }
}
