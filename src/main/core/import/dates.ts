/**
 * Dates as roundups write them: 1月26日, 2024年2月18日, 2024-02-18, 2024/2/18, 2024.02.18,
 * full-width digits, Chinese numerals (二〇二四年三月五日), a day alone at the start of a report
 * (18日，…) and ranges (5月1日至5日, which take their first day). A report's year comes from its own
 * text next to the date or from the date the document states (metadata, title, info line, a year
 * at the head of the lead), never from a year mentioned in passing (回顾2019年以来, 表彰2022年度).
 * Without any year a month-day date is kept apart as year-unknown (its month and day, no date).
 *
 * Every pattern is linear: bounded repetitions, no nested quantifiers.
 */

import { asciiDigits, CN_DIGIT } from '../numerals'

export interface FoundDate {
  index: number
  year: number | null
  month: number
  day: number
}

/** 五 → 5, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31. */
function cnNumber(text: string): number {
  const ten = text.indexOf('十')
  if (ten < 0) return CN_DIGIT[text] ?? Number.NaN
  const tens = ten === 0 ? 1 : (CN_DIGIT[text.slice(0, ten)] ?? Number.NaN)
  const ones = ten === text.length - 1 ? 0 : (CN_DIGIT[text.slice(ten + 1)] ?? Number.NaN)
  return tens * 10 + ones
}

const NUMERIC =
  /(?<!\d)((?:19|20)\d{2})(?:[ \t]{0,2}年[ \t]{0,2}(\d{1,2})[ \t]{0,2}月[ \t]{0,2}(\d{1,2})[ \t]{0,2}[日号]?|-(\d{1,2})-(\d{1,2})|\/(\d{1,2})\/(\d{1,2})|\.(\d{1,2})\.(\d{1,2}))(?!\d)|(?<![\d年])(\d{1,2})[ \t]{0,2}月[ \t]{0,2}(\d{1,2})[ \t]{0,2}[日号]/gu
