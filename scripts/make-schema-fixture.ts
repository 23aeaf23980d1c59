/**
 * Writes a fixture library for the current schema version (the sample imported), with a JSON of
 * what it holds, so every later version's upgrade is tested against it. Run once per release:
 *   npx tsx scripts/make-schema-fixture.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { schemaVersion } from '../src/main/core/db/database'
import { Library } from '../src/main/core/library'

const dir = mkdtempSync(join(tmpdir(), 'dnr-fixture-'))
const library = new Library(dir)
library.importPaths(['resources/sample-xuzhou-roundup.txt'])
library.db.prepare('UPDATE documents SET path = ?').run('sample-xuzhou-roundup.txt')
const version = schemaVersion(library.db)
const out = `src/main/core/db/fixtures/library-v${version}.sqlite3`
await library.backup(out)
const expected = {
  version,
  reports: library.listReports().map((r) => ({ ...r, text: library.getReport(r.id).text })),
}
library.close()
const db = new Database(out)
db.exec('VACUUM')
db.close()
writeFileSync(out.replace(/\.sqlite3$/u, '.json'), JSON.stringify(expected, null, 2) + '\n')
rmSync(dir, { recursive: true, force: true })
console.log(`wrote ${out}`)
