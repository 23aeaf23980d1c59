/**
 * The one contract between the renderer and the library. Both transports (Electron IPC and the
 * browser-mode HTTP host) validate arguments against these schemas before the core sees them.
 */
import { z } from 'zod'
import type { ApiResult } from './result'
import { isApiMethodName, type apiMethodNames, type localOnlyMethodNames } from './api-methods'

export { IPC_EVENT_PREFIX, IPC_PREFIX } from './api-methods'

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
/** A real calendar date, YYYY-MM-DD. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, 'a date is YYYY-MM-DD')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`)
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d
  }, 'not a calendar date')
const text = (max: number) => z.string().max(max)

export const encodingNames = ['utf-8', 'gb18030', 'big5', 'utf-16le', 'utf-16be'] as const
export type EncodingName = (typeof encodingNames)[number]

export const colorNames = ['yellow', 'green', 'blue', 'pink', 'purple', 'underline'] as const
export type ColorName = (typeof colorNames)[number]
/** Limits on what an annotation says; every way in (API, JSON-LD import, editor) applies them. */
export const NOTE_MAX_CHARS = 100_000
export const TAG_MAX_CHARS = 100
export const TAGS_MAX = 64
/** One tag: trimmed, not empty, one line (no control characters or line/paragraph separators). */
export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(TAG_MAX_CHARS)
  .regex(/^[^\p{Cc}\u2028\u2029]*$/u, 'a tag is one line of text')
export const tagsSchema = z.array(tagSchema).max(TAGS_MAX)
export const noteSchema = z.string().max(NOTE_MAX_CHARS)
const tags = tagsSchema
const note = noteSchema

const annotationFilter = z.object({
  reportId: id.optional(),
  district: text(200).optional(),
  color: z.enum(colorNames).optional(),
  tag: text(100).optional(),
  query: text(2_000).optional(),
  orphansOnly: z.boolean().optional(),
})

export const argsSchemas = {
  libraryInfo: z.object({}).strict(),
  listReports: z.object({}).strict(),
  reportDates: z.object({}).strict(),
  getReport: z.object({ id }).strict(),
  search: z
    .object({
      query: text(100_000),
      limit: z.number().int().min(0).max(10_000).optional(),
      offset: z.number().int().min(0).max(1_000_000).optional(),
      sort: z.enum(['relevance', 'date']).optional(),
      /** Count hits per district too (costs a pass over every hit; off for the first page). */
      facets: z.boolean().optional(),
    })
    .strict(),
  importFiles: z
    .object({
      files: z
        .array(
          z
            .object({
              name: text(1_000),
              dataBase64: text(48 * 1024 * 1024), // 32 MB files as base64
              /** auto: a new version of the document with this name when its districts match, else new. */
              as: z.enum(['auto', 'new', 'version']).optional(),
              /** With as: 'version', the document this file is a new version of. */
              versionOf: id.optional(),
              /** The year of a file that states none (its month-day dates get it). */
              year: z.number().int().min(1900).max(2100).optional(),
            })
            .strict()
        )
        .min(1)
        .max(10_000),
      encoding: z.enum(encodingNames).optional(),
    })
    .strict(),
  previewEncodings: z.object({ dataBase64: text(48 * 1024 * 1024) }).strict(),
  importPaths: z
    .object({
      paths: z.array(text(4_096)).min(1).max(10_000),
      encoding: z.enum(encodingNames).optional(),
    })
    .strict(),
  listAnnotations: annotationFilter.strict(),
  addAnnotation: z
    .object({
      reportId: id,
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      color: z.enum(colorNames).optional(),
      note: note.optional(),
      tags: tags.optional(),
    })
    .strict(),
  updateAnnotation: z
    .object({ id, color: z.enum(colorNames).optional(), note: note.optional(), tags: tags.optional() })
    .strict(),
  deleteAnnotation: z.object({ id }).strict(),
  restoreAnnotation: z.object({ id }).strict(),
  listTags: z.object({}).strict(),
  backupNow: z.object({}).strict(),
  listBackups: z.object({}).strict(),
  restoreBackup: z.object({ name: z.string().regex(/^library-[0-9TZ-]+\.sqlite3$/u) }).strict(),
  /** Exports what the filters select (the notebook's active filters); all without them. */
  exportAnnotations: annotationFilter.extend({ format: z.enum(['md', 'jsonld', 'csv']) }).strict(),
  /** Every report the query (filters included) finds, as CSV or Markdown with citations. */
  exportResults: z.object({ query: text(100_000), format: z.enum(['csv', 'md']) }).strict(),
  /** The figures (in one unit, 元 by default) of the reports the query finds, per district. */
  figureSummary: z.object({ query: text(100_000), unit: z.string().max(8).optional() }).strict(),
  /** Where and when the query's hits are: over time and per district (an overview and heatmap). */
  searchOverview: z.object({ query: text(100_000) }).strict(),
  /** Saved searches, each with how many new reports it finds since it was last opened. */
  listSavedSearches: z.object({}).strict(),
  /** Saves the query (words and filters) under a name; a name already used gets the new query. */
  saveSearch: z.object({ name: z.string().trim().min(1).max(100), query: text(100_000) }).strict(),
  /** Opens a saved search: its new reports since last opened, and it is marked seen. */
  openSavedSearch: z.object({ id: z.number().int().positive() }).strict(),
  deleteSavedSearch: z.object({ id: z.number().int().positive() }).strict(),
  importAnnotations: z.object({ content: text(200 * 1024 * 1024) }).strict(),
  /** Corrections of a split, stored over the derived sections (the original never changes). */
  correctReport: z
    .object({
      id,
      district: z.string().trim().min(2).max(20).optional(),
      date: isoDate.optional(),
      headline: z.string().trim().max(200).optional(),
    })
    .strict(),
  mergeReport: z.object({ id }).strict(),
  /** Starts a new district report at line `line` of the report's text (a body paragraph). */
  splitReport: z
    .object({ id, line: z.number().int().min(1).max(1_000_000), district: z.string().trim().min(2).max(20) })
    .strict(),
  /** How files would split, before they are imported. */
  /** Stops the running import; what it has written stays in the library. */
  cancelImport: z.object({}).strict(),
  previewImport: z
    .object({
      files: z
        .array(z.object({ name: text(1_000), dataBase64: text(48 * 1024 * 1024) }).strict())
        .min(1)
        .max(200),
      encoding: z.enum(encodingNames).optional(),
    })
    .strict(),
} as const

