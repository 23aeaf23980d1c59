/**
 * Where and when the current search's hits are: hits over time (brush a range to filter by it)
 * and a district × time heatmap (a cell or a district filters by it), with the same numbers as
 * a table for screen readers and keyboards. The chart library is loaded when this opens.
 */
import { createEffect, createResource, createSignal, For, onCleanup, Show } from 'solid-js'
import type { SearchOverview } from '../../shared/api'
import { api } from './api'
import { askWhileWanted } from './ask-again'
import { t } from './i18n'

export interface OverviewActions {
  onRange: (from: string, to: string) => void
  onCell: (filter: string, from: string, to: string) => void
  onDistrict: (filter: string) => void
}

/** A bucket's label in the table: its key, or for a week its first and last day. */
const bucketLabel = (o: SearchOverview, b: SearchOverview['buckets'][number]): string =>
  o.unit === 'week' ? `${b.from}~${b.to.slice(5)}` : b.key

function summary(o: SearchOverview): string {
  if (o.buckets.length === 0) return t().overviewEmpty
  const peak = o.buckets.reduce((a, b) => (b.count > a.count ? b : a))
  return t().overviewSummary(
    o.dated,
    o.buckets[0]!.key,
    o.buckets[o.buckets.length - 1]!.key,
    peak.key,
    peak.count,
    t().overviewUnits[o.unit]
  )
}

export function Overview(props: OverviewActions & { query: string; onClose: () => void }) {
  const [data] = createResource(
    () => props.query,
    (query) =>
      askWhileWanted(
        () => api.searchOverview({ query }),
        () => props.query === query
      )
  )
  const [failed, setFailed] = createSignal<string | null>(null)
  let chartBox: HTMLDivElement | undefined
  createEffect(() => {
    const o = data()
    const el = chartBox
    if (!o || !el || o.buckets.length === 0) return
    let drawn: { dispose: () => void; resize: () => void } | null = null
    let cancelled = false
    const draw = (): void => {
      void import('./overview-chart').then(
        ({ drawOverview, overviewHeight }) => {
          if (cancelled) return
          drawn?.dispose()
          el.style.height = `${overviewHeight(o.districts.length)}px`
          drawn = drawOverview(el, o, { hits: t().overviewHits, reports: t().results }, props)
          // What is drawn now (the UI benchmark waits for it).
          el.dataset.drawn = summary(o)
          // Drawn before the pane had its final width: fit it once laid out.
          requestAnimationFrame(() => drawn?.resize())
        },
        (err: unknown) => setFailed(err instanceof Error ? err.message : String(err))
      )
    }
    draw()
    // The theme's colours are read when drawing: a change of theme draws again.
    const themes = new MutationObserver(draw)
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    const resize = (): void => drawn?.resize()
    window.addEventListener('resize', resize)
    onCleanup(() => {
      cancelled = true
      themes.disconnect()
      window.removeEventListener('resize', resize)
      drawn?.dispose()
    })
  })
  return (
    <section class="overview" aria-labelledby="overview-title">
      <div class="overview-head">
        <h2 id="overview-title">{t().overviewTitle}</h2>
        <button type="button" onClick={() => props.onClose()}>
          {t().close}
        </button>
      </div>
      <Show when={data.error || failed()}>
        <p class="error small" role="alert">
          {t().error}: {failed() ?? (data.error instanceof Error ? data.error.message : String(data.error))}
        </p>
      </Show>
      <Show when={data()} fallback={<p class="muted small">{t().loading}</p>}>
        {(o) => (
          <>
            <p class="muted small">{summary(o())}</p>
            <Show when={o().buckets.length > 0}>
              <p class="muted small">{t().overviewHint}</p>
              <div class="overview-chart" role="img" aria-label={summary(o())} ref={chartBox} />
              <details class="overview-table">
                <summary>{t().overviewAsTable}</summary>
                <div class="table-scroll">
                  <table>
                    <caption>{summary(o())}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t().figuresDistrict}</th>
                        <For each={o().buckets}>
                          {(b) => (
                            <th scope="col">
                              <button
                                type="button"
                                class="link"
                                aria-label={t().overviewFilterDates(bucketLabel(o(), b), b.count)}
                                onClick={() => props.onRange(b.from, b.to)}
                              >
                                {bucketLabel(o(), b)}
                              </button>
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={o().districts}>
                        {(d) => (
                          <tr>
                            <th scope="row">
                              <button type="button" class="link" onClick={() => props.onDistrict(d.filter)}>
                                {d.district}
                              </button>
                            </th>
                            <For each={d.counts}>
                              {(n, i) => (
                                <td class="number">
                                  <Show when={n > 0} fallback={<span aria-hidden="true">·</span>}>
                                    <button
                                      type="button"
                                      class="link"
                                      aria-label={t().overviewFilterCell(
                                        d.district,
                                        bucketLabel(o(), o().buckets[i()]!),
                                        n
                                      )}
                                      onClick={() =>
                                        props.onCell(d.filter, o().buckets[i()]!.from, o().buckets[i()]!.to)
                                      }
                                    >
                                      {n}
                                    </button>
                                  </Show>
                                </td>
                              )}
                            </For>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <Show when={o().otherDistricts > 0}>
                  <p class="muted small">{t().overviewOthers(o().otherDistricts)}</p>
                </Show>
              </details>
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}
