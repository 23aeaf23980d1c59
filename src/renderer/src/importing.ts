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

/** The library refuses larger files; they are not even sent. */
const MAX_FILE_BYTES = 32 * 1024 * 1024
/** Bytes of files per request (as base64 they grow by a third; the host takes 64 MB). */
const PART_BYTES = 40 * 1024 * 1024

/** Consecutive groups of files of at most PART_BYTES each (a single large file is a group). */
function inParts(files: File[]): File[][] {
  const parts: File[][] = []
  let current: File[] = []
  let size = 0
  for (const f of files) {
    if (current.length > 0 && (size + f.size > PART_BYTES || current.length >= 500)) {
      parts.push(current)
      current = []
      size = 0
    }
    current.push(f)
    size += f.size
  }
  if (current.length > 0) parts.push(current)
  return parts
}

export const IMPORTABLE = /\.(txt|text|md|markdown|html?|xhtml|shtml|docx|pdf)$/iu
/** Up to this many files are previewed before they are imported; larger batches import directly. */
const MAX_PREVIEW_FILES = 200

export interface FileChoice {
  as: 'new' | 'version'
  year?: number
}

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
  /** Per file of the preview: what it becomes, and the year of a file that states none. */
  const [choices, setChoices] = createSignal<Record<string, FileChoice>>({})
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
      const previews: ImportPreview[] = []
      for (const part of inParts(files)) {
        const payload = await Promise.all(
          part.map(async (f) => ({
            name: f.name,
            // A file over the limit is previewed empty: the library's answer says why.
            dataBase64: f.size > MAX_FILE_BYTES ? '' : await readAsBase64(f),
          }))
        )
        const answers = await api.previewImport({ files: payload })
        previews.push(
          ...answers.map((p, i) =>
            (part[i]?.size ?? 0) > MAX_FILE_BYTES
              ? {
                  ...p,
                  error: {
                    code: 'FILE_TOO_LARGE',
                    message: `FILE_TOO_LARGE: ${p.name} is larger than ${MAX_FILE_BYTES / 1048576} MB.`,
                  },
                }
              : p
          )
        )
      }
      // Defaults: a namesake with the same districts is a new version of it, otherwise a
      // separate document; a file without a year takes the year it was last changed.
      setChoices(
        Object.fromEntries(
          previews.map((p, i) => [
            p.name,
            {
              as: p.sameName?.sameDistricts ? 'version' : 'new',
              year: p.needsYear ? new Date(files[i]?.lastModified ?? Date.now()).getFullYear() : undefined,
            } satisfies FileChoice,
          ])
        )
      )
      setPreview({ files, previews })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setPreviewing(false)
    }
  }

  async function confirmImport(): Promise<void> {
    const p = preview()
    setPreview(null)
    if (!p) return
    const options = Object.fromEntries(
      p.previews.map((pv) => {
        const choice = choices()[pv.name]
        return [
          pv.name,
          {
            as: choice?.as === 'version' && pv.sameName ? 'version' : 'new',
            versionOf: choice?.as === 'version' ? pv.sameName?.documentId : undefined,
            year: pv.needsYear ? choice?.year : undefined,
          } as const,
        ]
      })
    )
    await importFiles(p.files, options)
  }

  async function importFiles(
    list: FileList | File[],
    options: Record<string, { as: 'new' | 'version'; versionOf?: number; year?: number }> = {}
  ): Promise<void> {
    const files = [...list]
    if (files.length === 0) return
    setSummary(null)
    setError(null)
    lastFiles.clear()
    for (const f of files) lastFiles.set(f.name, f)
    setProgress({ done: 0, total: files.length, current: files[0]?.name ?? '' })
    ownImports++
    try {
      // Files go in parts of a few dozen megabytes (the host reads one part at a time); a file
      // over the limit is refused here, with the library's own words, without being read.
      const total: ImportSummary = { documents: 0, reports: 0, skipped: 0, failed: [], files: [] }
      for (const f of files.filter((f) => f.size > MAX_FILE_BYTES))
        total.failed.push({
          path: f.name,
          code: 'FILE_TOO_LARGE',
          message: `FILE_TOO_LARGE: ${f.name} is larger than ${MAX_FILE_BYTES / 1048576} MB.`,
        })
      for (const part of inParts(files.filter((f) => f.size <= MAX_FILE_BYTES))) {
        const payload = await Promise.all(
          part.map(async (f) => {
            const o = options[f.name]
            return {
              name: f.name,
              dataBase64: await readAsBase64(f),
              ...(o ? { as: o.as } : {}),
              ...(o?.versionOf !== undefined ? { versionOf: o.versionOf } : {}),
              ...(o?.year !== undefined ? { year: o.year } : {}),
            }
          })
        )
        const result = await api.importFiles({ files: payload })
        total.documents += result.documents
        total.reports += result.reports
        total.skipped += result.skipped
        total.failed.push(...result.failed)
        total.files!.push(...(result.files ?? []))
      }
      setSummary(total)
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
    choices,
    choose: (name: string, choice: Partial<FileChoice>) =>
      setChoices((c) => ({ ...c, [name]: { ...(c[name] ?? { as: 'new' }), ...choice } })),
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
