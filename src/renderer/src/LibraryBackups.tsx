/** Back up the library and restore an earlier backup, from inside the app (browser mode too). */
import { createSignal, For, onCleanup, Show } from 'solid-js'
import type { BackupInfo } from '../../shared/api'
import { api, onApiEvent } from './api'
import { localTime, t } from './i18n'

export function LibraryBackups(props: { onRestored: () => void }) {
  const [message, setMessage] = createSignal<string | null>(null)
  const [list, setList] = createSignal<BackupInfo[] | null>(null)
  const fail = (err: unknown): void => {
    setMessage(err instanceof Error ? err.message : String(err))
  }
  const backup = async (): Promise<void> => {
    try {
      const b = await api.backupNow({})
      setMessage(t().backedUp(b.name))
      if (list()) setList(await api.listBackups({}))
    } catch (err) {
      fail(err)
    }
  }
  // A restore makes the reports' texts and the search index again: its progress is announced.
  let restoring = false
  const stop = onApiEvent('restoreProgress', ({ done, total }) => {
    if (restoring) setMessage(t().restoring(total > 0 ? Math.floor((done / total) * 100) : null))
  })
  onCleanup(stop)
  const restore = async (b: BackupInfo): Promise<void> => {
    if (!window.confirm(t().confirmRestore(localTime(b.takenAt)))) return
    try {
      setList(null)
      setMessage(t().restoring(null))
      restoring = true
      await api.restoreBackup({ name: b.name })
      restoring = false
      setList(null)
      setMessage(t().restored)
      props.onRestored()
    } catch (err) {
      restoring = false
      fail(err)
    }
  }
  return (
    <section class="library-backups" aria-label={t().library}>
      <h2>{t().library}</h2>
      <div class="row">
        <button type="button" onClick={() => void backup()}>
          {t().backUp}
        </button>
        <button type="button" onClick={() => void api.listBackups({}).then(setList, fail)}>
          {t().restore}
        </button>
      </div>
      <Show when={message()}>
        <p class="small" role="status">
          {message()}
        </p>
      </Show>
      <Show when={list()}>
        {(backups) => (
          <ul class="backup-list" aria-label={t().backups}>
            <Show when={backups().length > 0} fallback={<li class="muted small">{t().noBackups}</li>}>
              <For each={backups()}>
                {(b) => (
                  <li>
                    <button type="button" onClick={() => void restore(b)}>
                      {t().restoreFrom(localTime(b.takenAt))}
                    </button>
                  </li>
                )}
              </For>
            </Show>
          </ul>
        )}
      </Show>
    </section>
  )
}
