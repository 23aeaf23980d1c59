/**
 * Splits a roundup into sections: the lead, one report per district heading, and the closing.
 * Every line of the text belongs to exactly one section, so the text can be rebuilt from them.
 * Headings (headings.ts) and dates (dates.ts) are recognised by tables of real-world forms; the
 * format's own structure (an HTML <h3>, a Word heading) is a hint, never a requirement.
 */
import { normalizeForSearch } from '../search/normalize'
import { dateHeaderOf, datesIn, documentDate, reportDate, type DocumentDate } from './dates'
import { countiesNamed, lookupCounty, shortCountyName, type County } from './districts'
import {
  countyOfPage,
  MAX_HEADING_LINE,
  parseDateline,
  parseDistrictHeading,
  parseAttribution,
  parseNamedHeadline,
  parseZoneHeading,
} from './headings'
import { detectWrapWidth, displayWidth, joinParagraphs } from './paragraphs'

export { firstDate } from './dates'

export type SectionKind = 'lead' | 'report' | 'closing'

export interface SplitSection {
  kind: SectionKind
  /** Index of the section's first line and how many lines it spans (line terminators included). */
  firstLine: number
  lineCount: number
  /** The district in the gazetteer's characters (玄武区 for a heading written 玄武區). */
  district: string | null
  /** The district as the heading wrote it. */
  districtWritten: string | null
  county: County | null
  headlineLines: string[]
  /** A headline the user set (a correction); the text keeps its own headline lines. */
  headlineOverride?: string
  paragraphs: string[]
  date: string | null
  /** Whether the date is the report's own ('text') or the document's standing in ('document'). */
  dateOrigin: 'text' | 'document' | 'user' | null
  /** MM-DD when the text gives a month and day but no year is known anywhere. */
  monthDay: string | null
  source: string | null
}

export interface SplitDocument {
  year: number | null
  /** The date the document states (publication), if it states one. */
  date: string | null
  source: string | null
  sections: SplitSection[]
}

/** What the format knows about the document besides its lines. */
export interface SplitHints {
  /** Lines the format marks as headings. */
  headingLines?: readonly number[]
  title?: string | null
  date?: string | null
  source?: string | null
  /** The year a user gave a file that states none. */
  year?: number | null
}

/** Splits text into lines that keep their terminators, so joining them gives the text back. */
export function splitLinesKeepingEnds(text: string): string[] {
  const lines: string[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 10 && c !== 13) continue
    const end = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1
    lines.push(text.slice(start, end))
    start = end
    i = end - 1
  }
  if (start < text.length) lines.push(text.slice(start))
  return lines
}

const stripEnd = (line: string): string => line.replace(/(?:\r\n|\r|\n)$/u, '')
const SENTENCE_PUNCTUATION = /[。！？；!?;]|\.(?:\s|$)/u
const MAX_HEADLINE_CHARS = 40
const MAX_INFO_LINE = 120

/** A short unpunctuated line; in a hard-wrapped file a line filling the wrap width is body text. */
function isHeadlineLike(line: string, wrapWidth: number | null): boolean {
  const t = line.trim()
  if (t === '' || [...t].length > MAX_HEADLINE_CHARS) return false
  if (SENTENCE_PUNCTUATION.test(t) || sourceOf(t) !== null) return false
  return wrapWidth === null || displayWidth(line.trimEnd()) < wrapWidth - 1
}

const SOURCE_LABELS = ['来源', '來源', '稿源', '消息来源', '信息来源', '供稿']
/** Where a source's name ends on an info line (2024-04-20 来源：镇江日报  作者：…). */
const SOURCE_END = /[\s\u3000|｜丨/／,，;；]|作者|编辑|记者|通讯员|发布时间|时间|浏览|阅读|字号/u
const OPENERS = new Set([...' \t\u3000（(【[〔「'])
const CLOSERS = new Set([...' \t\u3000）)】]〕」'])
/** A source name without the spaces and brackets around it. */
function trimBrackets(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && OPENERS.has(text[start]!)) start++
  while (end > start && CLOSERS.has(text[end - 1]!)) end--
  return text.slice(start, end)
}

