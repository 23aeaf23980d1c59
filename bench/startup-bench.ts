/**
 * Start-up benchmark: `npm run bench:startup -- --docs N [--keep DIR]`, or `--data-dir DIR` for a
 * library as it is. Builds a library of N reports of real Chinese text (bench/corpus.ts; it refuses
 * to run without that corpus), then measures launch, first results, quit, backups, the CLI and a
 * restore on it (bench/startup.ts). The last line is one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Library } from '../src/main/core/library'
import { optimizeIndex } from '../src/main/core/search/index-store'
import { buildDocuments, loadParagraphs, seedRandom } from './corpus'
import { measureStartup } from './startup'

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    keep: { type: 'string' },
    'data-dir': { type: 'string' },
    seed: { type: 'string', default: '42' },
  },
})

async function main(): Promise<void> {
  const given = values['data-dir']
  const dataDir = given ?? values.keep ?? mkdtempSync(join(tmpdir(), 'dnr-startup-bench-'))
  if (!given) {
    const { paragraphs } = loadParagraphs()
    seedRandom(Number(values.seed))
    const library = new Library(dataDir)
    const t0 = performance.now()
    const summary = await library.importSources(buildDocuments(paragraphs, Number(values.docs)))
    optimizeIndex(library.db)
    library.close()
    console.error(
      `built a library of ${summary.reports} reports in ${((performance.now() - t0) / 1000).toFixed(1)} s`
    )
  }
  const library = new Library(dataDir)
  const reports = library.counts().reports
  library.close()
  const startup = await measureStartup(dataDir)
  if (!given && !values.keep) rmSync(dataDir, { recursive: true, force: true })
  console.log(JSON.stringify({ docs: reports, startup }))
}

await main()
