/**
 * Command-line interface to the library, for scripts:
 *   npm run --silent cli -- <command> [--data-dir DIR] [--json]
 * Output is JSON on stdout; errors are one line with a code on stderr.
 */
import { resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { colorNames, encodingNames, parseArgs, type Annotation, type ColorName } from '../shared/api'
import { CodedError } from '../shared/result'
import { defaultDataDir } from './core/data-dir'
import { isEncodingName } from './core/import/decode'
import { importJsonLd } from './core/annotations/exchange'
import { addAnnotation, listAnnotations } from './core/annotations/store'
import { exportAnnotations, Library, libraryHandlers } from './core/library'
import { listSavedSearches, openSavedSearch, savedSearchId, saveSearch } from './core/search/saved-searches'

const USAGE = `usage: cli <command> [options]
  import <path>... [--encoding NAME] [--as-new]   import files and folders (.txt, .md, .html, .docx, .pdf)
  list                                 list reports as JSON
  show <reportId>                      one report with its text
  facts <reportId>                     the amounts in a report (money, area, people, counts, %)
  original <documentId>                the imported file's bytes, exactly
  search <query> [--limit N] [--offset N] [--sort relevance|date]
  stats <query> --by district|month|year   how many reports the query finds per bucket
  saved-searches                       saved searches, each with how many new reports it finds since last opened
  save-search <name> <query>           save a search (words and filters) under a name
  open-search <name>                   a saved search's new reports since it was last opened (then marked seen)
  figures <query> [--unit 元]          the figures of the reports the query finds, per district: count, sum, largest
  export-results <query> --format csv|md   every report the query finds, for a spreadsheet or with citations
  backup <file>                        write a copy of the library (safe while the app runs)
  restore <file>                       replace the library with a backup (the current one is backed up first)
  annotate <reportId> --start S --end E [--color C] [--note TEXT] [--tag T]...
  annotations [--report ID]            annotations as JSON (offsets into show's text)
  export-annotations --format md|jsonld|csv
  import-annotations <file.jsonld>     W3C Web Annotation JSON-LD; re-anchors, keeps orphans
  correct <reportId> [--district D] [--date YYYY-MM-DD] [--headline H]   correct a report's split
  merge <reportId>                     merge a report with the section after it
  split <reportId> --line N --district D   start a new district report at line N of the report's text
options: --data-dir DIR (default: the app's data folder, or $DNR_DATA_DIR), --json (output is always JSON)`

// A reader that stops reading (`cli list | head`) ends the command quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

/** The usage of one command: its line(s) of USAGE. */
function commandUsage(command: string): string | null {
  const lines = USAGE.split('\n').filter(
    (l) => l.trimStart().startsWith(`${command} `) || l.trim() === command
  )
  return lines.length > 0 ? `usage: cli ${lines.map((l) => l.trim()).join('\n       cli ')}` : null
}

function fail(code: string, message: string, exitCode = 2): never {
  process.stderr.write(`${code}: ${message.replace(new RegExp(`^${code}: `), '')}\n`)
  process.exit(exitCode)
}

function positiveInt(value: string | undefined, what: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n <= 0)
    fail('BAD_REQUEST', `${what} must be a positive whole number, got "${value ?? ''}"`)
  return n
}

function nonNegativeInt(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0)
    fail('BAD_REQUEST', `${what} must be a whole number ≥ 0, got "${value}"`)
  return n
}

const VALUE_OPTIONS = [
  'data-dir',
  'encoding',
  'limit',
  'offset',
  'sort',
  'start',
  'end',
  'color',
  'note',
  'report',
  'format',
  'district',
  'date',
  'headline',
  'line',
  'by',
  'unit',
] as const
type ValueOption = (typeof VALUE_OPTIONS)[number]
type CliValues = Partial<Record<ValueOption, string>> & {
  json?: boolean
  help?: boolean
  asNew?: boolean
  tag: string[]
}

/**
 * Options are recognised by name; anything else is a positional, so a query such as `-招商`
 * (without) or `--` inside text reaches the search as written.
 */
function parseCliArgs(argv: string[]): {
  values: CliValues
  positionals: string[]
} {
  const values: CliValues = { tag: [] }
  const positionals: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (arg === '--json') values.json = true
    else if (arg === '--as-new') values.asNew = true
    else if (arg === '--tag' || arg.startsWith('--tag=')) {
      const value = arg.startsWith('--tag=') ? arg.slice(6) : argv[++i]
      if (value === undefined) throw new Error('--tag needs a value')
      values.tag.push(value)
    } else if (arg === '--help' || arg === '-h') values.help = true
    else {
      const m = /^--([a-z-]+)(?:=(.*))?$/su.exec(arg)
      const name = m?.[1] as ValueOption | undefined
      if (m && name && (VALUE_OPTIONS as readonly string[]).includes(name)) {
        const value = m[2] ?? argv[++i]
        if (value === undefined) throw new Error(`--${name} needs a value`)
        values[name] = value
      } else positionals.push(arg)
    }
  }
  return { values, positionals }
}

