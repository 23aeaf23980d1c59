/**
 * Compare districts: two to four districts' reports for the current search, in columns side by
 * side, one row per date (newest first), so what each district reported on the same day stands
 * on one line. A report opens in the reader.
 */
import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import type { SearchHit, SearchResult } from '../../shared/api'
import { api } from './api'
import { t } from './i18n'

const MIN = 2
const MAX = 4
/** Reports per district shown (newest first); the count says when there are more. */
const PER_DISTRICT = 200

export function CompareDistricts(props: {
  query: string
  districts: SearchResult['districts']
  onOpen: (hit: SearchHit) => void
  onClose: () => void
}) {
  const [picked, setPicked] = createSignal<string[]>(props.districts.slice(0, MIN).map((d) => d.filter))
  const toggle = (filter: string): void => {
    setPicked((p) =>
      p.includes(filter) ? p.filter((f) => f !== filter) : p.length < MAX ? [...p, filter] : p
    )
  }
  const [columns] = createResource(
    () => (picked().length >= MIN ? { query: props.query, picked: picked() } : null),
    ({ query, picked }) =>
      Promise.all(
        picked.map((filter) =>
          api
            .search({ query: `${query} ${filter}`.trim(), limit: PER_DISTRICT, sort: 'date', facets: false })
            .then((r) => ({ filter, total: r.total, hits: r.hits }))
        )
      )
  )
  const label = (filter: string): string => {
    const d = props.districts.find((x) => x.filter === filter)
    return d ? (filter.includes(' city:') ? `${d.district}（${d.city}）` : d.district) : filter
  }
  /** One row per date, newest first; undated reports last. */
  const rows = createMemo(() => {
    const cols = columns() ?? []
    const dates = [...new Set(cols.flatMap((c) => c.hits.map((h) => h.date ?? '')))].sort((a, b) =>
      a === '' ? 1 : b === '' ? -1 : b.localeCompare(a)
    )
    return dates.map((date) => ({
      date,
      cells: cols.map((c) => c.hits.filter((h) => (h.date ?? '') === date)),
    }))
  })
  return (
    <section class="compare" aria-labelledby="compare-title">
      <div class="overview-head">
        <h2 id="compare-title">{t().compareTitle}</h2>
        <button type="button" onClick={() => props.onClose()}>
          {t().close}
        </button>
      </div>
      <fieldset class="compare-pick">
        <legend>{t().comparePick(MIN, MAX)}</legend>
        <For each={props.districts}>
          {(d) => (
            <label>
              <input
                type="checkbox"
                checked={picked().includes(d.filter)}
                disabled={!picked().includes(d.filter) && picked().length >= MAX}
                onChange={() => toggle(d.filter)}
              />
              {label(d.filter)} <span class="count">{d.count}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Show when={picked().length >= MIN} fallback={<p class="muted small">{t().comparePick(MIN, MAX)}</p>}>
        <Show when={columns()} fallback={<p class="muted small">{t().loading}</p>}>
          {(cols) => (
            <div class="table-scroll">
              <table class="compare-table">
                <thead>
                  <tr>
                    <th scope="col">{t().date}</th>
                    <For each={cols()}>
                      {(c) => (
                        <th scope="col">
                          {label(c.filter)} <span class="count">{t().results(c.total)}</span>
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(row) => (
                      <tr>
                        <th scope="row">{row.date || t().noDate}</th>
                        <For each={row.cells}>
                          {(hits) => (
                            <td>
                              <For each={hits}>
                                {(h) => (
                                  <button type="button" class="link" onClick={() => props.onOpen(h)}>
                                    {h.headline || h.district || t().noDate}
                                  </button>
                                )}
                              </For>
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Show>
      </Show>
    </section>
  )
}
