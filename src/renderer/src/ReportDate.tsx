/** A report's date as a reader needs it: where it came from, or that its year is unknown. */
import { Show } from 'solid-js'
import type { ReportDetail } from '../../shared/api'
import { t } from './i18n'

export function ReportDate(props: {
  date: string | null
  origin: ReportDetail['dateOrigin']
  monthDay: string | null
}) {
  return (
    <Show when={props.date} fallback={props.monthDay ? t().yearUnknown(props.monthDay) : t().noDate}>
      {props.date}
      <Show when={props.origin === 'document'}>
        <span class="muted small">{t().dateFromDocument}</span>
      </Show>
      <Show when={props.origin === 'user'}>
        <span class="muted small">{t().dateCorrected}</span>
      </Show>
    </Show>
  )
}
