/** Before an import: how each chosen file will split (districts, dates, headlines), or why it cannot. */
import { For, Show, type JSX } from 'solid-js'
import type { ImportPreview } from '../../shared/api'
import { refusalText, t } from './i18n'
import type { Importer } from './importing'
import { ReportDate } from './ReportDate'
import { createFocusReturn } from './focus-return'

function FileChoices(props: { preview: ImportPreview; importer: Importer }) {
  const p = () => props.preview
  const choice = () => props.importer.choices()[p().name]
  const group = () => `as-${p().name}`
  return (
    <>
      <Show when={p().sameName}>
        {(same) => (
          <fieldset class="file-choice">
            <legend>
              {t().sameNameFound(same().title)}
              {same().sameDistricts ? '' : t().districtsDiffer}
            </legend>
            <label>
              <input
                type="radio"
                name={group()}
                checked={choice()?.as === 'version'}
                onChange={() => props.importer.choose(p().name, { as: 'version' })}
              />
              {t().asVersion}
            </label>
            <label>
              <input
                type="radio"
                name={group()}
                checked={choice()?.as !== 'version'}
                onChange={() => props.importer.choose(p().name, { as: 'new' })}
              />
              {t().asSeparate}
            </label>
          </fieldset>
        )}
      </Show>
      <Show when={p().needsYear}>
        <label class="file-choice">
          {t().yearMissing}{' '}
          <input
            type="number"
            min="1900"
            max="2100"
            aria-label={t().year}
            value={choice()?.year ?? ''}
            onInput={(e) =>
              props.importer.choose(p().name, { year: Number(e.currentTarget.value) || undefined })
            }
          />
        </label>
      </Show>
    </>
  )
}

function FilePreview(props: { preview: ImportPreview; importer: Importer }) {
  const p = () => props.preview
  return (
    <li class="preview-file">
      <div class="preview-file-head">
        <strong>{p().name}</strong>
        <Show when={!p().error}>
          <span class="muted">
            {' '}
            {t().previewReports(p().reports.length)}
            {p().hasLead || p().hasClosing ? `，${t().previewLeadClosing(p().hasLead, p().hasClosing)}` : ''}
          </span>
        </Show>
      </div>
      <Show
        when={!p().error}
        fallback={
          <p class="error">
            {t().willFail}：
            {refusalText({ path: p().name, code: p().error?.code ?? '', message: p().error?.message ?? '' })}
          </p>
        }
      >
        <table class="preview-table">
          <thead>
            <tr>
              <th scope="col">{t().district}</th>
              <th scope="col">{t().date}</th>
              <th scope="col">{t().headline}</th>
              <th scope="col">{t().source}</th>
            </tr>
          </thead>
          <tbody>
            <For each={p().reports}>
              {(r) => (
                <tr>
                  <td>
                    {r.district ?? t().wholeFile}
                    <Show when={r.city}>
                      <span class="muted small"> {r.city}</span>
                    </Show>
                  </td>
                  <td>
                    <ReportDate date={r.date} origin={r.dateOrigin} monthDay={r.monthDay} />
                  </td>
                  <td>{r.headline || '—'}</td>
                  <td>{r.source ?? '—'}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <FileChoices preview={p()} importer={props.importer} />
      </Show>
    </li>
  )
}

/** Focus moves into the preview when it opens (it waits for a decision) and back when it closes. */
function PreviewFrame(props: { children: JSX.Element; onCancel: () => void }) {
  createFocusReturn()
  return (
    <div
      class="import-panel preview"
      role="dialog"
      aria-modal="false"
      aria-labelledby="import-preview-title"
      tabindex="-1"
      ref={(el) => requestAnimationFrame(() => el.focus())}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          props.onCancel()
        }
      }}
    >
      {props.children}
    </div>
  )
}

export function ImportPreviewDialog(props: { importer: Importer }) {
  // Files that will fail are imported too: the summary then says why, and offers what helps
  // (an unclear encoding can be chosen there).
  const importable = () => props.importer.preview()?.previews.length ?? 0
  return (
    <Show when={props.importer.preview()}>
      {(preview) => (
        <PreviewFrame onCancel={() => props.importer.cancelPreview()}>
          <div class="import-head">
            <h2 id="import-preview-title">{t().preview}</h2>
            <button
              type="button"
              class="icon"
              aria-label={t().close}
              onClick={() => props.importer.cancelPreview()}
            >
              ✕
            </button>
          </div>
          <p class="muted small">{t().previewHint}</p>
          <ul class="preview-files">
            <For each={preview().previews}>
              {(p) => <FilePreview preview={p} importer={props.importer} />}
            </For>
          </ul>
          <div class="preview-actions">
            <button type="button" onClick={() => props.importer.cancelPreview()}>
              {t().cancel}
            </button>
            <button
              type="button"
              class="primary"
              disabled={importable() === 0}
              onClick={() => void props.importer.confirmImport()}
            >
              {t().importNow(importable())}
            </button>
          </div>
        </PreviewFrame>
      )}
    </Show>
  )
}
