/**
 * Searches a person keeps watching (issue 12): save the current search under a name; after an
 * import each saved search shows how many new reports it finds; opening one runs it and lists
 * the new reports first.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import type { SavedSearch } from '../../shared/api'
import { api } from './api'
import { t } from './i18n'

export function SavedSearches(props: {
  /** The current search (words and filters), what "save" keeps. */
  query: string
  /** Changes when the library does (an import): the new-report counts are asked for again. */
  version: number
  onOpen: (search: SavedSearch, newReportIds: number[]) => void
}) {
  const [list, { refetch }] = createResource(
    () => props.version,
    () => api.listSavedSearches({})
  )
  const [naming, setNaming] = createSignal(false)
  const [name, setName] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const attempt = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      setError(null)
      await work()
      await refetch()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }
  const save = (event: Event): void => {
    event.preventDefault()
    void attempt(async () => {
      await api.saveSearch({ name: name(), query: props.query })
      setNaming(false)
    })
  }
  const open = (s: SavedSearch): void =>
    void attempt(async () => {
      const opened = await api.openSavedSearch({ id: s.id })
      props.onOpen(opened.search, opened.newReportIds)
    })
  const remove = (s: SavedSearch): void => {
    if (window.confirm(t().confirmDeleteSavedSearch(s.name)))
      void attempt(() => api.deleteSavedSearch({ id: s.id }))
  }
  return (
    <section class="saved-searches" aria-label={t().savedSearches}>
      <h2>{t().savedSearches}</h2>
      <Show when={(list() ?? []).length > 0} fallback={<p class="muted small">{t().noSavedSearches}</p>}>
        <ul class="facets">
          <For each={list()}>
            {(s) => (
              <li class="saved-search">
                <button type="button" title={t().openSavedSearch(s.query)} onClick={() => open(s)}>
                  <span>{s.name}</span>
                  <Show when={s.newCount > 0}>
                    <span class="count new">{t().newReports(s.newCount)}</span>
                  </Show>
                  <span class="count">
                    <span class="visually-hidden">{t().savedTotal}</span>
                    {s.total}
                  </span>
                </button>
                <button
                  type="button"
                  class="remove"
                  aria-label={t().deleteSavedSearch(s.name)}
                  onClick={() => remove(s)}
                >
                  ✕
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.query.trim() !== ''}>
        <Show
          when={naming()}
          fallback={
            <button
              type="button"
              onClick={() => {
                setName(props.query.trim().slice(0, 40))
                setNaming(true)
              }}
            >
              {t().saveSearch}
            </button>
          }
        >
          <form class="save-search" onSubmit={save}>
            <label>
              {t().savedSearchName}
              <input
                value={name()}
                maxLength={100}
                required
                onInput={(e) => setName(e.currentTarget.value)}
                ref={(el) => queueMicrotask(() => el.select())}
              />
            </label>
            <div class="row">
              <button type="submit">{t().save}</button>
              <button type="button" onClick={() => setNaming(false)}>
                {t().cancel}
              </button>
            </div>
          </form>
        </Show>
      </Show>
      <Show when={error()}>
        <p class="error small" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  )
}
