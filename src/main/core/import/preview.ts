/** How files would split, without importing them: the import panel shows it before anything lands. */
import type { EncodingName, ImportPreview } from '../../../shared/api'
import { CodedError } from '../../../shared/result'
import { countyByCode } from './districts'
import { extractSource } from './importer'
import { MAX_FILE_BYTES } from './sources'
import { splitDistrictReports } from './split'

export async function previewFile(
  name: string,
  bytes: Uint8Array,
  encoding: EncodingName | undefined
): Promise<ImportPreview> {
  const empty = { name, format: '', title: null, date: null, hasLead: false, hasClosing: false, reports: [] }
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
          headline: s.headlineLines.join(' / '),
          source: s.source,
        })),
    }
  } catch (err) {
    if (err instanceof CodedError) return { ...empty, error: { code: err.code, message: err.message } }
    return { ...empty, error: { code: 'INTERNAL', message: `INTERNAL: ${name} could not be read.` } }
  }
}
