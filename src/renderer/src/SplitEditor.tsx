/**
 * Correcting how a report was split: its district, date and headline; merging it with the next
 * part of the document; or splitting a new district report off at a paragraph. Corrections are
 * stored over the derived text; the original file never changes.
 */
import { createSignal, For, Show } from 'solid-js'
import type { ReportDetail } from '../../shared/api'
import { api } from './api'
import { t } from './i18n'
import { createFocusReturn } from './focus-return'

export function SplitEditor(props: {
  report: ReportDetail
  onDone: (openId: number) => void
  onClose: () => void
  /** The button that opened the form is gone while it is open: focus goes here when it closes. */
  returnFocus?: () => HTMLElement | null | undefined
}) {
  createFocusReturn(() => props.returnFocus?.())
  const [district, setDistrict] = createSignal(props.report.district ?? '')
  const [date, setDate] = createSignal(props.report.date ?? '')
  const [headline, setHeadline] = createSignal(props.report.headline)
  const [splitLine, setSplitLine] = createSignal<number | null>(null)
  const [splitDistrict, setSplitDistrict] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const bodyLines = () =>
    props.report.text
      .split('\n')
      .map((text, line) => ({ text, line }))
      .filter((l) => l.line > props.report.headlineLineCount && l.text.trim() !== '')
  const isLast = () => props.report.outline[props.report.outline.length - 1]?.id === props.report.id

  const run = async (action: () => Promise<ReportDetail>): Promise<void> => {
    setError(null)
    try {
      const result = await action()
      props.onDone(result.id)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }
  const save = () =>
    run(() =>
      api.correctReport({
        id: props.report.id,
        ...(district().trim() && district().trim() !== props.report.district
          ? { district: district().trim() }
          : {}),
        ...(date() && date() !== props.report.date ? { date: date() } : {}),
        ...(headline().trim() !== props.report.headline ? { headline: headline().trim() } : {}),
      })
    )

  return (
    <form
      class="split-editor"
      aria-label={t().fixSplitTitle}
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          props.onClose()
        }
      }}
    >
      <h2>{t().fixSplitTitle}</h2>
      <label>
        {t().district}
        <input
          value={district()}
          onInput={(e) => setDistrict(e.currentTarget.value)}
          maxLength={20}
          ref={(el) => requestAnimationFrame(() => el.focus())}
        />
      </label>
      <label>
        {t().date}
        <input type="date" value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
      </label>
      <label class="wide">
        {t().headline}
        <input value={headline()} onInput={(e) => setHeadline(e.currentTarget.value)} maxLength={200} />
      </label>
      <div class="split-actions">
        <button type="submit" class="primary">
          {t().applyCorrection}
        </button>
        <button
          type="button"
          disabled={isLast()}
          onClick={() => void run(() => api.mergeReport({ id: props.report.id }))}
        >
          {t().mergeNext}
        </button>
        <button type="button" onClick={() => props.onClose()}>
          {t().cancel}
        </button>
      </div>
      <Show when={bodyLines().length > 1}>
        <fieldset class="split-at">
          <legend>{t().splitAt}</legend>
          <label class="wide">
            {t().splitParagraph}
            <select
              onChange={(e) =>
                setSplitLine(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))
              }
            >
              <option value="">—</option>
              <For each={bodyLines().slice(1)}>
                {(l) => <option value={l.line}>{l.text.slice(0, 40)}</option>}
              </For>
            </select>
          </label>
          <label>
            {t().splitDistrict}
            <input
              value={splitDistrict()}
              onInput={(e) => setSplitDistrict(e.currentTarget.value)}
              maxLength={20}
            />
          </label>
          <button
            type="button"
            disabled={splitLine() === null || splitDistrict().trim().length < 2}
            onClick={() =>
              void run(() =>
                api.splitReport({ id: props.report.id, line: splitLine()!, district: splitDistrict().trim() })
              )
            }
          >
            {t().split}
          </button>
        </fieldset>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </form>
  )
}
