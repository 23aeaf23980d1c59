/**
 * The search the list shows: the typed query plus filter chips, coalesced, paged on demand, and
 * stale answers dropped (each query has a generation; the pages shown are the newest answered
 * one's).
 */
import { batch, createEffect, createSignal, on, onCleanup } from 'solid-js'
import type { SearchHit, SearchResult } from '../../shared/api'
import { api } from './api'
import { askWhileWanted } from './ask-again'

/** Hits per request: the first page fills the list (about ten rows show) and is answered sooner than 40. */
export const PAGE_SIZE = 20
const FACETS_DELAY_MS = 400

export type Sort = 'relevance' | 'date'

export function createSearch() {
  const [input, setInput] = createSignal('')
  /** The selected district as its query filter (district:鼓楼区, or with city: when names clash). */
  const [district, setDistrict] = createSignal<string | null>(null)
  const [month, setMonth] = createSignal<string | null>(null)
  const [tag, setTag] = createSignal<string | null>(null)
  const [color, setColor] = createSignal<string | null>(null)
  const [sort, setSort] = createSignal<Sort>('relevance')
  const [settled, setSettled] = createSignal('')
  const [total, setTotal] = createSignal<number | null>(null)
  /** The query (filters included) whose results the list shows. */
  const [shownQuery, setShownQuery] = createSignal<string | null>(null)
  const [indexing, setIndexing] = createSignal<SearchResult['indexing'] | null>(null)
  const [facets, setFacets] = createSignal<SearchResult['districts']>([])
  /** Districts whose name holds the words (their reports' text need not), with the counts. */
  const [namedDistricts, setNamedDistricts] = createSignal<SearchResult['namedDistricts']>([])
  /** Whether the district counts are those of the search on screen (its own came). */
  const [facetsCurrent, setFacetsCurrent] = createSignal(false)
  /**
   * The pages of hits on screen. A new query leaves the last one's hits up (dimmed, see `loading`)
   * until its own first page comes: clearing them drew the list twice per keystroke, once empty,
   * while the search was being answered on the same cores.
   */
  const [pages, setPages] = createSignal(new Map<number, SearchHit[]>())
  /** The generation whose hits `pages` holds. */
  let pagesGeneration = 0
  const [error, setError] = createSignal<string | null>(null)
  const [loading, setLoading] = createSignal(false)
  const [version, setVersion] = createSignal(0)
  let generation = 0
  const requested = new Set<number>()

  /** First pages being fetched (the library answers two searches at once). */
  const inFlight = new Set<Promise<void>>()
  // A keystroke searches at once (an input method commits whole words). With two searches still
  // being answered, only the newest text waits for one of them, so fast typing never queues up.
  createEffect(
    on(input, (value) => {
      if (inFlight.size < 2) {
        setSettled(value)
        return
      }
      let current = true
      void Promise.race(inFlight).then(() => current && setSettled(value))
      onCleanup(() => (current = false))
    })
  )

  const effectiveQuery = (): string =>
    [
      settled().trim(),
      district() ?? '',
      month() ? `date:${month()}` : '',
      tag() ? `tag:${tag()}` : '',
      color() ? `color:${color()}` : '',
    ]
      .filter(Boolean)
      .join(' ')

  /** Adds a page of `gen`'s hits (none: `page` null), replacing an earlier query's pages. */
  function showPage(gen: number, page: number | null, hits: SearchHit[]): void {
    const next = gen === pagesGeneration ? new Map(pages()) : new Map<number, SearchHit[]>()
    pagesGeneration = gen
    if (page !== null) next.set(page, hits)
    setPages(next)
  }

  async function fetchPage(page: number, gen: number): Promise<void> {
    if (requested.has(page)) return
    requested.add(page)
    try {
      const query = effectiveQuery()
      const order = sort()
      const result = await askWhileWanted(
        () => api.search({ query, limit: PAGE_SIZE, offset: page * PAGE_SIZE, sort: order, facets: false }),
        () => gen === generation
      )
      if (gen !== generation) return
      batch(() => {
        showPage(gen, page, result.hits)
        if (page === 0) {
          setTotal(result.total)
          setShownQuery(query)
          setIndexing(result.indexing ?? null)
        }
      })
      if (page === 0) {
        // District counts need a pass over every hit: asked for once typing has paused, so they
        // never hold up the results of the next keystroke.
        setTimeout(() => {
          if (gen !== generation) return
          void askWhileWanted(
            () => api.search({ query, limit: 1, sort: order, facets: true }),
            () => gen === generation
          )
            .then((f) => {
              if (gen !== generation) return
              setFacets(f.districts)
              setNamedDistricts(f.namedDistricts)
              setFacetsCurrent(true)
            })
            .catch(() => undefined)
        }, FACETS_DELAY_MS)
      }
      setError(null)
    } catch (err) {
      if (gen === generation) {
        setError(err instanceof Error ? err.message : String(err))
        // The last query's hits are not left up as if they answered this one.
        if (page === 0 && pagesGeneration !== gen) showPage(gen, null, [])
      }
      requested.delete(page)
    } finally {
      if (gen === generation && page === 0) setLoading(false)
    }
  }

  createEffect(
    on([settled, district, month, tag, color, sort, version], () => {
      generation++
      requested.clear()
      // The request leaves first; the last query's hits stay up (dimmed) while it is answered.
      const first = fetchPage(0, generation).finally(() => inFlight.delete(first))
      inFlight.add(first)
      // The counts shown are not this search's until its own come (also after an import), and
      // the districts named by the last words are not offered for these.
      setFacetsCurrent(false)
      setNamedDistricts([])
      setLoading(true)
    })
  )

  return {
    input,
    setInput,
    district,
    setDistrict,
    month,
    setMonth,
    tag,
    setTag,
    color,
    setColor,
    sort,
    setSort,
    total,
    shownQuery,
    /** While an upgrade's new search index is being built: how far it has come. */
    indexing,
    facets,
    namedDistricts,
    /** Lists a district's reports in place of the words that named it. */
    showDistrict(filter: string): void {
      batch(() => {
        setInput('')
        setSettled('')
        setDistrict(filter)
      })
    },
    /** False while the district counts are still those of an earlier query (new ones are asked for once typing pauses). */
    facetsCurrent,
    error,
    loading,
    /** The hit at a list position, asking for its page when it is not loaded yet. */
    hitAt(index: number): SearchHit | undefined {
      const page = Math.floor(index / PAGE_SIZE)
      const hits = pages().get(page)
      if (!hits) void fetchPage(page, generation)
      return hits?.[index % PAGE_SIZE]
    },
    refresh: () => setVersion((v) => v + 1),
    hasQuery: () => effectiveQuery() !== '',
    /** The query as searched, filters included (what an export of the results takes). */
    query: effectiveQuery,
  }
}

export type SearchState = ReturnType<typeof createSearch>
