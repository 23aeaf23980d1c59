/**
 * Builds the FTS5 ranking extension (native/fts5-rank.c, a SQLite loadable extension) into
 * build/native, with the C compiler at hand. Runs after `npm install`; never fails it: without a
 * compiler (or on a failed build) it says so, and searches rank with SQLite's own bm25(), about
 * twice as slow for phrases of common words. `--strict` fails instead (CI, releases).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const strict = process.argv.includes('--strict')
const source = join(root, 'native/fts5-rank.c')
const headers = join(root, 'node_modules/better-sqlite3/deps/sqlite3')
const suffix = process.platform === 'win32' ? 'dll' : process.platform === 'darwin' ? 'dylib' : 'so'
const out = join(root, 'build/native', `fts5-rank.${suffix}`)

function fail(why) {
  const line = `fts5-rank: not built (${why}); searches rank with SQLite's bm25(), slower for phrases.`
  if (strict) {
    console.error(line)
    process.exit(1)
  }
  console.warn(line)
  process.exit(0)
}

try {
  // The folder is made either way: the installers copy what it holds (electron-builder.yml).
  mkdirSync(dirname(out), { recursive: true })
  rmSync(out, { force: true })
} catch (err) {
  // A build loaded by a running app (Windows keeps a loaded DLL): left as it is.
  fail(`${out} could not be replaced: ${err instanceof Error ? err.message : String(err)}`)
}
if (!existsSync(join(headers, 'sqlite3ext.h'))) fail(`no SQLite headers in ${headers}`)
const compilers = process.env.CC
  ? [process.env.CC]
  : process.platform === 'win32'
    ? ['gcc', 'clang']
    : ['cc', 'gcc', 'clang']
// As SQLite itself is built (better-sqlite3's gyp: C99), with no fused multiply-adds: the scores of
// several phrases are bm25's to the last bit.
const flags = [
  '-O2',
  '-std=c99',
  '-ffp-contract=off',
  '-shared',
  ...(process.platform === 'win32' ? ['-static-libgcc'] : ['-fPIC']),
  ...(process.platform === 'darwin' ? ['-mmacosx-version-min=11.0'] : []),
  `-I${headers}`,
  source,
  '-o',
  out,
  ...(process.platform === 'win32' ? [] : ['-lm']),
]
const tried = []
for (const cc of compilers) {
  const run = spawnSync(cc, flags, { encoding: 'utf8', shell: false })
  if (run.error) {
    tried.push(`${cc}: ${run.error.code ?? run.error.message}`)
    continue
  }
  if (run.status === 0 && existsSync(out)) {
    console.log(`fts5-rank: built ${out}`)
    process.exit(0)
  }
  tried.push(`${cc}: ${(run.stderr || run.stdout || `exit ${run.status}`).trim().split('\n')[0]}`)
}
fail(tried.join('; ') || 'no C compiler')
