/** How files would split, without importing them: the import panel shows it before anything lands. */
import type { EncodingName, ImportPreview } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { countyByCode, districtKey } from './districts'
import { extractSource } from './prepare'
import { MAX_FILE_BYTES } from './sources'
import { headlineOf, splitDistrictReports, type SplitDocument } from './split'
import { storedDistricts } from './store-document'

/**
 * The document in the library a file of this name would meet: imported under the same name (an
 * upload) or from a path ending in it (the CLI, a folder), the newest first.
 */
function documentNamed(db: Db, name: string, split: SplitDocument): ImportPreview['sameName'] {
  const row = statement<[string, string, string], { id: number; title: string; path: string }>(
    db,
    `SELECT id, title, path FROM documents WHERE path = ? OR path LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\'
     ORDER BY id DESC LIMIT 1`
  ).get(name, `%/${escapeLike(name)}`, `%\\${escapeLike(name)}`)
  if (!row) return null
  const before = [...storedDistricts(db, row.id).keys()].sort().join('|')
  const after = [
    ...new Set(
      split.sections.flatMap((s) => (s.kind === 'report' && s.district ? [districtKey(s.district)] : []))
    ),
  ]
    .sort()
    .join('|')
  return { documentId: row.id, title: row.title, file: row.path, sameDistricts: before === after }
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/gu, (c) => `\\${c}`)

export async function previewFile(
  db: Db,
  name: string,
  bytes: Uint8Array,
  encoding: EncodingName | undefined
): Promise<ImportPreview> {
  const empty = {
    name,
    sameName: null,
    needsYear: false,
    format: '',
    title: null,
    date: null,
    hasLead: false,
    hasClosing: false,
    reports: [],
  }
  try {
    if (bytes.length > MAX_FILE_BYTES)
      throw new CodedError(
        'FILE_TOO_LARGE',
        `FILE_TOO_LARGE: ${name} is ${Math.round(bytes.length / 1048576)} MB; files up to ${MAX_FILE_BYTES / 1048576} MB can be imported.`
      )
    const { extracted, format } = await extractSource(
      { path: name, name, read: () => bytes },
      bytes,
      encoding
    )
    if (extracted.text.trim() === '')
      throw new CodedError('EMPTY_FILE', `EMPTY_FILE: ${name} has no readable text.`)
    const split = splitDistrictReports(extracted.text, extracted)
    return {
      name,
      sameName: documentNamed(db, name, split),
      needsYear: split.year === null && split.sections.some((s) => s.monthDay !== null),
      error: null,
      format,
      title: extracted.title,
      date: split.date,
      hasLead: split.sections.some((s) => s.kind === 'lead'),
      hasClosing: split.sections.some((s) => s.kind === 'closing'),
      reports: split.sections
        .filter((s) => s.kind === 'report')
        .map((s) => ({
          district: s.district,
          city: s.county ? (countyByCode(s.county.code)?.city ?? s.county.city) : null,
          date: s.date,
          dateOrigin: s.dateOrigin,
          monthDay: s.monthDay,
          headline: headlineOf(s),
          source: s.source,
        })),
    }
  } catch (err) {
    if (err instanceof CodedError) return { ...empty, error: { code: err.code, message: err.message } }
    return { ...empty, error: { code: 'INTERNAL', message: `INTERNAL: ${name} could not be read.` } }
  }
}
