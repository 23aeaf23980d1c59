/** The parts of a report's document (lead, each district report, closing), with previous and next. */
import { For, Show } from 'solid-js'
import type { ReportDetail, SectionOutline } from '../../shared/api'
import { t } from './i18n'

export const sectionLabel = (s: Pick<SectionOutline, 'kind' | 'district' | 'headline'>): string =>
  s.kind === 'lead' ? t().lead : s.kind === 'closing' ? t().closing : (s.district ?? s.headline) || '—'

export function SectionNav(props: { report: ReportDetail; onOpen: (id: number) => void }) {
  const index = () => props.report.outline.findIndex((s) => s.id === props.report.id)
  const at = (delta: number) => props.report.outline[index() + delta]
  return (
    <Show when={props.report.outline.length > 1}>
      <nav class="section-nav" aria-label={t().sections}>
        <button
          type="button"
          class="icon"
          disabled={!at(-1)}
          aria-label={t().previousSection}
          title={t().previousSection}
          onClick={() => at(-1) && props.onOpen(at(-1)!.id)}
        >
          ‹
        </button>
        <ol>
          <For each={props.report.outline}>
            {(s) => (
              <li>
                <button
                  type="button"
                  class="section-chip"
                  classList={{ current: s.id === props.report.id, 'non-report': s.kind !== 'report' }}
                  aria-current={s.id === props.report.id ? 'page' : undefined}
                  onClick={() => props.onOpen(s.id)}
                >
                  {sectionLabel(s)}
                </button>
              </li>
            )}
          </For>
        </ol>
        <button
          type="button"
          class="icon"
          disabled={!at(1)}
          aria-label={t().nextSection}
          title={t().nextSection}
          onClick={() => at(1) && props.onOpen(at(1)!.id)}
        >
          ›
        </button>
      </nav>
    </Show>
  )
}
