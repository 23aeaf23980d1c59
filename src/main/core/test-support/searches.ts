import type { Library } from '../library'

/** Every report each query finds, as sorted ids: what a change to the index must leave as it was. */
export const foundIds = (library: Library, queries: readonly string[]): Record<string, number[]> =>
  Object.fromEntries(
    queries.map((q) => [
      q,
      library
        .search(q, { limit: 0, facets: false })
        .hits.map((h) => h.reportId)
        .sort((a, b) => a - b),
    ])
  )
