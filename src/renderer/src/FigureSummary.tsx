/**
 * The money in the current result set, district by district: how many of a district's reports
 * name a sum in 元, what they add up to and the largest one. A district narrows the search to
 * it; the largest figure opens its report with the figure marked.
 */
import { createResource, For, Show } from 'solid-js'
import { api } from './api'
import { askWhileWanted } from './ask-again'
import { t } from './i18n'

/** 160000000 → 1.6亿, 30000000 → 3000万, 4500 → 4500 (the way the reports write sums). */
export function formatYuan(value: number): string {
  const trim = (n: number): string => String(Math.round(n * 100) / 100)
  if (Math.abs(value) >= 1e8) return `${trim(value / 1e8)}亿`
  if (Math.abs(value) >= 1e4) return `${trim(value / 1e4)}万`
  return trim(value)
}

export function FigureSummary(props: {
  query: string
  onFilter: (filter: string) => void
  onOpen: (reportId: number, range: [number, number]) => void
}) {
  const [summary] = createResource(
    () => props.query,
    (query) =>
      askWhileWanted(
        () => api.figureSummary({ query }),
        () => props.query === query
      )
  )
  return (
    <section class="figure-summary" aria-label={t().figuresTitle}>
      <Show when={summary.error}>
        <p class="error small" role="alert">
          {t().error}: {summary.error instanceof Error ? summary.error.message : String(summary.error)}
        </p>
      </Show>
      <Show when={summary()} fallback={<p class="muted small">{t().loading}</p>}>
        {(s) => (
          <Show when={s().districts.length > 0} fallback={<p class="muted small">{t().figuresNone}</p>}>
            <table>
              <caption>{t().figuresCaption(s().count, formatYuan(s().sum))}</caption>
              <thead>
                <tr>
                  <th scope="col">{t().figuresDistrict}</th>
                  <th scope="col" class="number">
                    {t().figuresReports}
                  </th>
                  <th scope="col" class="number">
                    {t().figuresSum}
                  </th>
                  <th scope="col">{t().figuresLargest}</th>
                </tr>
              </thead>
              <tbody>
                <For each={s().districts}>
                  {(d) => (
                    <tr>
                      <th scope="row">
                        <button
                          type="button"
                          class="link"
                          aria-label={t().figuresFilter(d.district)}
                          onClick={() => props.onFilter(d.filter)}
                        >
                          {d.district}
                          <Show when={d.filter.includes(' city:')}>
                            <span class="muted small"> {d.city}</span>
                          </Show>
                        </button>
                      </th>
                      <td class="number" title={t().figuresCount(d.count)}>
                        {d.reports}
                      </td>
                      <td class="number">{formatYuan(d.sum)}</td>
                      <td>
                        <Show when={d.largest}>
                          {(l) => (
                            <button
                              type="button"
                              class="link"
                              aria-label={t().figuresOpenLargest(d.district, l().text)}
                              onClick={() => props.onOpen(l().reportId, [l().start, l().end])}
                            >
                              {l().text}
                            </button>
                          )}
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </section>
  )
}
