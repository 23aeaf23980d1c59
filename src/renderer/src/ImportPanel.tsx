import { createSignal, For, Show, type JSX } from 'solid-js'
import type { EncodingName, ImportFileResult } from '../../shared/api'
import { api } from './api'
import { refusalText, t } from './i18n'
import type { Importer } from './importing'
import { createFocusReturn } from './focus-return'

function EncodingChooser(props: { importer: Importer; name: string }) {
  const [options, setOptions] = createSignal<
    { encoding: EncodingName; preview: string; readable: boolean }[] | null
  >(null)
  return (
    <Show
      when={options()}
      fallback={
        <button type="button" onClick={() => void props.importer.previews(props.name).then(setOptions)}>
          {t().chooseEncoding}
        </button>
      }
    >
      {(list) => (
        <ul class="encoding-choices" aria-label={t().chooseEncoding}>
          <For each={list()}>
            {(o) => (
              <li classList={{ unreadable: !o.readable }}>
                <button
                  type="button"
                  onClick={() => void props.importer.importWithEncoding(props.name, o.encoding)}
                >
                  {t().importAs(o.encoding)}
                </button>
                <span class="preview">{o.preview.replace(/\s+/gu, ' ').slice(0, 120)}</span>
              </li>
            )}
          </For>
        </ul>
      )}
    </Show>
  )
}

/** Per file: new, new version (what changed, annotations to check), or already in the library. */
function FileResults(props: {
  files: ImportFileResult[]
  onOpen?: (reportId: number, annotationId: number) => void
}) {
  const name = (path: string) => path.split(/[\\/]/u).pop() ?? path
  const interesting = () => props.files.filter((f) => f.outcome !== 'new' || props.files.length > 1)
  return (
    <Show when={interesting().length > 0}>
      <ul class="file-results">
        <For each={interesting()}>
          {(f) => (
            <li>
              {f.outcome === 'version'
                ? t().versionOf(name(f.path))
                : f.outcome === 'skipped'
                  ? t().skippedFile(name(f.path))
                  : t().newFile(name(f.path))}
              <Show when={f.outcome === 'version'}>
                <Show when={f.districtsAdded.length > 0}>
                  <span class="muted">；{t().districtsAdded(f.districtsAdded.join('、'))}</span>
                </Show>
                <Show when={f.districtsRemoved.length > 0}>
                  <span class="error">；{t().districtsRemoved(f.districtsRemoved.join('、'))}</span>
                </Show>
                <div class="muted small">
                  {t().annotationsPlaced(f.annotations.exact, f.annotations.fuzzy, f.annotations.orphaned)}
                </div>
                <Show when={f.check.length > 0}>
                  <div class="small">{t().checkThese}</div>
                  <ul class="check-list">
                    <For each={f.check}>
                      {(c) => (
                        <li>
                          <button
                            type="button"
                            class="link"
                            onClick={() => props.onOpen?.(c.reportId, c.annotationId)}
                          >
                            “{c.quote}”
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  )
}

/** The summary after an import; closing it gives focus back to where it was. */
function ImportSummary(props: { children: JSX.Element }) {
  createFocusReturn()
  return (
    <div class="import-panel summary" role="dialog" aria-label={t().importDone}>
      {props.children}
    </div>
  )
}

export function ImportPanel(props: {
  importer: Importer
  onOpenAnnotation?: (reportId: number, annotationId: number) => void
}) {
  const p = () => props.importer.progress()
  const s = () => props.importer.summary()
  // Always in the page, so screen readers hear each change (a live region that appears with its
  // text is often not announced).
  const announcement = (): string => {
    const progress = p()
    if (progress) return `${t().importing} ${progress.done} / ${progress.total}`
    const error = props.importer.error()
    if (error) return `${t().error}: ${error}`
    const summary = s()
    if (!summary) return ''
    return [
      t().importDone,
      t().imported(summary.documents, summary.reports),
      summary.failed.length > 0 ? t().failed(summary.failed.length) : '',
    ]
      .filter(Boolean)
      .join('。')
  }
  return (
    <>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement()}
      </div>
      <Show when={p()}>
        {(progress) => (
          <div class="import-panel" role="region" aria-label={t().importing}>
            <strong>{t().importing}</strong>
            <progress
              max={Math.max(1, progress().total)}
              value={progress().done}
              aria-label={t().importing}
            />
            <span class="muted">
              {progress().done} / {progress().total} {progress().current}
            </span>
            <button type="button" onClick={() => void api.cancelImport({})}>
              {t().cancelImport}
            </button>
          </div>
        )}
      </Show>
      <Show when={s() || props.importer.error()}>
        <ImportSummary>
          <div class="import-head">
            <strong>{props.importer.error() ? t().error : t().importDone}</strong>
            <button
              type="button"
              class="icon"
              aria-label={t().close}
              onClick={() => props.importer.dismiss()}
            >
              ✕
            </button>
          </div>
          <Show when={props.importer.error()}>
            <p class="error">{props.importer.error()}</p>
          </Show>
          <Show when={s()}>
            {(summary) => (
              <>
                <Show when={summary().cancelled}>
                  <p>{t().importCancelled(summary().documents)}</p>
                </Show>
                <p>{t().imported(summary().documents, summary().reports)}</p>
                <FileResults files={summary().files ?? []} onOpen={props.onOpenAnnotation} />
                <Show when={summary().skipped > 0}>
                  <p class="muted">{t().skipped(summary().skipped)}</p>
                </Show>
                <Show when={summary().failed.length > 0}>
                  <p class="error">{t().failed(summary().failed.length)}</p>
                  <ul class="failures">
                    <For each={summary().failed}>
                      {(f) => (
                        <li>
                          <code>{f.code}</code> <span title={f.message}>{refusalText(f)}</span>
                          <Show when={f.code === 'ENCODING_UNKNOWN'}>
                            <EncodingChooser importer={props.importer} name={f.path} />
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </>
            )}
          </Show>
        </ImportSummary>
      </Show>
    </>
  )
}