const isColorName = (c: string): c is ColorName => (colorNames as readonly string[]).includes(c)

/** The CLI's annotation shape: offsets into `show`'s text. */
function cliAnnotation(a: Annotation) {
  return {
    id: a.id,
    reportId: a.reportId,
    start: a.start,
    end: a.end,
    exact: a.exact,
    color: a.color,
    note: a.note,
    tags: a.tags,
    orphan: a.orphan,
  }
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseCliArgs(argv)
  } catch (err) {
    fail('BAD_REQUEST', `${err instanceof Error ? err.message : String(err)}\n${USAGE}`)
  }
  const { values, positionals } = parsed
  const [command, ...rest] = positionals
  if (values.help || !command) {
    process.stdout.write(((command && commandUsage(command)) || USAGE) + '\n')
    return command || values.help ? 0 : 2
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  const encoding = values.encoding?.toLowerCase()
  if (encoding !== undefined && !isEncodingName(encoding))
    fail('BAD_REQUEST', `unknown encoding "${values.encoding}"; use one of ${encodingNames.join(', ')}`)

  const known = [
    'import',
    'list',
    'show',
    'facts',
    'original',
    'search',
    'stats',
    'figures',
    'saved-searches',
    'save-search',
    'open-search',
    'export-results',
    'backup',
    'restore',
    'annotate',
    'annotations',
    'export-annotations',
    'import-annotations',
    'correct',
    'merge',
    'split',
  ]
  if (!known.includes(command))
    fail('BAD_REQUEST', `unknown command "${command}"; run with --help for the commands`)
  let library: Library
  try {
    library = new Library(dataDir)
  } catch (err) {
    if (err instanceof CodedError) fail(err.code, err.message, 1)
    fail(
      'READ_FAILED',
      `the library in ${dataDir} cannot be opened (${err instanceof Error ? err.message : String(err)})`,
      1
    )
  }
  try {
    switch (command) {
      case 'import': {
        if (rest.length === 0) fail('BAD_REQUEST', 'import needs at least one file or folder')
        // Ctrl+C stops after the file being read; everything imported before it stays.
        let stop = false
        const onInterrupt = (): void => {
          if (stop) process.exit(130)
          stop = true
          process.stderr.write('\nstopping after this file (Ctrl+C again to quit at once)…\n')
        }
        process.on('SIGINT', onInterrupt)
        const summary = await library.importPaths(rest, {
          encoding,
          cancelled: () => stop,
          asNewDocument: values.asNew ?? false,
          onProgress: (p) => {
            if (process.stderr.isTTY && p.total > 1) process.stderr.write(`\rimporting ${p.done}/${p.total}`)
          },
        })
        if (process.stderr.isTTY && rest.length > 0) process.stderr.write('\r\x1b[K')
        process.off('SIGINT', onInterrupt)
        printJson(summary)
        return summary.cancelled ? 130 : summary.failed.length === 0 ? 0 : 1
      }
      case 'list':
        printJson(library.listReports())
        return 0
      case 'show':
        printJson(library.getReport(positiveInt(rest[0], 'reportId')))
        return 0
      case 'facts':
        printJson(library.getReport(positiveInt(rest[0], 'reportId')).amounts)
        return 0
      case 'original': {
        const bytes = library.original(positiveInt(rest[0], 'documentId'))
        process.stdout.write(bytes)
        return 0
      }
      case 'backup': {
        if (!rest[0]) fail('BAD_REQUEST', 'backup needs the file to write')
        const target = resolve(rest[0])
        await library.backup(target)
        printJson({ backup: target, ...library.counts() })
        return 0
      }
      case 'restore': {
        if (!rest[0]) fail('BAD_REQUEST', 'restore needs a backup file')
        await library.restore(resolve(rest[0]), (done, total) => {
          if (process.stderr.isTTY)
            process.stderr.write(`\rrebuilding reports and the index ${done}/${total}`)
        })
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
        printJson({ restored: resolve(rest[0]), ...library.counts() })
        return 0
      }
      case 'annotate': {
        const reportId = positiveInt(rest[0], 'reportId')
        const color = values.color ?? 'yellow'
        if (!isColorName(color))
          fail('BAD_REQUEST', `unknown colour "${color}"; use one of ${colorNames.join(', ')}`)
        const annotation = addAnnotation(library.db, {
          reportId,
          start: nonNegativeInt(values.start, '--start', -1),
          end: nonNegativeInt(values.end, '--end', -1),
          color,
          note: values.note ?? '',
          tags: values.tag,
        })
        printJson(cliAnnotation(annotation))
        return 0
      }
      case 'annotations': {
        const reportId = values.report === undefined ? undefined : positiveInt(values.report, '--report')
        printJson(listAnnotations(library.db, { reportId }).map(cliAnnotation))
        return 0
      }
      case 'export-annotations': {
        const format = values.format ?? 'md'
        if (format !== 'md' && format !== 'jsonld' && format !== 'csv')
          fail('BAD_REQUEST', `unknown format "${format}"; use md, jsonld or csv`)
        process.stdout.write(exportAnnotations(library.db, format))
        return 0
      }
      case 'import-annotations': {
        if (!rest[0]) fail('BAD_REQUEST', 'import-annotations needs a JSON-LD file')
        let content: string
        try {
          content = readFileSync(resolve(rest[0]), 'utf8')
        } catch {
          fail('NOT_FOUND', `${rest[0]} cannot be read`, 1)
        }
        const result = importJsonLd(library.db, content)
        printJson({ imported: result.imported, orphans: result.orphans })
        return 0
      }
      case 'correct':
      case 'merge':
      case 'split': {
        const id = positiveInt(rest[0], 'reportId')
        const handlers = libraryHandlers(library)
        const method =
          command === 'correct' ? 'correctReport' : command === 'merge' ? 'mergeReport' : 'splitReport'
        const raw =
          command === 'correct'
            ? { id, district: values.district, date: values.date, headline: values.headline }
            : command === 'merge'
              ? { id }
              : { id, line: positiveInt(values.line, '--line'), district: values.district }
        const args = parseArgs(method, JSON.parse(JSON.stringify(raw)))
        if (!args.ok) fail('BAD_REQUEST', args.message)
        printJson(await handlers[method](args.args as never))
        return 0
      }
      case 'export-results': {
        if (rest.length === 0) fail('BAD_REQUEST', 'export-results needs a query')
        const format = values.format
        if (format !== 'csv' && format !== 'md') fail('BAD_REQUEST', '--format must be csv or md')
        process.stdout.write(library.exportResults(rest.join(' '), format))
        return 0
      }
      case 'saved-searches':
        printJson(listSavedSearches(library.db))
        return 0
      case 'save-search': {
        if (rest.length < 2) fail('BAD_REQUEST', 'save-search needs a name and a query')
        printJson(saveSearch(library.db, rest[0]!, rest.slice(1).join(' ')))
        return 0
      }
      case 'open-search': {
        if (rest.length === 0) fail('BAD_REQUEST', 'open-search needs the name of a saved search')
        const id = savedSearchId(library.db, rest.join(' '))
        if (id === null) fail('NOT_FOUND', `there is no saved search named "${rest.join(' ')}"`, 1)
        printJson(openSavedSearch(library.db, id))
        return 0
      }
      case 'figures': {
        if (rest.length === 0) fail('BAD_REQUEST', 'figures needs a query')
        printJson(library.figureSummary(rest.join(' '), values.unit))
        return 0
      }
      case 'stats': {
        if (rest.length === 0) fail('BAD_REQUEST', 'stats needs a query')
        const by = values.by ?? 'district'
        if (by !== 'district' && by !== 'month' && by !== 'year')
          fail('BAD_REQUEST', `--by must be district, month or year, not "${by}"`)
        printJson(library.stats(rest.join(' '), by))
        return 0
      }
      case 'search': {
        if (rest.length === 0) fail('BAD_REQUEST', 'search needs a query')
        const sort = values.sort === 'date' ? 'date' : 'relevance'
        const result = library.search(rest.join(' '), {
          limit: nonNegativeInt(values.limit, '--limit', 20),
          offset: nonNegativeInt(values.offset, '--offset', 0),
          sort,
        })
        printJson({
          total: result.total,
          hits: result.hits.map((h) => ({ ...h, snippets: h.snippets.map((s) => s.text) })),
          districts: result.districts,
        })
        return 0
      }
    }
    return 2
  } catch (err) {
    if (err instanceof CodedError) fail(err.code, err.message, 1)
    fail('INTERNAL', err instanceof Error ? err.message : String(err), 1)
  } finally {
    library.close()
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
