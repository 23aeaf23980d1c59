/** Importing from the UI: files picked or dropped are sent to the library with progress events. */
import { createSignal, onCleanup } from 'solid-js'
import type { EncodingName, ImportPreview, ImportProgress, ImportSummary } from '../../shared/api'
import { api, onApiEvent } from './api'

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/u, ''))
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`))
    reader.readAsDataURL(file)
  })
}

export const IMPORTABLE = /\.(txt|text|md|markdown|html?|xhtml|shtml|docx|pdf)$/iu
/** Up to this many files are previewed before they are imported; larger batches import directly. */
const MAX_PREVIEW_FILES = 200

export function createImporter(onDone: () => void) {
  const [progress, setProgress] = createSignal<ImportProgress | null>(null)
  const [summary, setSummary] = createSignal<ImportSummary | null>(null)
  const [error, setError] = createSignal<string | null>(null)
  // An import this window did not start (the Electron menu, another window) still ends here:
  // progress cleared and its summary shown. This window's own imports set theirs when they return.
  let ownImports = 0
  const stop = onApiEvent('importProgress', (p) => setProgress(p))
  const stopChanged = onApiEvent('libraryChanged', (e) => {
    if (ownImports > 0) return
    setProgress(null)
    setError(null)
    setSummary(e.summary)
  })
  // The files of the last import, so one whose encoding was unclear can be imported again.
  const lastFiles = new Map<string, File>()
  onCleanup(() => (stop(), stopChanged()))

  const [preview, setPreview] = createSignal<{ files: File[]; previews: ImportPreview[] } | null>(null)
  const [previewing, setPreviewing] = createSignal(false)

  /** Shows how the files would split; importing them is one more click (confirmImport). */
  async function chooseFiles(list: FileList | File[]): Promise<void> {
    const files = [...list]
    if (files.length === 0) return
    if (files.length > MAX_PREVIEW_FILES) return importFiles(files)
    setSummary(null)
    setError(null)
    setPreviewing(true)
    try {
      const payload = await Promise.all(
        files.map(async (f) => ({ name: f.name, dataBase64: await readAsBase64(f) }))
      )
      setPreview({ files, previews: await api.previewImport({ files: payload }) })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setPreviewing(false)
    }
  }

  async function confirmImport(): Promise<void> {
    const p = preview()
    setPreview(null)
    if (p) await importFiles(p.files)
  }

  async function importFiles(list: FileList | File[]): Promise<void> {
    const files = [...list]
    if (files.length === 0) return
    setSummary(null)
    setError(null)
    lastFiles.clear()
    for (const f of files) lastFiles.set(f.name, f)
    setProgress({ done: 0, total: files.length, current: files[0]?.name ?? '' })
    ownImports++
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
      ownImports--
      setProgress(null)
    }
  }

  async function previews(name: string) {
    const file = lastFiles.get(name)
    if (!file) return []
    return api.previewEncodings({ dataBase64: await readAsBase64(file) })
  }

  async function importWithEncoding(name: string, encoding: EncodingName): Promise<void> {
    const file = lastFiles.get(name)
    if (!file) return
    ownImports++
    try {
      const result = await api.importFiles({
        files: [{ name, dataBase64: await readAsBase64(file) }],
        encoding,
      })
      const before = summary()
      setSummary({
        documents: (before?.documents ?? 0) + result.documents,
        reports: (before?.reports ?? 0) + result.reports,
        skipped: (before?.skipped ?? 0) + result.skipped,
        failed: [...(before?.failed ?? []).filter((f) => f.path !== name), ...result.failed],
      })
      onDone()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      ownImports--
    }
  }

  return {
    progress,
    summary,
    error,
    preview,
    previewing,
    chooseFiles,
    confirmImport,
    cancelPreview: () => setPreview(null),
    importFiles,
    previews,
    importWithEncoding,
    dismiss: () => (setSummary(null), setError(null)),
  }
}

export type Importer = ReturnType<typeof createImporter>