/** The source named on a 来源 line (来源：南京日报, 2024-02-18 来源：扬州发布), or null. */
export function sourceOf(line: string): string | null {
  // A label is followed by a colon (most lines have none).
  if (!line.includes('：') && !line.includes(':')) return null
  const text = stripEnd(line)
  if (text.length > MAX_INFO_LINE) return null
  for (const label of SOURCE_LABELS) {
    const at = text.indexOf(label)
    if (at < 0) continue
    let rest = text.slice(at + label.length)
    let skipped = 0
    while (skipped < rest.length && (rest[skipped] === ' ' || rest[skipped] === '\u3000')) skipped++
    if (rest[skipped] !== ':' && rest[skipped] !== '：') continue
    rest = rest.slice(skipped + 1).replace(/^[\s\u3000]+/u, '')
    const end = SOURCE_END.exec(rest)
    const name = trimBrackets(end ? rest.slice(0, end.index) : rest)
    if (name !== '') return name
  }
  return null
}

/** The source named on the first 来源 line of these, or null. */
function firstSource(lines: readonly string[]): string | null {
  for (const line of lines) {
    const source = sourceOf(line)
    if (source !== null) return source
  }
  return null
}

/**
 * The document's source: the 来源 line of its lead, or its only 来源 line wherever it stands. Where
 * several reports have one each, a report without its own takes none of theirs.
 */
function documentSourceOf(bare: readonly string[], headEnd: number): string | null {
  const lead = firstSource(bare.slice(0, headEnd))
  if (lead !== null) return lead
  let only: string | null = null
  for (const line of bare) {
    const source = sourceOf(line)
    if (source === null) continue
    if (only !== null && source !== only) return null
    only = source
  }
  return only
}

interface Heading {
  line: number
  /** The section starts here (a date header line just above the heading belongs to it). */
  start: number
  written: string
  /** Null for a zone the division codes do not list (徐州高新区: withZones). */
  county: County | null
  rest: string
  /**
   * Whether a news dateline opened it (丰县讯 …), or a paragraph with its county at its end
   * (attributedReports), rather than a heading line: either way its line is its first paragraph.
   */
  dateline: boolean
  /** A dateline with no place (本报讯): its county is the first its sentence names. */
  anonymous: boolean
  /** A date the heading line gives beside the name ('' when none): it dates the report. */
  dated: string
  /** Written under its city (徐州市鼓楼区): its namesake is settled. */
  placed: boolean
}

/** How often the text names a city (namesakes go to the city it names most), each count made once. */
function cityMentionsIn(text: string): (city: string) => number {
  const mentions = new Map<string, number>()
  return (city) => {
    if (city.length < 2) return 0
    let n = mentions.get(city)
    if (n === undefined) {
      n = text.split(city).length - 1
      mentions.set(city, n)
    }
    return n
  }
}

/** A heading at line `line` from what its parser matched; the fields no parser sets, as for most. */
function headingAt(
  line: number,
  match: { written: string; county: County | null; rest: string; dated?: string; placed?: boolean },
  kind: { start?: number; dateline?: boolean; anonymous?: boolean } = {}
): Heading {
  return {
    line,
    start: kind.start ?? line,
    written: match.written,
    county: match.county,
    rest: match.rest,
    dateline: kind.dateline ?? false,
    anonymous: kind.anonymous ?? false,
    dated: match.dated ?? '',
    placed: match.placed ?? false,
  }
}

