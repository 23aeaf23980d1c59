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
import { addAnnotation, listAnnotations } from '../src/main/core/annotations/store'
import { Library } from '../src/main/core/library'

const dir = mkdtempSync(join(tmpdir(), 'dnr-fixture-'))
const library = new Library(dir)
await library.importPaths(['resources/sample-xuzhou-roundup.txt'])
library.db.prepare('UPDATE documents SET path = ?').run('sample-xuzhou-roundup.txt')
// From schema 3 on, the fixture carries an annotation too.
const withAnnotations =
  library.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'annotations'").get() !== undefined
if (withAnnotations) {
  const report = library.listReports().find((r) => r.district === '睢宁')!
  const text = library.getReport(report.id).text
  const start = text.indexOf('佰斯拓')
  addAnnotation(library.db, {
    reportId: report.id,
    start,
    end: start + 13,
    note: '签约 **1.6亿元**',
    tags: ['招商'],
  })
}
const version = schemaVersion(library.db)
const out = `src/main/core/db/fixtures/library-v${version}.sqlite3`
await library.backup(out)
const expected = {
  version,
  reports: library.listReports().map((r) => ({ ...r, text: library.getReport(r.id).text })),
  annotations: withAnnotations
    ? listAnnotations(library.db).map(({ id, reportId, start, end, exact, note, tags, color }) => ({
        id,
        reportId,
        start,
        end,
        exact,
        note,
        tags,
        color,
      }))
    : [],
}
library.close()
const db = new Database(out)
db.exec('VACUUM')
db.close()
writeFileSync(out.replace(/\.sqlite3$/u, '.json'), JSON.stringify(expected, null, 2) + '\n')
rmSync(dir, { recursive: true, force: true })
console.log(`wrote ${out}`)
