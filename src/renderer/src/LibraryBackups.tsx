/** Back up the library and restore an earlier backup, from inside the app (browser mode too). */
import { createSignal, For, Show } from 'solid-js'
import type { BackupInfo } from '../../shared/api'
import { api } from './api'
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
  const restore = async (b: BackupInfo): Promise<void> => {
    if (!window.confirm(t().confirmRestore(localTime(b.takenAt)))) return
    try {
      await api.restoreBackup({ name: b.name })
      setList(null)
      setMessage(t().restored)
      props.onRestored()
    } catch (err) {
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