function findHeadings(
  bare: readonly string[],
  text: string,
  hinted: ReadonlySet<number>
): { headings: Heading[]; dateHeaders: Map<number, { month: number; day: number; year: number | null }> } {
  const cityMentions = cityMentionsIn(text)
  let lastNonEmpty = -1
  for (let i = bare.length - 1; i >= 0; i--)
    if ((bare[i] as string).trim() !== '') {
      lastNonEmpty = i
      break
    }
  const headings: Heading[] = []
  const dateHeaders = new Map<number, { month: number; day: number; year: number | null }>()
  let previousContent = -1
  for (let i = 0; i < bare.length; i++) {
    const line = bare[i] as string
    if (line.trim() === '') continue
    const header = line.length <= 30 ? dateHeaderOf(line) : null
    if (header) dateHeaders.set(i, header)
    const heading =
      line.length <= MAX_HEADING_LINE ? parseDistrictHeading(line, cityMentions, hinted.has(i)) : null
    const dateline = heading ? null : parseDateline(line, cityMentions)
    const match =
      heading ??
      (dateline && !opensReport(headings.at(-1), i, bare) ? dateline : null) ??
      (dateline === null && previousContent >= 0 && headsReport(bare, i)
        ? parseNamedHeadline(line, cityMentions)
        : null)
    // A bare name needs text after it; a heading with a headline on its line carries its own.
    if (match && (match.rest !== '' || i < lastNonEmpty)) {
      const start = previousContent >= 0 && dateHeaders.has(previousContent) ? previousContent : i
      headings.push(
        headingAt(i, match, { start, dateline: dateline !== null, anonymous: dateline?.anonymous ?? false })
      )
    }
    previousContent = i
  }
  if (headings.length === 0) {
    const attributed = attributedReports(bare, cityMentions)
    if (attributed.length >= 2) return { headings: withSiblingCities(attributed, cityMentions), dateHeaders }
  }
  // 本报讯 names no place: it starts a report only where the others open with datelines that do.
  const named = headings.some((h) => h.dateline && !h.anonymous)
  const kept = withoutContents(named ? headings : headings.filter((h) => !h.anonymous), bare)
  return { headings: withZones(withSiblingCities(kept, cityMentions), bare), dateHeaders }
}

/**
 * A document of no district heading whose paragraphs are whole reports, each with its county in
 * brackets at its end (工作动态: 鼓楼区召开…。4月10日，…。（鼓楼区）): each such paragraph is a report
 * (parseAttribution), its line its first paragraph as a dateline's is. The caller takes them only
 * when there are two or more.
 */
function attributedReports(bare: readonly string[], cityMentions: (city: string) => number): Heading[] {
  const found: Heading[] = []
  bare.forEach((line, i) => {
    const match = parseAttribution(line, cityMentions)
    if (match) found.push(headingAt(i, match, { dateline: true }))
  })
  return found
}

/**
 * Zones a city runs like districts (徐州高新区, 淮海国际港务区) are missing from the division codes,
 * so their reports ran into the report above them. Among two or more county headings, a line that
 * names only a zone (parseZoneHeading) heads a report of its own when it stands where a heading
 * does: after a blank line, a 来源 line or a paragraph (never among a heading's headline lines:
 * 沛县 / 兔年新春 / 沛县经济开发区 / …), with text after it. Its district is the zone's name as
 * written, with no county code.
 */
function withZones(headings: Heading[], bare: readonly string[]): Heading[] {
  if (headings.filter((h) => h.county !== null).length < 2) return headings
  const taken = new Set(headings.map((h) => h.line))
  const zones: Heading[] = []
  for (let i = (headings[0] as Heading).line + 1; i < bare.length; i++) {
    const line = bare[i] as string
    if (taken.has(i) || line.trim() === '') continue
    const zone = parseZoneHeading(line)
    if (!zone) continue
    const above = (bare[i - 1] as string).trim()
    const inPlace = above === '' || isInfoLine(above) || !isHeadlineLike(above, null)
    let below = i + 1
    while (below < bare.length && (bare[below] as string).trim() === '') below++
    if (!inPlace || below >= bare.length || taken.has(below)) continue
    zones.push(headingAt(i, { ...zone, county: null }))
  }
  return zones.length === 0 ? headings : [...headings, ...zones].sort((a, b) => a.line - b.line)
}

/**
 * Namesakes (鼓楼区 is in Nanjing, Xuzhou, Fuzhou and Kaifeng) that the text's mentions of a city
 * do not settle go to the city of the document's other districts, those with only one county of
 * their name (泉山区, 沛县: Xuzhou). A city the text names still comes first.
 */