export type ApiMethod = keyof typeof argsSchemas
// The dependency-free name list must name exactly the methods that have schemas.
type SameMethods<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
export const methodListsAgree: SameMethods<ApiMethod, (typeof apiMethodNames)[number]> = true
export type ApiArgs<M extends ApiMethod> = z.infer<(typeof argsSchemas)[M]>

export interface LibraryInfo {
  dataDir: string
  documents: number
  reports: number
  /** A sentence for the user when opening the library needed attention (recovery, first import). */
  notice: string | null
  /** On the first start: how many reports the bundled sample brought (the welcome says so). */
  sampleReports?: number | null
}

export interface ReportSummary {
  id: number
  documentId: number
  file: string
  district: string | null
  headline: string
  date: string | null
  source: string | null
}

export type SectionKind = 'lead' | 'report' | 'closing'

/** One section of a document, for navigating between its lead, reports and closing. */
export interface SectionOutline {
  id: number
  kind: SectionKind
  district: string | null
  headline: string
  date: string | null
}

export type AmountKind = 'money' | 'area' | 'people' | 'count' | 'weight' | 'percent'

/** A figure in a report's text (1.6亿元, 30000平方米, 增长6.8%), normalised to its base unit. */
export interface Amount {
  /** Exactly the report's text from `start` to `end`. */
  text: string
  kind: AmountKind
  /** The amount in `unit`: 1.6亿元 → 160000000 元, 5.2万亩 → 52000 亩. */
  value: number
  unit: string
  start: number
  end: number
  /** A word before the number that bounds it: 超 (more than), 近 (nearly), 约 (about), 余 (over)… */
  qualifier: string | null
}

/** Where and when a query's hits are: over time, and per district over the same buckets. */
export interface SearchOverview {
  total: number
  /** Hits with a date (the rest have none and are not drawn). */
  dated: number
  unit: 'day' | 'week' | 'month' | 'year'
  /** Consecutive buckets from the first hit's to the last's; `from`..`to` is the date filter that selects one. */
  buckets: { key: string; from: string; to: string; count: number }[]
  /** The districts with the most hits, each with its count per bucket (aligned with `buckets`). */
  districts: { district: string; city: string | null; filter: string; total: number; counts: number[] }[]
  /** Dated hits in districts beyond those listed. */
  otherDistricts: number
}

/** A search kept under a name; `newCount` reports it finds are new since it was last opened. */
export interface SavedSearch {
  id: number
  name: string
  query: string
  createdAt: string
  openedAt: string
  /** Reports the query finds now. */
  total: number
  newCount: number
}

