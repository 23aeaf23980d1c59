/**
 * The library: one SQLite file in a data folder, and every operation the app and the CLI offer.
 * Plain Node; the Electron shell and the browser-mode host both call it through the API handlers.
 */
import { extractAmounts } from './analysis/amounts'
import { exportResults, type ResultFormat } from './search/export-results'
import { figureSummary } from './analysis/figure-summary'
import { searchOverview } from './search/overview'
import { deleteSavedSearch, listSavedSearches, openSavedSearch, saveSearch } from './search/saved-searches'
import { searchStats, type SearchStats, type StatsBy } from './search/stats'
import { renameSync, rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import type {
  ApiResults,
  ApiHandlers,
  BackupInfo,
  FigureSummary,
  EncodingName,
  ImportSummary,
  ReportDetail,
  ReportSummary,
  SectionKind,
  SectionOutline,
} from '../../shared/api'
import { CodedError } from '../../shared/result'
import { exportCsv, exportJsonLd, exportMarkdown, importJsonLd } from './annotations/exchange'
import {
  addAnnotation,
  deleteAnnotation,
  listAnnotations,
  listTags,
  type AnnotationFilter,
  restoreAnnotation,
  updateAnnotation,
} from './annotations/store'
import { automaticBackup, backupDue, backupTo, libraryUnchangedSince, listBackups } from './db/backups'
import { completeBackupDb, discardRestore, prepareRestore, type RebuildProgress } from './db/rebuild'
import type { Db } from './db/database'
import { openDatabase } from './db/database'
import { isHealthyLibraryFile, openWithRecovery } from './db/recovery'
import { foreignSchema } from './db/schema-check'
import { makePrivateDir, makePrivateFile } from './private-files'
import { statement } from './db/statements'
import { correctReport, mergeReport, splitReport } from './import/correct'
import { topHitsDue, topHitsStep } from './search/top-hits'
import { headlinesDue, headlinesStep } from './search/headlines'
import { latinWords } from './search/plan'
import { sectionTable } from './search/section-table'
import { countyByCode } from './import/districts'
import { previewFile } from './import/preview'
import { importSources, type ImportOptions } from './import/importer'
import { previewEncodings } from './import/decode'
import { collectPathSources, MAX_FILE_BYTES, type ImportSource } from './import/sources'
import {
  ensureIndexCurrent,
  indexMergeDue,
  indexMergeStep,
  indexStale,
  rebuildIndexStep,
  registryToken,
} from './search/index-store'
import { searchReports, type SearchOptions } from './search/search'
import { documentOriginal, sectionText } from './import/document-texts'

export const LIBRARY_FILE = 'library.sqlite3'
const INTEGRITY_CHECK_EVERY_MS = 7 * 24 * 3600 * 1000
/**
 * How much of the library file a reader maps (SQLite caps it at its build's limit, 2 GB). At 100k
 * reports, 600 mixed queries run once each on a reader took p50 / p90 / p95 / mean 4.7 / 10.0 /
 * 13.5 / 5.9 ms reading pages, 2.9 / 6.9 / 11.1 / 3.8 ms mapped. Only readers map: they never
 * write. On Windows a file that another connection maps cannot be shortened; SQLite's truncate
 * ignores that error (ERROR_USER_MAPPED_FILE) and the file keeps its size until a later
 * checkpoint shortens it.
 */
export const READER_MMAP_BYTES = 2 ** 31
/**
 * A library with more sections than this whose index an upgrade made stale opens at once and is
 * indexed again in steps (rebuildIndexStep, by the app's writer worker); a smaller one is
 * indexed again on open (about a second).
 */
export const BACKGROUND_REINDEX_ABOVE = 5000

/** Reports per date and district (the timeline), read in index order. */
export const REPORT_DATES = `SELECT date, min(district) AS district, district_key AS key, count(*) AS count
  FROM sections INDEXED BY sections_date_district
  WHERE kind = 'report' AND date IS NOT NULL GROUP BY date, district_key`

interface ReportRow {
  id: number
  document_id: number
  path: string
  district: string | null
  headline: string
  date: string | null
  source: string | null
}

const REPORT_COLUMNS = `s.id, s.document_id, d.path, s.district, s.headline, s.date, s.source`

function toSummary(row: ReportRow): ReportSummary {
  return {
    id: row.id,
    documentId: row.document_id,
    file: row.path,
    district: row.district,
    headline: row.headline,
    date: row.date,
    source: row.source,
  }
}

export class Library {
  db: Db
  readonly file: string
  notice: string | null = null
  /** Told how a restore's rebuild goes, when the caller passes no listener of its own (the shells). */
  onRestoreProgress: RebuildProgress | undefined = undefined
  /**
   * Awaited by a restore once the restored copy is ready, before the library is replaced: the
   * app stops its other connections to the library here (Windows cannot replace a file that one
   * holds open), so searches go on from the library as it was while the copy is made.
   */
  beforeRestoreSwap: (() => Promise<void>) | null = null
  /** Reports the bundled sample brought on the first start (null otherwise). */
  sampleReports: number | null = null

  private endSession: () => void

  /**
   * Opens the library in `dataDir`. A reader (`{ readOnly: true }`) opens an existing library for
   * searching beside the one connection that writes: no recovery, no migration, no session.
   */
  constructor(
    readonly dataDir: string,
    options: {
      readOnly?: boolean
      /** Above this many sections a stale index is built again in steps, not on open. */
      reindexInBackgroundAbove?: number
    } = {}
  ) {
    this.file = join(dataDir, LIBRARY_FILE)
    if (options.readOnly) {
      this.db = openDatabase(this.file, { readonly: true })
      // A reader maps the file instead of reading it page by page: a search reads a few hundred
      // pages of the index, each a system call of its own otherwise (see READER_MMAP_BYTES).
      this.db.pragma(`mmap_size = ${READER_MMAP_BYTES}`)
      this.endSession = () => undefined
      return
    }
    makePrivateDir(dataDir)
    let opened = openWithRecovery(this.file, dataDir)
    try {
      ensureIndexCurrent(opened.db, {
        backgroundAbove: options.reindexInBackgroundAbove ?? BACKGROUND_REINDEX_ABOVE,
      })
    } catch (err) {
      // The cheap check on open passed but a page it did not read is damaged: check it all now,
      // which sets the file aside and restores the newest good backup.
      if (!/malformed|corrupt|not a database/iu.test(String(err))) throw err
      opened.db.close()
      opened.endSession()
      opened = openWithRecovery(this.file, dataDir, { fullCheck: true })
      ensureIndexCurrent(opened.db, {
        backgroundAbove: options.reindexInBackgroundAbove ?? BACKGROUND_REINDEX_ABOVE,
      })
    }
    this.db = opened.db
    this.endSession = opened.endSession
    makePrivateFile(this.file)
    this.notice = opened.notice
    // A backup put in place by hand (or an interrupted restore's copy) is completed before use.
    completeBackupDb(this.db, dataDir)
  }

  /** Whether the scheduled full integrity check is due (weekly). */
  integrityCheckDue(now = Date.now()): boolean {
    const last = statement<[], { value: string }>(
      this.db,
      "SELECT value FROM library_meta WHERE key = 'integrity_checked'"
    ).get()?.value
    return !last || now - Date.parse(last) > INTEGRITY_CHECK_EVERY_MS
  }

  /**
   * The full check (reads every page): null when the library is sound, else a sentence for the
   * user offering the newest backup. The shells run the reading part on a worker
   * (checkIntegrityInBackground) and record the outcome here.
   */
  integrityCheck(): string | null {
    return this.recordIntegrityCheck(String(this.db.pragma('quick_check', { simple: true })))
  }

  /** Records what a full check found ('ok' or SQLite's words); a problem becomes the notice. */
  recordIntegrityCheck(result: string | null): string | null {
    if (result !== null && result !== 'ok') {
      this.notice = `The library seems damaged (${result.replace(/\s+/gu, ' ').slice(0, 120)}). Restore the newest backup from the sidebar (文库 → 恢复…); a backup of the library as it is now is taken first.`
      return this.notice
    }
    statement(
      this.db,
      "INSERT OR REPLACE INTO library_meta (key, value) VALUES ('integrity_checked', ?)"
    ).run(new Date().toISOString())
    return null
  }

  /**
   * Writes a backup to `target` that travels alone: the originals inside, derived data left out
   * (see db/backups.ts).
   */
  backup(target: string): Promise<void> {
    return backupTo(this.file, target, { originals: 'embedded' }).then(() => undefined)
  }

  /** Takes a rotating automatic backup when none was taken today (or always, when forced). */
  async automaticBackup(force = false): Promise<string | null> {
    if (!force && !backupDue(this.dataDir)) return null
    return automaticBackup(this.file, this.dataDir)
  }

  /** True when nothing was written since the newest automatic backup (it holds what another would). */
  unchangedSinceBackup(): boolean {
    return libraryUnchangedSince(this.file, this.dataDir)
  }

  /**
   * Replaces the library with a backup file. The current library is backed up first, so a restore
   * can itself be undone.
   */
  async restore(source: string, onProgress?: RebuildProgress): Promise<void> {
    if (!isHealthyLibraryFile(source))
      throw new CodedError(
        'NOT_A_LIBRARY',
        `NOT_A_LIBRARY: ${source} is not a library backup this app can read.`
      )
    const foreign = foreignSchema(source)
    if (foreign)
      throw new CodedError(
        'NOT_A_LIBRARY',
        `NOT_A_LIBRARY: ${basename(source)} was not restored: ${foreign}. Only backups this app made can be restored.`
      )
    // Derived data is made again before the library is touched: a failure leaves it as it was.
    // Before the backup of the library as it is, whose rotation may drop the one being restored.
    const incoming = prepareRestore(source, this.file, this.dataDir, onProgress ?? this.onRestoreProgress)
    try {
      // The app's other connections let go of the library now (searches wait from here on).
      await this.beforeRestoreSwap?.()
      // Everything written is moved into the library file first, so that removing its write-ahead
      // log loses nothing, whatever happens next; a log left beside the restored file would be
      // read into it, so it must go before the swap. Checked before the backup, whose rotation
      // could drop the backup being restored, which a second try would then not find.
      this.checkpointForSwap()
      await automaticBackup(this.file, this.dataDir)
      this.checkpointForSwap()
    } catch (err) {
      discardRestore(incoming)
      throw err
    }
    this.db.close()
    try {
      for (const suffix of ['-wal', '-shm']) rmSync(this.file + suffix, { force: true })
      renameSync(incoming, this.file)
    } catch (err) {
      // Another connection holds a file open (Windows keeps such a file from being removed or
      // replaced): the library stays as it was, open again.
      const why = err instanceof Error ? err.message : String(err)
      try {
        this.reopen(false)
      } catch (reopenErr) {
        throw new CodedError(
          'INTERNAL',
          `INTERNAL: the library was not restored (a file of it is in use: ${why}), and could not be opened again (${reopenErr instanceof Error ? reopenErr.message : String(reopenErr)}). Nothing was changed; restart the app.`
        )
      } finally {
        try {
          discardRestore(incoming)
        } catch {
          // Left beside the library; the next restore replaces it.
        }
      }
      throw new CodedError(
        'BUSY',
        `BUSY: the library was not restored, because a file of it is in use (${why}). Nothing was changed; try again.`
      )
    }
    this.reopen(true)
    ensureIndexCurrent(this.db)
  }

  /** Moves the write-ahead log into the library file; BUSY while another connection reads. */
  private checkpointForSwap(): void {
    let checkpoint: { busy: number; log: number } | undefined
    try {
      ;[checkpoint] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[]
    } catch {
      checkpoint = { busy: 1, log: 1 }
    }
    if (checkpoint && (checkpoint.busy !== 0 || checkpoint.log > 0))
      throw new CodedError(
        'BUSY',
        'BUSY: the library is still being read. Try the restore again in a moment.'
      )
  }

  /** Opens the library file again after a restore (checked in full when it is a new file). */
  private reopen(fullCheck: boolean): void {
    this.endSession()
    const opened = openWithRecovery(this.file, this.dataDir, { fullCheck })
    this.db = opened.db
    this.endSession = opened.endSession
  }

  close(): void {
    if (this.db.open) this.db.close()
    this.endSession()
  }

  get closed(): boolean {
    return !this.db.open
  }

  /** False while an upgrade's new search index is still being built (see reindexStep). */
  indexCurrent(): boolean {
    return !indexStale(this.db)
  }

  /** Indexes the next few thousand sections again; true once the index is current. */
  reindexStep(): boolean {
    return rebuildIndexStep(this.db)
  }

  /** True when the index's segments are to be merged into one (see indexMergeDue). */
  indexMergeDue(): boolean {
    return !this.closed && indexMergeDue(this.db)
  }

  /** Merges the next part of the index (about 10 ms of work); true once it is one segment. */
  indexMergeStep(): boolean {
    return indexMergeStep(this.db)
  }

  /** True when the common terms' best hits are not ranked at the library's current state. */
  topHitsDue(): boolean {
    return !this.closed && topHitsDue(this.db)
  }

  /**
   * True when what a reader keeps in memory for searches is not that of the library's current
   * state: the headlines they rank by, the section table they count districts and dates from,
   * and the index's Latin words a fragment is looked up in. Each is read again by the first
   * search that needs it otherwise (the table 0.1 s and the words 50 ms at 100k reports).
   */
  searchAidsDue(): boolean {
    return (
      !this.closed &&
      (headlinesDue(this.db) || !sectionTable.current(this.db) || !latinWords.current(this.db))
    )
  }

  /** Reads the next of them (the headlines about 25 ms at a time); true once all are current. */
  searchAidsStep(): boolean {
    if (headlinesDue(this.db)) {
      if (!headlinesStep(this.db)) return false
    } else if (!sectionTable.current(this.db)) sectionTable(this.db)
    else if (!latinWords.current(this.db)) latinWords(this.db)
    return !this.searchAidsDue()
  }

  /** Changes with every import, correction or deletion (the registry token). */
  changeToken(): string {
    return registryToken(this.db)
  }

  /** Ranks the next common terms (about 50 ms of work); true once every one is ranked. */
  topHitsStep(): boolean {
    return topHitsStep(this.db)
  }

  counts(): { documents: number; reports: number } {
    const documents =
      statement<[], { n: number }>(this.db, 'SELECT count(*) AS n FROM documents').get()?.n ?? 0
    const reports =
      statement<[], { n: number }>(this.db, "SELECT count(*) AS n FROM sections WHERE kind = 'report'").get()
        ?.n ?? 0
    return { documents, reports }
  }

  listReports(): ReportSummary[] {
    return statement<[], ReportRow>(
      this.db,
      `SELECT ${REPORT_COLUMNS} FROM sections s JOIN documents d ON d.id = s.document_id
       WHERE s.kind = 'report' ORDER BY s.document_id, s.ord`
    )
      .all()
      .map(toSummary)
  }

  reportDates(): ApiResults['reportDates'] {
    return statement<[], ApiResults['reportDates'][number]>(this.db, REPORT_DATES).all()
  }

  getReport(id: number): ReportDetail {
    const row = statement<
      [number],
      ReportRow & {
        kind: SectionKind
        headline_line_count: number
        title: string
        encoding: string
        district_written: string | null
        district_code: string | null
        date_origin: ReportDetail['dateOrigin']
        month_day: string | null
      }
    >(
      this.db,
      `SELECT ${REPORT_COLUMNS}, s.kind, s.headline_line_count, d.title, d.encoding, s.district_written,
         s.district_code, s.date_origin, s.month_day
       FROM sections s JOIN documents d ON d.id = s.document_id WHERE s.id = ?`
    ).get(id)
    const text = row ? sectionText(this.db, id) : undefined
    if (!row || text === undefined)
      throw new CodedError('NOT_FOUND', `NOT_FOUND: there is no report ${id} in this library.`)
    const outline = statement<[number], SectionOutline>(
      this.db,
      'SELECT id, kind, district, headline, date FROM sections WHERE document_id = ? ORDER BY ord'
    ).all(row.document_id)
    return {
      ...toSummary(row),
      kind: row.kind,
      text,
      headlineLineCount: row.headline_line_count,
      documentTitle: row.title,
      encoding: row.encoding,
      districtWritten: row.district_written,
      city: row.district_code ? (countyByCode(row.district_code)?.city ?? null) : null,
      dateOrigin: row.date_origin,
      monthDay: row.month_day,
      outline,
      amounts: extractAmounts(text),
    }
  }

  /** The bytes of the file as it was imported. */
  original(documentId: number): Buffer {
    const original = documentOriginal(this.db, documentId)
    if (!original)
      throw new CodedError('NOT_FOUND', `NOT_FOUND: there is no document ${documentId} in this library.`)
    return original
  }

  async importPaths(paths: readonly string[], options: ImportOptions = {}): Promise<ImportSummary> {
    const { sources, failed } = collectPathSources(paths)
    const summary = await importSources(this.db, sources, options)
    summary.failed.unshift(...failed)
    return summary
  }

  importSources(sources: readonly ImportSource[], options: ImportOptions = {}): Promise<ImportSummary> {
    return importSources(this.db, sources, options)
  }

  /**
   * On the very first start of an empty library, imports the bundled sample so the app never
   * opens empty. Runs once: a library the user emptied stays empty.
   */
  async importSampleOnFirstStart(samplePath: string): Promise<void> {
    const done = statement<[], { value: string }>(
      this.db,
      "SELECT value FROM library_meta WHERE key = 'first_start'"
    ).get()
    if (done) return
    if (this.counts().documents === 0) {
      const summary = await this.importPaths([samplePath])
      this.sampleReports = summary.documents > 0 ? summary.reports : null
      this.notice =
        summary.documents > 0
          ? `Welcome: the sample library (${summary.reports} district reports) was imported so you can try searching and annotating.`
          : null
    }
    statement(this.db, "INSERT OR REPLACE INTO library_meta (key, value) VALUES ('first_start', ?)").run(
      new Date().toISOString()
    )
  }

  search(query: string, options: SearchOptions = {}) {
    return searchReports(this.db, query, options)
  }

  /** Every report `query` finds, as CSV or as Markdown with citations. */
  exportResults(query: string, format: ResultFormat): string {
    return exportResults(this.db, query, format)
  }

  /** The figures in `unit` (元 by default) of the reports `query` finds, per district. */
  figureSummary(query: string, unit?: string): FigureSummary {
    return figureSummary(this.db, query, unit)
  }

  /** How the hits of `query` spread over districts, months or years. */
  stats(query: string, by: StatsBy): SearchStats {
    return searchStats(this.db, query, by)
  }
}

/** The annotations that pass `filter` (all by default: the notebook passes its active filters). */
export function exportAnnotations(
  db: Db,
  format: 'md' | 'jsonld' | 'csv',
  filter: AnnotationFilter = {}
): string {
  if (format === 'md') return exportMarkdown(db, filter)
  if (format === 'csv') return exportCsv(db, filter)
  return exportJsonLd(db, filter)
}

export function backupInfo(file: string): BackupInfo {
  const stats = statSync(file)
  return { name: basename(file), takenAt: stats.mtime.toISOString(), bytes: stats.size }
}

/** Decodes uploaded files (browser mode, drag and drop) into import sources. */
export function uploadedSources(
  files: readonly {
    name: string
    dataBase64: string
    as?: 'auto' | 'new' | 'version'
    versionOf?: number
    year?: number
  }[]
): ImportSource[] {
  return files.map((f) => ({
    path: f.name,
    target:
      f.as === 'version' && f.versionOf !== undefined
        ? { as: 'version' as const, documentId: f.versionOf }
        : { as: f.as === 'new' ? ('new' as const) : ('auto' as const) },
    year: f.year,
    name: f.name.split(/[\\/]/u).pop() || f.name,
    read: () => {
      const bytes = Buffer.from(f.dataBase64, 'base64')
      if (bytes.length > MAX_FILE_BYTES)
        throw new CodedError(
          'FILE_TOO_LARGE',
          `FILE_TOO_LARGE: ${f.name} is larger than ${MAX_FILE_BYTES / 1048576} MB.`
        )
      return bytes
    },
  }))
}

/** A job for the background importer: paths (CLI, menu) or uploaded files (the window). */
export type ImportJob =
  | { kind: 'paths'; paths: string[] }
  | {
      kind: 'files'
      files: {
        name: string
        dataBase64: string
        as?: 'auto' | 'new' | 'version'
        versionOf?: number
        year?: number
      }[]
    }

/**
 * Imports run off the thread that answers the window (see import-runner in the shells): one at a
 * time, cancellable, with restores queued between them.
 */
export interface BackgroundImports {
  run(job: ImportJob, encoding: EncodingName | undefined): Promise<ImportSummary>
  /** Runs a task that replaces the library between imports, never during one. */
  exclusive<T>(task: () => Promise<T>): Promise<T>
  /** Stops the running import (what it wrote stays); false when none is running. */
  cancel(): boolean
}

/** The API as the renderer sees it, implemented on a library. */
export function libraryHandlers(library: Library, imports?: BackgroundImports): ApiHandlers {
  const runImport = imports
    ? (job: ImportJob, encoding: EncodingName | undefined) => imports.run(job, encoding)
    : undefined
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => (imports ? imports.exclusive(task) : task())
  return {
    libraryInfo: () => ({
      dataDir: library.dataDir,
      ...library.counts(),
      notice: library.notice,
      sampleReports: library.sampleReports,
    }),
    listReports: () => library.listReports(),
    reportDates: () => library.reportDates(),
    getReport: ({ id }) => library.getReport(id),
    search: ({ query, limit, offset, sort, facets }) =>
      library.search(query, { limit, offset, sort, facets }),
    previewEncodings: ({ dataBase64 }) => previewEncodings(Buffer.from(dataBase64, 'base64')),
    importPaths: ({ paths, encoding }) =>
      runImport ? runImport({ kind: 'paths', paths }, encoding) : library.importPaths(paths, { encoding }),
    listAnnotations: (filter) => listAnnotations(library.db, filter),
    addAnnotation: (input) => addAnnotation(library.db, input),
    updateAnnotation: (input) => updateAnnotation(library.db, input),
    deleteAnnotation: ({ id }) => deleteAnnotation(library.db, id),
    restoreAnnotation: ({ id }) => restoreAnnotation(library.db, id),
    listTags: () => listTags(library.db),
    backupNow: async () => backupInfo((await library.automaticBackup(true))!),
    listBackups: () => listBackups(library.dataDir).map((b) => backupInfo(b.file)),
    restoreBackup: async ({ name }) => {
      const backup = listBackups(library.dataDir).find((b) => basename(b.file) === name)
      if (!backup) throw new CodedError('NOT_FOUND', `NOT_FOUND: there is no backup called ${name}.`)
      // A restore waits for a running import to commit, so nothing it imported is lost unseen:
      // the backup taken before the restore holds it.
      await exclusive(() => library.restore(backup.file))
      return { dataDir: library.dataDir, ...library.counts(), notice: null }
    },
    exportAnnotations: ({ format, ...filter }) => exportAnnotations(library.db, format, filter),
    exportResults: ({ query, format }) => library.exportResults(query, format),
    figureSummary: ({ query, unit }) => library.figureSummary(query, unit),
    searchOverview: ({ query }) => searchOverview(library.db, query),
    listSavedSearches: () => listSavedSearches(library.db),
    saveSearch: ({ name, query }) => saveSearch(library.db, name, query),
    openSavedSearch: ({ id }) => openSavedSearch(library.db, id),
    deleteSavedSearch: ({ id }) => {
      deleteSavedSearch(library.db, id)
      return { deleted: true as const }
    },
    importAnnotations: ({ content }) => importJsonLd(library.db, content),
    correctReport: ({ id, ...change }) => {
      correctReport(library.db, id, change)
      return library.getReport(id)
    },
    mergeReport: ({ id }) => {
      mergeReport(library.db, id)
      return library.getReport(id)
    },
    splitReport: ({ id, line, district }) => library.getReport(splitReport(library.db, id, line, district)),
    cancelImport: () => ({ cancelled: imports?.cancel() ?? false }),
    previewImport: ({ files, encoding }) =>
      Promise.all(
        files.map((f) => previewFile(library.db, f.name, Buffer.from(f.dataBase64, 'base64'), encoding))
      ),
    importFiles: ({ files, encoding }) =>
      runImport
        ? runImport({ kind: 'files', files }, encoding)
        : library.importSources(uploadedSources(files), { encoding }),
  }
}
