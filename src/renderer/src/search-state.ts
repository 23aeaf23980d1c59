/**
 * The search the list shows: the typed query plus filter chips, debounced, paged on demand, and
 * stale answers dropped (each query has a generation; only the newest one's pages are kept).
 */
import { createEffect, createSignal, on, onCleanup } from 'solid-js'
import type { SearchHit, SearchResult } from '../../shared/api'
import { api } from './api'

export const PAGE_SIZE = 40
const DEBOUNCE_MS = 30
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
  const [debounced, setDebounced] = createSignal('')
  const [total, setTotal] = createSignal<number | null>(null)
  const [indexing, setIndexing] = createSignal<SearchResult['indexing'] | null>(null)
  const [facets, setFacets] = createSignal<SearchResult['districts']>([])
  const [pages, setPages] = createSignal(new Map<number, SearchHit[]>())
  const [error, setError] = createSignal<string | null>(null)
  const [loading, setLoading] = createSignal(false)
  const [version, setVersion] = createSignal(0)
  let generation = 0
  const requested = new Set<number>()

  createEffect(
    on(input, (value) => {
      const timer = setTimeout(() => setDebounced(value), DEBOUNCE_MS)
      onCleanup(() => clearTimeout(timer))
    })
  )

  const effectiveQuery = (): string =>
    [
      debounced().trim(),
      district() ?? '',
      month() ? `date:${month()}` : '',
      tag() ? `tag:${tag()}` : '',
      color() ? `color:${color()}` : '',
    ]
      .filter(Boolean)
      .join(' ')

  async function fetchPage(page: number, gen: number): Promise<void> {
    if (requested.has(page)) return
    requested.add(page)
    try {
      const query = effectiveQuery()
      const result = await api.search({
        query,
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
        sort: sort(),
        facets: false,
      })
      if (gen !== generation) return
      const next = new Map(pages())
      next.set(page, result.hits)
      setPages(next)
      if (page === 0) {
        setTotal(result.total)
        setIndexing(result.indexing ?? null)
        // District counts need a pass over every hit: asked for once typing has paused, so they
        // never hold up the results of the next keystroke.
        setTimeout(() => {
          if (gen !== generation) return
          void api
            .search({ query, limit: 1, sort: sort(), facets: true })
            .then((f) => gen === generation && setFacets(f.districts))
            .catch(() => undefined)
        }, FACETS_DELAY_MS)
      }
      setError(null)
    } catch (err) {
      if (gen === generation) setError(err instanceof Error ? err.message : String(err))
      requested.delete(page)
    } finally {
      if (gen === generation && page === 0) setLoading(false)
    }
  }

  createEffect(
    on([debounced, district, month, tag, color, sort, version], () => {
      generation++
      requested.clear()
      setPages(new Map())
      setLoading(true)
      void fetchPage(0, generation)
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
    /** While an upgrade's new search index is being built: how far it has come. */
    indexing,
    facets,
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