function withSiblingCities(headings: Heading[], cityMentions: (city: string) => number): Heading[] {
  const sure = new Map<string, number>()
  const ambiguous = new Set<Heading>()
  for (const h of headings) {
    if (!h.placed && countiesNamed(normalizeForSearch(h.written)).length > 1) ambiguous.add(h)
    else {
      if (!h.county) continue
      const city = shortCountyName(h.county.city)
      sure.set(city, (sure.get(city) ?? 0) + 1)
    }
  }
  if (ambiguous.size === 0 || sure.size === 0) return headings
  const weighed = (city: string): number => cityMentions(city) * 1000 + (sure.get(city) ?? 0)
  return headings.map((h) => {
    if (!ambiguous.has(h)) return h
    const county = lookupCounty(normalizeForSearch(h.written), weighed)
    return county ? { ...h, county } : h
  })
}

/** A whole line in brackets that gives a date: a byline (（鼓楼区融媒体中心 2024-03-02）). */
const BYLINE = /^[（(][^（()）]{2,60}[）)]$/u

/**
 * Whether the next line with text under `line` says a report starts at it: a 来源 line, or a
 * byline in brackets with a date (鼓楼区召开数字经济发展大会 / 来源：鼓楼区人民政府).
 */
function headsReport(bare: readonly string[], line: number): boolean {
  for (let i = line + 1; i < bare.length && i <= line + 2; i++) {
    const next = (bare[i] as string).trim()
    if (next === '') continue
    return sourceOf(next) !== null || (BYLINE.test(next) && datesIn(next).length > 0)
  }
  return false
}

/**
 * Whether a heading's own line holds its report's first paragraph: a dateline's line does, and so
 * may the text after a name (宿城区：3月19日，…).
 */
const hasOwnText = (h: Heading): boolean => h.dateline || (h.rest !== '' && !isHeadlineLike(h.rest, null))

/**
 * Whether a dateline at `line` is the first paragraph of the report the heading above it opens
 * (靖江市 / its headline / 本报讯 5日，…): nothing but its headline stands between them.
 */
function opensReport(above: Heading | undefined, line: number, bare: readonly string[]): boolean {
  if (!above || hasOwnText(above)) return false
  for (let i = above.line + 1; i < line; i++) {
    const text = bare[i] as string
    if (text.trim() !== '' && !isHeadlineLike(text, null) && !isInfoLine(text)) return false
  }
  return true
}

/**
 * A table of contents (目录) lists the reports before they come: a heading with nothing under it
 * (the next heading follows it, or blank lines) whose county heads a report with text later is one
 * of its entries, and stays in the text around it (the lead) instead of making an empty report.
 */
function withoutContents(headings: Heading[], bare: readonly string[]): Heading[] {
  const empty = headings.map((h, n) => {
    const next = headings[n + 1]
    if (!next || hasOwnText(h)) return false
    for (let i = h.line + 1; i < next.start; i++) if ((bare[i] as string).trim() !== '') return false
    return true
  })
  const laterWithText = new Set<string>()
  const entries = new Set<number>()
  for (let n = headings.length - 1; n >= 0; n--) {
    const code = (headings[n] as Heading).county?.code ?? (headings[n] as Heading).written
    if (!empty[n]) laterWithText.add(code)
    else if (laterWithText.has(code)) entries.add(n)
  }
  return entries.size === 0 ? headings : headings.filter((_, n) => !entries.has(n))
}

export function splitDistrictReports(text: string, hints: SplitHints = {}): SplitDocument {
  const lines = splitLinesKeepingEnds(text)
  const bare = lines.map(stripEnd)
  const wrapWidth = detectWrapWidth(bare)
  const { headings, dateHeaders } = findHeadings(bare, text, new Set(hints.headingLines ?? []))
  const headEnd = headings[0]?.start ?? Math.min(bare.length, 12)
  const stated = documentDate(hints.date ?? null, hints.title ?? null, bare.slice(0, headEnd))
  const doc = stated.year === null && hints.year ? { date: null, year: hints.year } : stated
  const documentSource = hints.source ?? documentSourceOf(bare, headEnd)

  if (headings.length === 0) {
    const whole = wholeDocument(bare, doc, documentSource, wrapWidth, hints.title ?? null, text)
    return { year: doc.year, date: doc.date, source: documentSource, sections: [whole] }
  }

  const sections: SplitSection[] = []
  const first = headings[0] as Heading
  if (first.start > 0) sections.push(plainSection('lead', 0, first.start, bare, wrapWidth))
  let dayOfGroup: DocumentDate | null = null
  headings.forEach((h, n) => {
    const next = headings[n + 1]
    let end = next ? next.start : lines.length
    let closingStart: number | null = null
    if (!next) {
      closingStart = findClosingStart(bare, h.line + 1, end, wrapWidth)
      if (closingStart !== null) end = closingStart
    }
    const header = dateHeaders.get(h.start)
    if (header && h.start !== h.line) {
      const year = header.year ?? doc.year
      dayOfGroup = year === null ? null : { date: isoFrom(year, header.month, header.day), year }
    }
    sections.push(reportSection(h, end, bare, dayOfGroup ?? doc, documentSource, wrapWidth))
    if (closingStart !== null)
      sections.push(plainSection('closing', closingStart, lines.length, bare, wrapWidth))
  })
  return { year: doc.year, date: doc.date, source: documentSource, sections }
}