/** The figures in one unit of the reports a query finds, district by district (largest sum first). */
export interface FigureSummary {
  unit: string
  districts: {
    district: string
    city: string | null
    /** The query filter that selects exactly this district. */
    filter: string
    /** Reports of the district with a figure counted here. */
    reports: number
    count: number
    sum: number
    /** The largest figure, and where it is. */
    largest: { reportId: number; text: string; start: number; end: number; value: number } | null
  }[]
  count: number
  sum: number
}

export interface ReportDetail extends ReportSummary {
  /** A district report, or the document's lead or closing. */
  kind: SectionKind
  /** The report as displayed: headline lines, then body paragraphs, joined by "\n". */
  text: string
  /** How many of the first lines of `text` are headline lines. */
  headlineLineCount: number
  documentTitle: string
  encoding: string
  /** The district as the heading wrote it (玄武區 where `district` is 玄武区). */
  districtWritten: string | null
  /** The city the district belongs to (徐州市), when the gazetteer knows it. */
  city: string | null
  /** 'text': the report gives its date; 'document': the document's date stands in; 'user': corrected. */
  dateOrigin: 'text' | 'document' | 'user' | null
  /** MM-DD when the text gives a month and day but no year is known. */
  monthDay: string | null
  /** Every section of the document, in order. */
  outline: SectionOutline[]
  /** The figures in `text`, in order (see `extractAmounts`). */
  amounts: Amount[]
}

export interface SearchHit {
  reportId: number
  documentId: number
  /** Hits in a document's lead or closing say so. */
  kind: SectionKind
  /** The district's city, when the gazetteer knows it (tells namesake districts apart). */
  city: string | null
  district: string | null
  headline: string
  date: string | null
  score: number
  /** Short excerpts around the first hits; `marks` are offsets inside each snippet's text. */
  snippets: { text: string; marks: [number, number][] }[]
  /** Every hit as [start, end) offsets into the report's `text`. */
  matches: [number, number][]
  /** True when the report was found through pinyin rather than the literal query. */
  viaPinyin: boolean
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
  /** Hits per district (county), with its city, and the filter that selects exactly it. */
  districts: { district: string; city: string | null; count: number; filter: string }[]
  /** Plain-language description of how the query was understood, for the UI. */
  understood: string
  /**
   * The library's districts whose name holds every word of the query, with their report counts
   * and filters: a district's name is in its heading, not in its reports' text, which alone is
   * searched (经开区's report never names 徐州经济技术开发区). At most five, the most reports
   * first; given with the district counts (`facets`), and empty under any filter.
   */
  namedDistricts: { district: string; city: string | null; count: number; filter: string }[]
  /**
   * While an upgrade's new search index is being built (sections done of all): results are
   * complete, read from the text, and slower.
   */
  indexing?: { done: number; total: number }
}

export interface ImportFailure {
  path: string
  code: string
  message: string
}

/** What an import did with one file. */
export interface ImportFileResult {
  path: string
  /** new: a document of its own; version: a new version of `documentId`; skipped: same bytes. */
  outcome: 'new' | 'version' | 'skipped'
  documentId: number
  reports: number
  /** For a new version: districts that appeared and disappeared. */
  districtsAdded: string[]
  districtsRemoved: string[]
  /** For a new version: how its annotations were placed again. */
  annotations: { exact: number; fuzzy: number; orphaned: number }
  /** Annotations placed by a fuzzy match of their quote: the passages to check. */
  check: { annotationId: number; reportId: number; quote: string }[]
}

export interface ImportSummary {
  documents: number
  reports: number
  skipped: number
  failed: ImportFailure[]
  /** One entry per file that was imported or skipped (failures are in `failed`). */
  files?: ImportFileResult[]
  /** True when the user stopped the import: what was written before stays. */
  cancelled?: boolean
}

export interface Annotation {
  id: number
  uuid: string
  reportId: number | null
  documentId: number | null
  /** [start, end) in the report's text; null for an orphan that could not be placed. */
  start: number | null
  end: number | null
  exact: string
  prefix: string
  suffix: string
  color: ColorName
  note: string
  tags: string[]
  orphan: boolean
  /** Why an orphan is one: its report is not in the library yet, or its text changed. */
  orphanReason: 'missing' | 'changed' | null
  /** The file the annotation was made on, when known (also for orphans). */
  file: string | null
  createdAt: string
  modifiedAt: string
  district: string | null
  date: string | null
  headline: string
  source: string | null
}

/** Why imported annotations were skipped (duplicate … quoteTooLong) or changed (the rest). */
export type AnnotationImportReason =
  | 'duplicate'
  | 'badId'
  | 'noQuote'
  | 'quoteTooLong'
  | 'noteClipped'
  | 'tagRefused'
  | 'tagsClipped'
  | 'colorReplaced'
  | 'dateReplaced'