const CHINESE =
  /(?:([〇零一二三四五六七八九]{4})年)?([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]/gu

function valid(year: number | null, month: number, day: number): boolean {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return false
  const d = new Date(Date.UTC(year ?? 2000, month - 1, day)) // 2000 is a leap year: 2月29日 passes
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

/** Every date in the text, in order of position. */
export function datesIn(raw: string): FoundDate[] {
  const text = asciiDigits(raw)
  // Every date has a digit or 月 (most lines have neither).
  if (!/[0-9月]/u.test(text)) return []
  const found: FoundDate[] = []
  for (const m of text.matchAll(NUMERIC)) {
    const year = m[1] ? Number(m[1]) : null
    const month = Number(m[2] ?? m[4] ?? m[6] ?? m[8] ?? m[10])
    const day = Number(m[3] ?? m[5] ?? m[7] ?? m[9] ?? m[11])
    if (valid(year, month, day)) found.push({ index: m.index, year, month, day })
  }
  for (const m of text.matchAll(CHINESE)) {
    const year = m[1] ? Number([...m[1]].map((c) => CN_DIGIT[c]).join('')) : null
    const month = cnNumber(m[2] ?? '')
    const day = cnNumber(m[3] ?? '')
    if (valid(year, month, day)) found.push({ index: m.index, year, month, day })
  }
  return found.sort((a, b) => a.index - b.index)
}

const pad = (n: number): string => String(n).padStart(2, '0')

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`
}

/** 18日，… or 本报讯 18日… at the start of a report's first paragraph: the day of the document's month. */
const DAY_AT_START =
  /^(?:[^\d，。,]{0,16}讯[\s\u3000：:]{0,3})?(?:[（(][^）)]{0,30}[）)][\s\u3000]{0,3})?(\d{1,2})日(?![\d])/u

export interface DocumentDate {
  /** A full date the document states (publication), or null. */
  date: string | null
  /** The year the document states (from its date, or a year at the head of its lead). */
  year: number | null
}

/** A year followed by these words is a mention (since, annual, end of…), not the document's year. */
const YEAR_ALONE =
  /(?<![\d至到—~～-])((?:19|20)\d{2})[ \t]{0,2}年(?!以来|以前|以后|度|底|末|初|前|后|间|内|至|到|起|-|—|～|~|、|和|与|及)/u

/**
 * The date a document states: from metadata, else a full date in the title or in the lines
 * before the first report (the info line: 2024-02-18 来源：…), else a year at the head of the lead
 * (2023年，是…开局之年). `headLines` are the lines before the first district heading.
 */
export function documentDate(
  metaDate: string | null,
  title: string | null,
  headLines: readonly string[]
): DocumentDate {
  if (metaDate) return { date: metaDate, year: Number(metaDate.slice(0, 4)) }
  for (const text of [title ?? '', ...headLines.slice(0, 12)]) {
    const full = datesIn(text.slice(0, 400)).find((d) => d.year !== null)
    if (full?.year) return { date: isoDate(full.year, full.month, full.day), year: full.year }
  }
  for (const line of headLines.slice(0, 12)) {
    const m = YEAR_ALONE.exec(asciiDigits(line.slice(0, 400)))
    if (m) return { date: null, year: Number(m[1]) }
  }
  return { date: null, year: null }
}

export interface ReportDate {
  date: string | null
  /** 'text': the report's own text says it; 'document': the document's date stands in for it. */
  origin: 'text' | 'document' | null
  /** A month and day (MM-DD) the text gives when no year is known: the date is then year-unknown. */
  monthDay: string | null
}

/** The first date in a text as an ISO date, its year from the text or else `documentYear`. */
export function firstDate(text: string, documentYear: number | null): string | null {
  for (const found of datesIn(text.slice(0, 4000))) {
    const year = found.year ?? documentYear
    if (year === null) return null
    if (valid(year, found.month, found.day)) return isoDate(year, found.month, found.day)
  }
  return null
}

/**
 * A report's date: the first date in its headline or body (its year from the text next to it, or
 * the document's), a day alone at the start of its first paragraph, or else the document's own
 * full date. A month-day date without any known year gives `monthDay` and no date.
 */
export function reportDate(headline: string, paragraphs: readonly string[], doc: DocumentDate): ReportDate {
  const text = [headline, ...paragraphs.slice(0, 6)].join('\n').slice(0, 4000)
  let yearUnknown: string | null = null
  for (const found of datesIn(text)) {
    let year = found.year ?? doc.year
    // A roundup published in January reports December's events of the year before.
    if (found.year === null && year !== null && doc.date && found.month - Number(doc.date.slice(5, 7)) > 6)
      year--
    if (year === null) {
      yearUnknown ??= `${pad(found.month)}-${pad(found.day)}`
      continue
    }
    if (!valid(year, found.month, found.day)) continue // 2月29日 in a year that has none
    return { date: isoDate(year, found.month, found.day), origin: 'text', monthDay: null }
  }
  if (yearUnknown) return { date: null, origin: null, monthDay: yearUnknown }
  const dayOnly = DAY_AT_START.exec(asciiDigits(paragraphs[0] ?? ''))
  if (dayOnly && doc.date) {
    const day = Number(dayOnly[1])
    const year = Number(doc.date.slice(0, 4))
    const month = Number(doc.date.slice(5, 7))
    if (valid(year, month, day)) return { date: isoDate(year, month, day), origin: 'text', monthDay: null }
  }
  if (doc.date) return { date: doc.date, origin: 'document', monthDay: null }
  return { date: null, origin: null, monthDay: null }
}

/** A line that is only a date (2月18日, 【2024年2月18日 星期日】): it dates the reports below it. */
const WEEKDAY = /^(?:星期|周|禮拜|礼拜)[一二三四五六日天]$/u
export function dateHeaderOf(line: string): { month: number; day: number; year: number | null } | null {
  const t = asciiDigits(line.trim())
  if (t.length === 0 || t.length > 30) return null
  const [found] = datesIn(t)
  if (!found) return null
  // Dashes go after the dates (2024-02-18 is one).
  const rest = t
    .replace(/[\s\u3000【】〔〕[\]（）()：:]/gu, '')
    .replace(
      /^\d{4}年|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}月\d{1,2}[日号]|[〇零一二三四五六七八九十]{1,4}年?[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]/gu,
      ''
    )
    .replace(/[—-]/gu, '')
  return rest === '' || WEEKDAY.test(rest) ? found : null
}
