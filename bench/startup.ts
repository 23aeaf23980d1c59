/**
 * Start-up, quit and backup figures of a library (issue 13), measured as a user meets them:
 *
 * - `readyMs`: `node out/main/web.js --data-dir DIR` until it prints its address;
 * - `firstResultsMs`: the same launch until Chromium (already open, as a user's browser is),
 *   opening that address and typing a query, shows the first results;
 * - `rssMB`: the browser-mode host's resident memory then (its worker threads included);
 * - `firstBackupS`: launch until the daily backup is written, when none was taken that day (it
 *   starts START_BACKUP_DELAY_MS after launch; on a new library it stores every original once);
 * - `quitAfterWriteMs`: a note written, then Ctrl+C (SIGINT) until the process is gone, the quit
 *   backup of the change included. The newest backup holds the library as it was before the note
 *   (as the start-up backup or the last quit's leaves it), so the quit takes the registry from it
 *   (db/backups.ts) and copies the user's own rows;
 * - `quitMs`: launched again, a search, then Ctrl+C: nothing changed, no backup;
 * - `backupMB`, `backupRatio`: the backups folder afterwards, and against the originals' size;
 * - `cliMs`: `node scripts/cli.mjs show 1` (what `npm run --silent cli` runs), median of 5;
 * - `restoreS`: restoring the newest automatic backup (the rebuild of texts and index included).
 *
 * `npm run bench:startup -- --docs N` builds a library first; `--data-dir DIR` measures one as it is.
 */
import { chromium } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Library } from '../src/main/core/library'
import { backupsSize, listBackups, originalsBytes } from '../src/main/core/db/backups'
import { launch, quit, root } from './host'

export interface StartupFigures {
  readyMs: number
  quitAfterWriteMs: number
  firstResultsMs: number
  rssMB: number | null
  firstBackupS: number | null
  quitMs: number
  backupMB: number
  backupRatio: number
  cliMs: number
  restoreS: number
}

const round = (n: number, places = 0): number => Math.round(n * 10 ** places) / 10 ** places

function rssMB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb ? round(Number(kb) / 1024) : null
  } catch {
    return null
  }
}

async function until<T>(what: string, check: () => T | null | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== null && value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function measureStartup(dataDir: string, query = '招商'): Promise<StartupFigures> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
  try {
    const backupsBefore = new Set(listBackups(dataDir).map((b) => b.file))
    // The browser is open already, as a user's is: its start is not the app's.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const first = await launch(dataDir)
    await page.goto(first.url)
    await page.getByRole('searchbox').fill(query)
    await page.locator('.result mark').first().waitFor({ timeout: 120_000 })
    const firstResultsMs = performance.now() - first.started
    const rss = rssMB(first.host.pid as number)

    // The start-up backup (taken when none was taken today) runs beside the user's work.
    let firstBackupS: number | null = null
    if (backupsBefore.size === 0 || Date.now() - (listBackups(dataDir)[0]?.mtimeMs ?? 0) > 86_400_000) {
      await until(
        'the start-up backup',
        () => listBackups(dataDir).find((b) => !backupsBefore.has(b.file)),
        3_600_000
      )
      firstBackupS = round((performance.now() - first.started) / 1000, 1)
      // Written, then rotated and pruned: wait until the worker is done with it.
      await new Promise((r) => setTimeout(r, 3000))
    }
    // A note written, then Ctrl+C: the quit takes a backup of the change.
    const origin = new URL(first.url).origin
    // The newest backup holds the library as it is now (after a restore here it does not).
    const current = await page.request.post(`${origin}/api/backupNow`, { data: {} })
    if (!current.ok()) throw new Error(`the backup before the note failed: ${await current.text()}`)
    const found = (await (
      await page.request.post(`${origin}/api/search`, { data: { query, limit: 1 } })
    ).json()) as { value: { hits: { reportId: number }[] } }
    const added = await page.request.post(`${origin}/api/addAnnotation`, {
      data: { reportId: found.value.hits[0]!.reportId, start: 0, end: 2, note: '基准测试' },
    })
    if (!added.ok()) throw new Error(`the note was not written: ${await added.text()}`)
    await page.close()
    const quitAfterWriteMs = await quit(first)

    // Launched again, read, Ctrl+C: nothing changed since the last backup, so no backup is taken.
    const second = await launch(dataDir)
    const again = await context.newPage()
    await again.goto(second.url)
    await again.getByRole('searchbox').fill(query)
    await again.locator('.result mark').first().waitFor({ timeout: 120_000 })
    const readyMs = first.readyMs
    const quitMs = await quit(second)
    await context.close()

    const cli: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      const run = spawnSync(
        process.execPath,
        [join(root, 'scripts/cli.mjs'), 'show', '1', '--data-dir', dataDir],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        }
      )
      if (run.status !== 0) throw new Error(`cli show failed: ${run.stderr.toString()}`)
      cli.push(performance.now() - t)
    }
    cli.sort((a, b) => a - b)

    const library = new Library(dataDir)
    const originals = originalsBytes(library.db)
    const backups = backupsSize(dataDir)
    const newest = listBackups(dataDir)[0]!
    const restoreStarted = performance.now()
    await library.restore(newest.file)
    const restoreS = (performance.now() - restoreStarted) / 1000
    library.close()

    return {
      readyMs: round(readyMs),
      quitAfterWriteMs: round(quitAfterWriteMs),
      firstResultsMs: round(firstResultsMs),
      rssMB: rss,
      firstBackupS,
      quitMs: round(quitMs),
      backupMB: round(backups / 1048576, 1),
      backupRatio: round(backups / Math.max(originals, 1), 2),
      cliMs: round(cli[2]!),
      restoreS: round(restoreS, 1),
    }
  } finally {
    await browser.close()
  }
}
