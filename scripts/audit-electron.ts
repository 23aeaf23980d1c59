/**
 * `npm run audit:electron`: Electronegativity over the sources (its outdated-release check
 * AvailableSecurityFixesGlobalCheck excluded, as it needs the network). Fails on any finding of
 * high or medium severity; each accepted one is explained by an eng-disable comment at its line.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Judge Electron's defaults for the version we ship (Electronegativity cannot detect it from src/).
const electronVersion = (
  JSON.parse(readFileSync(join('node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version
const dir = mkdtempSync(join(tmpdir(), 'dnr-eng-'))
const csv = join(dir, 'findings.csv')
const run = spawnSync(
  'npx',
  [
    'electronegativity',
    '-i',
    'src',
    '-x',
    'AvailableSecurityFixesGlobalCheck',
    '-e',
    electronVersion,
    '-r',
    '-v',
    'false',
    '-o',
    csv,
  ],
  { encoding: 'utf8', timeout: 300_000 }
)
let findings: string[][] = []
try {
  findings = readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
} catch {
  console.error(`AUDIT_FAILED: Electronegativity did not run (exit ${run.status}).\n${run.stderr}`)
  process.exit(1)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
const serious = findings.filter((f) => /"(HIGH|MEDIUM)"/u.test(f[1] ?? ''))
for (const f of findings) console.log(`electronegativity: ${f[1]} ${f[0]} ${f[3]}:${f[4]}`)
if (serious.length > 0) {
  console.error(`AUDIT_FAILED: ${serious.length} high or medium finding(s).`)
  process.exit(1)
}
console.log(`electronegativity: 0 high or medium findings (${findings.length} low or informational)`)
