/**
 * Reads a ZIP's central directory (the sizes every entry declares) without inflating anything,
 * so a .docx that would unpack past the limit (a zip bomb) is refused before it is opened.
 * The inflater itself cannot exceed the declared size (JSZip checks it), and the import worker's
 * time budget covers the rest.
 */
import { CodedError } from '../../../../shared/result'

export const MAX_UNPACKED_BYTES = 128 * 1024 * 1024
const MAX_ENTRIES = 20_000
const EOCD = 0x06054b50
const CENTRAL = 0x02014b50

export interface ZipSummary {
  entries: number
  unpackedBytes: number
  names: string[]
}

function damaged(name: string): CodedError {
  return new CodedError(
    'DOCUMENT_DAMAGED',
    `DOCUMENT_DAMAGED: ${name} is damaged or not a Word document (.docx); open it in Word and save it again.`
  )
}

export function inspectZip(bytes: Uint8Array, name: string): ZipSummary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let eocd = -1
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--)
    if (view.getUint32(at, true) === EOCD) {
      eocd = at
      break
    }
  if (eocd < 0) throw damaged(name)
  const entries = view.getUint16(eocd + 10, true)
  const directoryOffset = view.getUint32(eocd + 16, true)
  if (entries === 0xffff || directoryOffset === 0xffffffff || entries > MAX_ENTRIES) throw damaged(name)
  let at = directoryOffset
  let unpackedBytes = 0
  const names: string[] = []
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) throw damaged(name)
    const unpacked = view.getUint32(at + 24, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    if (unpacked === 0xffffffff) throw damaged(name)
    unpackedBytes += unpacked
    names.push(new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)))
    at += 46 + nameLength + extraLength + commentLength
  }
  if (unpackedBytes > MAX_UNPACKED_BYTES)
    throw new CodedError(
      'FILE_TOO_LARGE',
      `FILE_TOO_LARGE: ${name} would unpack to ${Math.round(unpackedBytes / 1048576)} MB; documents up to ${MAX_UNPACKED_BYTES / 1048576} MB unpacked can be imported.`
    )
  return { entries, unpackedBytes, names }
}
