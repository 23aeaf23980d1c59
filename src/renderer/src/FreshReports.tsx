/** The reports a saved search finds that are new since it was last opened, listed before the results. */
import { createResource, For, Show } from 'solid-js'
import { api } from './api'
import { t } from './i18n'

/** At most this many are listed by name; the rest are counted. */
const LISTED = 20

export function FreshReports(props: {
  name: string
  ids: number[]
  onOpen: (reportId: number) => void
  onClose: () => void
}) {
  const [reports] = createResource(
    () => props.ids.slice(0, LISTED),
    (ids) => Promise.all(ids.map((id) => api.getReport({ id }).catch(() => null)))
  )
  return (
    <section class="fresh-reports" aria-label={t().freshReports(props.name, props.ids.length)}>
      <div class="fresh-head">
        <strong>{t().freshReports(props.name, props.ids.length)}</strong>
        <button type="button" class="link" onClick={() => props.onClose()}>
          {t().close}
        </button>
      </div>
      <ul>
        <For each={(reports() ?? []).filter((r) => r !== null)}>
          {(r) => (
            <li>
              <button type="button" class="link" onClick={() => props.onOpen(r!.id)}>
                <span class="district">{r!.district ?? t().lead}</span> {r!.date ?? ''} {r!.headline}
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.ids.length > LISTED}>
        <p class="muted small">{t().moreFresh(props.ids.length - LISTED)}</p>
      </Show>
    </section>
  )
}
