/** Importing from the UI: files picked or dropped are sent to the library with progress events. */
import { createSignal, onCleanup } from 'solid-js'
import type { ImportProgress, ImportSummary } from '../../shared/api'
import { api, onApiEvent } from './api'

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/u, ''))
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`))
    reader.readAsDataURL(file)
  })
}

export const IMPORTABLE = /\.(txt|text|md|markdown|html?|xhtml)$/iu

export function createImporter(onDone: () => void) {
  const [progress, setProgress] = createSignal<ImportProgress | null>(null)
  const [summary, setSummary] = createSignal<ImportSummary | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  const stop = onApiEvent('importProgress', (p) => setProgress(p))
  onCleanup(stop)

  async function importFiles(list: FileList | File[]): Promise<void> {
    const files = [...list]
    if (files.length === 0) return
    setSummary(null)
    setError(null)
    setProgress({ done: 0, total: files.length, current: files[0]?.name ?? '' })
    try {
      const payload = await Promise.all(
        files.map(async (f) => ({ name: f.name, dataBase64: await readAsBase64(f) }))
      )
      const result = await api.importFiles({ files: payload })
      setSummary(result)
      onDone()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setProgress(null)
    }
  }

  return { progress, summary, error, importFiles, dismiss: () => (setSummary(null), setError(null)) }
}

export type Importer = ReturnType<typeof createImporter>
