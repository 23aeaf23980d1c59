/**
 * Splits a roundup into sections: the lead, one report per district heading, and the closing.
 * Every line of the text belongs to exactly one section, so the text can be rebuilt from them.
 */
import { matchDistrictHeading, type County } from './districts'
import { detectWrapWidth, displayWidth, joinParagraphs } from './paragraphs'

export type SectionKind = 'lead' | 'report' | 'closing'

export interface SplitSection {
  kind: SectionKind
  /** Index of the section's first line and how many lines it spans (line terminators included). */
  firstLine: number
  lineCount: number
  district: string | null
  county: County | null
  headlineLines: string[]
  paragraphs: string[]
  date: string | null
  source: string | null
}

export interface SplitDocument {
  year: number | null
  source: string | null
  sections: SplitSection[]
}

/** Splits text into lines that keep their terminators, so joining them gives the text back. */
export function splitLinesKeepingEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/gu) ?? []
}

const stripEnd = (line: string): string => line.replace(/(?:\r\n|\r|\n)$/u, '')
const SENTENCE_PUNCTUATION = /[。！？；!?;]|\.(?:\s|$)/u
const SOURCE_LINE = /^[\s\u3000（(【[]*(?:来源|來源|稿源)\s*[:：]\s*(.+?)[\s\u3000）)】\]]*$/u
const MONTH_DAY = /(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/gu
const YEAR = /((?:19|20)\d{2})\s*年/u
const MAX_HEADLINE_CHARS = 40

/** A short unpunctuated line; in a hard-wrapped file a line filling the wrap width is body text. */
function isHeadlineLike(line: string, wrapWidth: number | null): boolean {
  const t = line.trim()
  if (t === '' || [...t].length > MAX_HEADLINE_CHARS) return false
  if (SENTENCE_PUNCTUATION.test(t) || SOURCE_LINE.test(t)) return false
  return wrapWidth === null || displayWidth(line.trimEnd()) < wrapWidth - 1
}

export function sourceOf(line: string): string | null {
  const m = SOURCE_LINE.exec(stripEnd(line))
  return m?.[1]?.trim() || null
}

/** Full-width digits (２０２３年１月２６日, common in GB-encoded text) as ASCII ones. */
const asciiDigits = (text: string): string =>
  text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))

/** The first valid M月D日 in the text as an ISO date; the year comes from the text or the document. */
export function firstDate(text: string, documentYear: number | null): string | null {
  for (const m of asciiDigits(text).matchAll(MONTH_DAY)) {
    const year = m[1] ? Number(m[1]) : documentYear
    const month = Number(m[2])
    const day = Number(m[3])
    if (year === null) return null
    const d = new Date(Date.UTC(year, month - 1, day))
    if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) continue
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  }
  return null
}

export function splitDistrictReports(text: string): SplitDocument {
  const lines = splitLinesKeepingEnds(text)
  const bare = lines.map(stripEnd)
  const yearMatch = YEAR.exec(asciiDigits(text))
  const year = yearMatch ? Number(yearMatch[1]) : null
  const documentSource = bare.map(sourceOf).find((s) => s !== null) ?? null
  const mentions = new Map<string, number>()
  const cityMentions = (city: string): number => {
    if (city.length < 2) return 0
    let n = mentions.get(city)
    if (n === undefined) {
      n = text.split(city).length - 1
      mentions.set(city, n)
    }
    return n
  }

  const headings: { line: number; district: string; county: County }[] = []
  for (let i = 0; i < bare.length - 1; i++) {
    const line = bare[i] as string
    const match = matchDistrictHeading(line.trim(), cityMentions)
    if (match && bare.slice(i + 1).some((l) => l.trim() !== '')) {
      headings.push({ line: i, district: match.written, county: match.county })
    }
  }

  const wrapWidth = detectWrapWidth(bare)
  if (headings.length === 0) {
    return { year, source: documentSource, sections: [wholeDocument(bare, year, documentSource, wrapWidth)] }
  }

  const sections: SplitSection[] = []
  const first = headings[0] as (typeof headings)[number]
  if (first.line > 0) sections.push(plainSection('lead', 0, first.line, bare, wrapWidth))
  headings.forEach((h, n) => {
    const next = headings[n + 1]
    let end = next ? next.line : lines.length
    let closingStart: number | null = null
    if (!next) {
      closingStart = findClosingStart(bare, h.line + 1, end, wrapWidth)
      if (closingStart !== null) end = closingStart
    }
    sections.push(reportSection(h, end, bare, year, documentSource, wrapWidth))
    if (closingStart !== null)
      sections.push(plainSection('closing', closingStart, lines.length, bare, wrapWidth))
  })
  return { year, source: documentSource, sections }
}

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

function reportSection(
  heading: { line: number; district: string; county: County },
  end: number,
  bare: string[],
  year: number | null,
  documentSource: string | null,
  wrapWidth: number | null
): SplitSection {
  let i = heading.line + 1
  const headlineLines: string[] = []
  while (i < end) {
    const line = bare[i] as string
    if (line.trim() === '') {
      if (headlineLines.length > 0) break
      i++
      continue
    }
    if (!isHeadlineLike(line, wrapWidth) || firstDate(line, year ?? 2000) !== null) break
    headlineLines.push(line.trim())
    i++
  }
  const bodyLines = bare.slice(i, end)
  const ownSource = bodyLines.map(sourceOf).find((s) => s !== null) ?? null
  const paragraphs = joinParagraphs(
    bodyLines.filter((l) => sourceOf(l) === null),
    wrapWidth
  )
  return {
    kind: 'report',
    firstLine: heading.line,
    lineCount: end - heading.line,
    district: heading.district,
    county: heading.county,
    headlineLines,
    paragraphs,
    date: firstDate([...headlineLines, ...paragraphs].join('\n'), year),
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
    county: null,
    headlineLines: [],
    paragraphs: joinParagraphs(bare.slice(start, end), wrapWidth),
    date: null,
    source: null,
  }
}

/** A file without district headings is one report: its leading short lines are the headline. */
function wholeDocument(
  bare: string[],
  year: number | null,
  source: string | null,
  wrapWidth: number | null
): SplitSection {
  let i = 0
  while (i < bare.length && (bare[i] as string).trim() === '') i++
  const headlineLines: string[] = []
  while (i < bare.length && headlineLines.length < 4 && isHeadlineLike(bare[i] as string, wrapWidth)) {
    headlineLines.push((bare[i] as string).trim())
    i++
  }
  const body = bare.slice(i)
  const paragraphs = joinParagraphs(
    body.filter((l) => sourceOf(l) === null),
    wrapWidth
  )
  return {
    kind: 'report',
    firstLine: 0,
    lineCount: bare.length,
    district: null,
    county: null,
    headlineLines,
    paragraphs,
    date: firstDate([...headlineLines, ...paragraphs].join('\n'), year),
    source,
  }
}

/** The text a reader shows for a report: headline lines, then paragraphs, one per line. */
export function displayText(section: Pick<SplitSection, 'headlineLines' | 'paragraphs'>): string {
  return [...section.headlineLines, ...section.paragraphs].join('\n')
}