const isoFrom = (year: number, month: number, day: number): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`

/**
 * After the last report's body, a run of short unpunctuated lines (and a 来源 line) that ends the
 * file is the document's closing, not part of that report.
 */
function findClosingStart(
  bare: string[],
  from: number,
  end: number,
  wrapWidth: number | null
): number | null {
  let lastBody = -1
  let i = from
  while (i < end && (bare[i]?.trim() === '' || isHeadlineLike(bare[i] as string, wrapWidth))) i++
  for (; i < end; i++)
    if (!isHeadlineLike(bare[i] as string, wrapWidth) && sourceOf(bare[i] as string) === null) {
      if ((bare[i] as string).trim() !== '') lastBody = i
    }
  if (lastBody < 0) return null
  let start = lastBody + 1
  while (start < end && (bare[start] as string).trim() === '') start++
  const tail = bare.slice(start, end)
  const hasClosingText = tail.some((l) => l.trim() !== '' && sourceOf(l) === null)
  return hasClosingText ? start : null
}

/**
 * A page's publication line: 发布时间：2024-03-08 10:20 (a 来源 after it is sourceOf's). Not a bare
 * 时间：: an event notice in a report (时间：3月5日上午9点 地点：…) is its text.
 */
const PUBLISHED = /^\s*(?:发布|发表|更新|录入)(?:时间|日期)\s*[:：]/u

/** Lines of a report body that are not its text: 来源 and publication lines, date headers. */
function isInfoLine(line: string): boolean {
  return (
    sourceOf(line) !== null ||
    dateHeaderOf(line) !== null ||
    (line.length <= 80 && PUBLISHED.test(line) && datesIn(line).length > 0)
  )
}

function reportSection(
  heading: Heading,
  end: number,
  bare: string[],
  doc: DocumentDate,
  documentSource: string | null,
  wrapWidth: number | null
): SplitSection {
  let i = heading.line + 1
  const headlineLines: string[] = []
  const leading: string[] = []
  if (heading.rest !== '') {
    if (isHeadlineLike(heading.rest, null) && datesIn(heading.rest).length === 0)
      headlineLines.push(heading.rest)
    else leading.push(heading.rest)
  }
  while (leading.length === 0 && i < end) {
    const line = bare[i] as string
    if (line.trim() === '') {
      if (headlineLines.length > 0) break
      i++
      continue
    }
    if (isInfoLine(line)) {
      i++
      continue
    }
    if (!isHeadlineLike(line, wrapWidth) || datesIn(line).length > 0) break
    headlineLines.push(line.trim())
    i++
  }
  const bodyLines = bare.slice(i, end)
  // Its own 来源 line may stand under the headline, before the text.
  const ownSource = firstSource(bare.slice(heading.line + 1, end))
  const paragraphs = [
    ...leading,
    ...joinParagraphs(
      bodyLines.filter((l) => !isInfoLine(l)),
      wrapWidth
    ),
  ]
  const dated = reportDate(
    [heading.dated, ...headlineLines].filter((l) => l !== '').join('\n'),
    paragraphs,
    doc
  )
  return {
    kind: 'report',
    firstLine: heading.start,
    lineCount: end - heading.start,
    district: normalizeForSearch(heading.written),
    districtWritten: heading.written,
    county: heading.county,
    headlineLines,
    paragraphs,
    date: dated.date,
    dateOrigin: dated.origin,
    monthDay: dated.monthDay,
    source: ownSource ?? documentSource,
  }
}

function plainSection(
  kind: SectionKind,
  start: number,
  end: number,
  bare: string[],
  wrapWidth: number | null
): SplitSection {
  return {
    kind,
    firstLine: start,
    lineCount: end - start,
    district: null,
    districtWritten: null,
    county: null,
    headlineLines: [],
    paragraphs: joinParagraphs(bare.slice(start, end), wrapWidth),
    date: null,
    dateOrigin: null,
    monthDay: null,
    source: null,
  }
}

/** A file without district headings is one report: its leading short lines are the headline. */
function wholeDocument(
  bare: string[],
  doc: DocumentDate,
  source: string | null,
  wrapWidth: number | null,
  title: string | null,
  text: string
): SplitSection {
  let i = 0
  while (i < bare.length && (bare[i] as string).trim() === '') i++
  const headlineLines: string[] = []
  // As under a heading: a page's info lines (发布时间, 来源) are not its headline or its text, and
  // a line with a date is text.
  while (i < bare.length && headlineLines.length < 4) {
    const line = bare[i] as string
    if (isInfoLine(line) && line.trim() !== '') {
      i++
      continue
    }
    if (!isHeadlineLike(line, wrapWidth) || datesIn(line).length > 0) break
    headlineLines.push(line.trim())
    i++
  }
  const body = bare.slice(i)
  const paragraphs = joinParagraphs(
    body.filter((l) => !isInfoLine(l)),
    wrapWidth
  )
  const dated = reportDate(headlineLines.join('\n'), paragraphs, doc)
  const headline = headlineLines[0] ?? titleSentence(paragraphs)
  const place = countyOfPage({ headline, title, source }, cityMentionsIn(text))
  return {
    kind: 'report',
    firstLine: 0,
    lineCount: bare.length,
    district: place ? normalizeForSearch(place.written) : null,
    districtWritten: place?.written ?? null,
    county: place?.county ?? null,
    headlineLines,
    paragraphs,
    date: dated.date,
    dateOrigin: dated.origin,
    monthDay: dated.monthDay,
    source,
  }
}

/** How a news lead opens after its title sentence: a date, or words that stand for one. */
const LEAD_OPENER = /^(?:近日|日前|近期|连日来|今年以来|年初以来|昨天|昨日|今天|今日|本周|上周|当天|本报讯)/u

/**
 * A bulletin's report often has no headline line: its first sentence is the title, and the news
 * lead follows on the same line (【鼓楼】鼓楼区召开招商推进会。3月5日，区委书记…). That sentence is
 * the report's headline when it is short, holds no date, and what follows it opens as a lead does
 * (a date, 近日, 今年以来 …). The text itself is not changed.
 */
export function titleSentence(paragraphs: readonly string[]): string {
  const first = paragraphs[0] ?? ''
  const end = first.search(/[。！]/u)
  if (end < 6 || end > 40) return ''
  const sentence = first.slice(0, end).trim()
  const rest = first.slice(end + 1).trimStart()
  if (sentence.length < 6 || rest.length < 10 || datesIn(sentence).length > 0) return ''
  const opensWithDate = datesIn(rest.slice(0, 24))[0]?.index === 0
  return opensWithDate || LEAD_OPENER.test(rest) ? sentence : ''
}

/** A report's headline: the user's, its headline lines, or its title sentence (titleSentence). */
export function headlineOf(
  section: Pick<SplitSection, 'kind' | 'headlineLines' | 'paragraphs' | 'headlineOverride'>
): string {
  if (section.headlineOverride !== undefined) return section.headlineOverride
  if (section.headlineLines.length > 0) return section.headlineLines.join(' / ')
  return section.kind === 'report' ? titleSentence(section.paragraphs) : ''
}

/** The text a reader shows for a section: headline lines, then paragraphs, one per line. */
export function displayText(section: Pick<SplitSection, 'headlineLines' | 'paragraphs'>): string {
  return [...section.headlineLines, ...section.paragraphs].join('\n')
}
