import { For, Show } from 'solid-js'
import { t } from './i18n'
import type { Importer } from './importing'

export function ImportPanel(props: { importer: Importer }) {
  const p = () => props.importer.progress()
  const s = () => props.importer.summary()
  return (
    <>
      <Show when={p()}>
        {(progress) => (
          <div class="import-panel" role="status" aria-live="polite">
            <strong>{t().importing}</strong>
            <progress
              max={Math.max(1, progress().total)}
              value={progress().done}
              aria-label={t().importing}
            />
            <span class="muted">
              {progress().done} / {progress().total} {progress().current}
            </span>
          </div>
        )}
      </Show>
      <Show when={s() || props.importer.error()}>
        <div class="import-panel summary" role="dialog" aria-label={t().importDone}>
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
                <p>{t().imported(summary().documents, summary().reports)}</p>
                <Show when={summary().skipped > 0}>
                  <p class="muted">{t().skipped(summary().skipped)}</p>
                </Show>
                <Show when={summary().failed.length > 0}>
                  <p class="error">{t().failed(summary().failed.length)}</p>
                  <ul class="failures">
                    <For each={summary().failed}>
                      {(f) => (
                        <li>
                          <code>{f.code}</code> {f.message}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </>
            )}
          </Show>
        </div>
      </Show>
    </>
  )
}
