/**
 * Part of `npm run lint`: every file in .github/workflows is checked against GitHub's workflow
 * schema by @action-validator/cli, offline, so a typo in a job key fails here and not on the runner.
 * The CLI is run with this Node (not through node_modules/.bin, whose shims differ on Windows).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const WORKFLOWS = join(root, '.github', 'workflows')

function validatorCli(): string {
  const pkgDir = join(root, 'node_modules', '@action-validator', 'cli')
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    bin: Record<string, string>
  }
  const bin = pkg.bin['action-validator']
  if (!bin) throw new Error('@action-validator/cli declares no action-validator bin')
  return join(pkgDir, bin)
}

export function validateWorkflowFile(path: string): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [validatorCli(), path], { encoding: 'utf8' })
  if (result.error) return { ok: false, output: result.error.message }
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() }
}

export function workflowFiles(dir = WORKFLOWS): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/u.test(name))
    .sort()
    .map((name) => join(dir, name))
}

function main(): void {
  const files = workflowFiles()
  let failed = 0
  for (const file of files) {
    const { ok, output } = validateWorkflowFile(file)
    if (ok) continue
    failed++
    console.error(`INVALID_WORKFLOW: ${file} does not match GitHub's workflow schema:\n${output}`)
  }
  if (failed > 0) process.exit(1)
  console.log(`workflows: ${files.length} valid`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main()
