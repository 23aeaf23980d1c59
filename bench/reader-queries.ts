/**
 * The benchmark's search timings, taken as the app takes its searches: on a worker thread of its
 * own with a read-only connection, warmed up as a reader is (library-worker.ts), not
 * on the thread that has just imported the library and holds what that import left in its heap.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { Library } from '../src/main/core/library'
import { loadHeadlines } from '../src/main/core/search/headlines'
import { buildPreimages } from '../src/main/core/search/normalize'

export interface ReaderQueriesInput {
  dataDir: string
  /** Each class's queries, timed once each, in this order. */
  classes: [string, string[]][]
}

export interface ReaderQueriesOutput {
  /** Loading the headlines, as a reader does before its searches rank from memory. */
  headlinesS: number
  /** Each class's times (ms), a search of 20 results each. */
  times: Record<string, number[]>
  /** The same queries again with their district counts (the list and the sidebar). */
  facets: number[]
}

function measure({ dataDir, classes }: ReaderQueriesInput): ReaderQueriesOutput {
  const library = new Library(dataDir, { readOnly: true })
  try {
    const t0 = performance.now()
    loadHeadlines(library.db)
    const headlinesS = (performance.now() - t0) / 1000
    // And the rest of what a reader keeps ready (library-worker.ts) before its searches.
    while (!library.searchAidsStep());
    buildPreimages()
    const timed = (q: string, facets: boolean): number => {
      const start = performance.now()
      library.search(`"${q}"`, { limit: 20, facets })
      return performance.now() - start
    }
    const times = Object.fromEntries(classes.map(([cls, qs]) => [cls, qs.map((q) => timed(q, false))]))
    const facets = classes.flatMap(([, qs]) => qs.map((q) => timed(q, true)))
    return { headlinesS, times, facets }
  } finally {
    library.close()
  }
}

/** Runs the timings on a new worker thread, which loads this file through tsx as the benchmark does. */
export function measureOnReader(input: ReaderQueriesInput): Promise<ReaderQueriesOutput> {
  return new Promise((resolve, reject) => {
    // tsx hooks the main thread's loader only: the worker registers it before loading this file.
    // (Resolved here: the worker's own code would resolve it from wherever the bench was started.)
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
    const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}) })`
    const worker = new Worker(code, { eval: true, workerData: input })
    worker.once('message', (out: ReaderQueriesOutput) => {
      resolve(out)
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the query worker exited with ${code}`)))
  })
}

if (!isMainThread && parentPort) parentPort.postMessage(measure(workerData as ReaderQueriesInput))
