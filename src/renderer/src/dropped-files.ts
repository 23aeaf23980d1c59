/**
 * Files from a drop, folders included: each dropped folder is walked (FileSystemEntry API, which
 * Chromium and Electron support) so dropping a folder imports what is in it, as the CLI does.
 * Hidden files and folders are skipped; the walk stops at MAX_FILES.
 */
const MAX_FILES = 10_000

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = []
    const next = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out)
        else {
          out.push(...batch)
          next()
        }
      }, reject)
    next()
  })
}

const fileOf = (entry: FileSystemFileEntry): Promise<File> =>
  new Promise((resolve, reject) => entry.file(resolve, reject))

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (out.length >= MAX_FILES || entry.name.startsWith('.')) return
  if (entry.isFile) out.push(await fileOf(entry as FileSystemFileEntry))
  else if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader())
    children.sort((a, b) => a.name.localeCompare(b.name, 'en'))
    for (const child of children) await walk(child, out)
  }
}

export async function droppedFiles(transfer: DataTransfer | null): Promise<File[]> {
  if (!transfer) return []
  // Entries must be taken synchronously, before the drop event returns.
  const entries = [...transfer.items].filter((i) => i.kind === 'file').map((i) => i.webkitGetAsEntry())
  if (entries.length === 0 || entries.some((e) => e === null)) return [...transfer.files]
  const out: File[] = []
  for (const entry of entries as FileSystemEntry[]) await walk(entry, out)
  return out
}
