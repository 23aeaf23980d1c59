/**
 * Child process for the crash test: imports a folder and prints `ACK <path>` for every file whose
 * transaction is durable. The parent kills it with SIGKILL at random moments.
 */
import { Library } from '../src/main/core/library'

const [dataDir, folder] = process.argv.slice(2)
if (!dataDir || !folder) {
  console.error('usage: crash-import-child <dataDir> <folder>')
  process.exit(2)
}
const library = new Library(dataDir)
const summary = await library.importPaths([folder], {
  onCommitted: (path) => process.stdout.write(`ACK ${path}\n`),
})
library.close()
process.stdout.write(`DONE ${JSON.stringify(summary)}\n`)