export interface AnnotationImportResult {
  imported: number
  orphans: number
  skipped: number
  /** How many times each reason applied (an annotation may count under several). */
  reasons: Partial<Record<AnnotationImportReason, number>>
}

export interface BackupInfo {
  name: string
  takenAt: string
  bytes: number
}

export interface ApiResults {
  libraryInfo: LibraryInfo
  listReports: ReportSummary[]
  /**
   * How many reports each district has on each date (for the timeline): per district key (one
   * county however its reports wrote it, districtKey), with the first of its names.
   */
  reportDates: { date: string; district: string | null; key: string | null; count: number }[]
  getReport: ReportDetail
  search: SearchResult
  importFiles: ImportSummary
  importPaths: ImportSummary
  /** The start of a file decoded with each encoding, for the user to choose from. */
  previewEncodings: { encoding: EncodingName; preview: string; readable: boolean }[]
  listAnnotations: Annotation[]
  addAnnotation: Annotation
  updateAnnotation: Annotation
  deleteAnnotation: Annotation
  restoreAnnotation: Annotation
  listTags: { tag: string; count: number }[]
  backupNow: BackupInfo
  /** Automatic and manual backups in the library's backups folder, newest first. */
  listBackups: BackupInfo[]
  restoreBackup: LibraryInfo
  exportAnnotations: string
  exportResults: string
  figureSummary: FigureSummary
  searchOverview: SearchOverview
  listSavedSearches: SavedSearch[]
  saveSearch: SavedSearch
  openSavedSearch: { search: SavedSearch; newReportIds: number[] }
  deleteSavedSearch: { deleted: true }
  correctReport: ReportDetail
  mergeReport: ReportDetail
  splitReport: ReportDetail
  previewImport: ImportPreview[]
  cancelImport: { cancelled: boolean }
  importAnnotations: AnnotationImportResult
}

/** How one file would split if it were imported now. */
export interface ImportPreview {
  name: string
  /** A document already in the library with this file name, and whether its districts match. */
  sameName: { documentId: number; title: string; file: string; sameDistricts: boolean } | null
  /** True when the file gives month-day dates but no year anywhere (the user may give one). */
  needsYear: boolean
  /** The refusal a real import would give (code and sentence), or null. */
  error: { code: string; message: string } | null
  format: string
  title: string | null
  /** The date the document states, if it states one. */
  date: string | null
  hasLead: boolean
  hasClosing: boolean
  reports: {
    district: string | null
    city: string | null
    date: string | null
    dateOrigin: 'text' | 'document' | 'user' | null
    monthDay: string | null
    headline: string
    source: string | null
  }[]
}

export interface ImportProgress {
  done: number
  total: number
  current: string
}

/** Events pushed from the library to the renderer. */
export interface ApiEvents {
  importProgress: ImportProgress
  /** After every import, whoever started it (the window, the menu), with its summary. */
  libraryChanged: { reason: 'import'; summary: ImportSummary }
  /** A restore making the search index and the reports' texts again: documents done of total. */
  restoreProgress: { done: number; total: number }
  /** Something the user should know about the library found after start (a failed integrity check). */
  libraryNotice: { notice: string }
}

/** What the renderer may call: every method but the path-taking ones (see api-methods.ts). */
export type RendererMethod = Exclude<ApiMethod, (typeof localOnlyMethodNames)[number]>

export type ApiClient = {
  [M in RendererMethod]: (args: ApiArgs<M>) => Promise<ApiResults[M]>
}

export type ApiHandlers = {
  [M in ApiMethod]: (args: ApiArgs<M>) => ApiResults[M] | Promise<ApiResults[M]>
}

export type ApiResponse<M extends ApiMethod> = ApiResult<ApiResults[M]>

export function isApiMethod(name: string): name is ApiMethod {
  return isApiMethodName(name) && Object.prototype.hasOwnProperty.call(argsSchemas, name)
}

/** Validates an untrusted argument object for a method. */
export function parseArgs<M extends ApiMethod>(
  method: M,
  raw: unknown
): { ok: true; args: ApiArgs<M> } | { ok: false; message: string } {
  const parsed = argsSchemas[method].safeParse(raw)
  if (parsed.success) return { ok: true, args: parsed.data as ApiArgs<M> }
  const first = parsed.error.issues[0]
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
  return { ok: false, message: `Invalid arguments for ${method}${where}: ${first?.message ?? 'invalid'}` }
}
