/** The current result set taken out: every report the search finds, as CSV or as Markdown with citations. */
import { createSignal, Show } from 'solid-js'
import { api } from './api'
import { download } from './download'
import { t } from './i18n'

export function ResultExport(props: { query: string }) {
  const [failed, setFailed] = createSignal<string | null>(null)
  const save = async (format: 'csv' | 'md'): Promise<void> => {
    try {
      setFailed(null)
      const content = await api.exportResults({ query: props.query, format })
      const stamp = new Date().toISOString().slice(0, 10)
      const type = format === 'csv' ? 'text/csv' : 'text/markdown'
      download(`reports-${stamp}.${format}`, content, `${type};charset=utf-8`)
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err))
    }
  }
  return (
    <span class="result-export">
      <button type="button" aria-label={t().exportResultsAs('CSV')} onClick={() => void save('csv')}>
        CSV
      </button>
      <button type="button" aria-label={t().exportResultsAs('Markdown')} onClick={() => void save('md')}>
        Markdown
      </button>
      <Show when={failed()}>
        <span class="error small" role="alert">
          {failed()}
        </span>
      </Show>
    </span>
  )
}
