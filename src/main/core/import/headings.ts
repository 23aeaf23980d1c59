/**
 * District headings as roundups really write them: a county name, full or short, in simplified or
 * traditional characters, with the usual decorations (numbering 一、 （一） 1. 1、 第一, brackets
 * 【】 〔〕 [] （）, bullets ◆ ■ ● ▲ ★ ▌ •, a trailing colon) and possibly a headline or the first
 * sentence on the same line (沭阳县：总投资…, 【广陵区】以…). A body sentence that merely starts
 * with a district name (睢宁县召开…) is not a heading: after the name there must be the end of the
 * line, a closing bracket or a separator.
 *
 * Every pattern here is anchored and free of nested quantifiers (linear time); lines longer than
 * MAX_HEADING_LINE are never headings, so no heuristic reads far into a long line.
 */
import { normalizeForSearch } from '../search/normalize'
import { isCountyName, lookupCounty, startsCountyName, type County } from './districts'

export interface HeadingMatch {
  /** The name as written in the text (睢宁, 玄武區). */
  written: string
  county: County
  /** Text on the same line after the name and its separator (a headline or a first sentence). */
  rest: string
  /** Whether numbering, a bullet or brackets decorated the name. */
  decorated: boolean
}

/** Longer lines are body text, never headings. */
export const MAX_HEADING_LINE = 160
const MAX_NAME = 20

const BULLETS = /^[◆◇■□●○▲△▶►▸▪▫★☆▌▍▎▐•·◎❖➤→※#＃*＊>》-]{1,4}[\s\u3000]*/u
const CJK_NUMERAL = '一二三四五六七八九十百零〇两'
const NUMBERING = new RegExp(
  [
    `^第[${CJK_NUMERAL}\\d]{1,4}[站部篇章节个]?[、，,.．:：\\s\\u3000]*`,
    `^[${CJK_NUMERAL}]{1,3}[、，.．:：]\\s*`,
    `^[（(][${CJK_NUMERAL}\\d]{1,3}[）)][、.．\\s\\u3000]*`,
    '^\\d{1,3}(?:[、）)]|[.．](?!\\d))[\\s\\u3000]*',
    '^[①-⑳⑴-⒇⒈-⒛㈠-㈩][、.．\\s\\u3000]*',
  ].join('|'),
  'u'
)
const OPEN_TO_CLOSE: Record<string, string> = {
  '【': '】',
  '〔': '〕',
  '[': ']',
  '［': '］',
  '（': '）',
  '(': ')',
  '「': '」',
  '『': '』',
  '《': '》',
  '〖': '〗',
}
/** What may stand between the name and a headline on the same line. */
const SEPARATOR = /^(?:[:：|｜丨/／·•]|——|—|－－|--|-|－|~|～)[\s\u3000]*/u
const SPACE = /^[\s\u3000]+/u
const SENTENCE_PUNCTUATION = /[。！？；!?;，,]/u

function stripDecorations(line: string): { text: string; decorated: boolean } {
  let text = line
  let decorated = false
  for (let round = 0; round < 3; round++) {
    const m = BULLETS.exec(text) ?? NUMBERING.exec(text)
    if (!m || m[0] === '') break
    text = text.slice(m[0].length)
    decorated = true
  }
  return { text, decorated }
}

/** The county a name denotes, matched in simplified form (區 → 区). */
function countyOf(name: string, cityMentions: (city: string) => number): County | null {
  if ([...name].length < 2 || name.length > MAX_NAME) return null
  return lookupCounty(normalizeForSearch(name), cityMentions)
}

/**
 * The longest county name at the start of `text` that the gazetteer knows, read one character at
 * a time (normalisation is character by character) and given up at the first one that no name
 * continues with: most lines are not headings, and are left after a character or two. Names are
 * 2 to MAX_NAME characters, as countyOf requires; the longest is looked up by the normalised form
 * already made here.
 */
function countyAtStart(
  text: string,
  cityMentions: (city: string) => number
): { written: string; county: County } | null {
  let read = ''
  let normalized = ''
  let longest: { written: string; key: string } | null = null
  let count = 0
  for (const ch of text) {
    if (++count > MAX_NAME) break
    read += ch
    normalized += normalizeForSearch(ch)
    if (!startsCountyName(normalized)) break
    if (count >= 2 && read.length <= MAX_NAME && isCountyName(normalized))
      longest = { written: read, key: normalized }
  }
  if (!longest) return null
  const county = lookupCounty(longest.key, cityMentions)
  return county ? { written: longest.written, county } : null
}

/**
 * Parses a line as a district heading. `hinted` says the format marked the line as a heading
 * (an HTML <h3>, a bold-only paragraph, a Word heading style, larger type in a PDF), which allows
 * a headline after a plain space.
 */
export function parseDistrictHeading(
  line: string,
  cityMentions: (city: string) => number,
  hinted = false
): HeadingMatch | null {
  const trimmed = line.trim()
  if (trimmed.length < 2 || trimmed.length > MAX_HEADING_LINE) return null
  const { text, decorated } = stripDecorations(trimmed)
  const open = text[0] ?? ''
  const close = OPEN_TO_CLOSE[open]
  if (close) {
    const end = text.indexOf(close, 1)
    if (end < 2 || end > MAX_NAME + 1) return null
    const written = text.slice(1, end).trim()
    const county = countyOf(written, cityMentions)
    if (!county) return null
    const rest = text
      .slice(end + 1)
      .replace(SEPARATOR, '')
      .trim()
    return { written, county, rest, decorated: true }
  }
  const named = countyAtStart(text, cityMentions)
  if (!named) return null
  const { written, county } = named
  const after = text.slice(written.length)
  if (after.trim() === '') return { written, county, rest: '', decorated }
  const separator = SEPARATOR.exec(after)
  if (separator) return { written, county, rest: after.slice(separator[0].length).trim(), decorated }
  if (SPACE.test(after)) {
    const rest = after.trim()
    // 沭阳县 总投资12亿元… : a space is a separator only before a headline, or where the format
    // or a decoration says this is a heading.
    if (decorated || hinted || (rest.length <= 40 && !SENTENCE_PUNCTUATION.test(rest)))
      return { written, county, rest, decorated }
  }
  return null
}

/** The paper, station or site a dateline speaks for, before its place (本报睢宁讯). */
const DATELINE_OWNER = /^(?:本报|本台|本网|本刊|本站)/u
/**
 * A dateline's mark after its place, and who wrote it in brackets (睢宁讯（记者 张三）). What
 * follows is not a Han character that would make 讯 part of a word (讯飞), unless it is one that
 * starts a dateline's sentence (近日, 今年, 日前, 昨天, 本周, 据…).
 */
const DATELINE_MARK =
  /^[讯訊](?=$|[^\p{Script=Han}]|[近今日昨本据據上下这這为為在于於当當])(?:[\s\u3000]*[（(][^）)\n]{0,40}[）)])?[\s\u3000:：]*/u
/** How far into a dateline without a place its report's county is looked for (its first sentence). */
const ANONYMOUS_REACH = 60
const SENTENCE_END = /[。！？!?；;]/u

export interface DatelineMatch extends HeadingMatch {
  /** 本报讯 with no place: the county is the first one the sentence names. */
  anonymous: boolean
}

/**
 * A paragraph that opens with a news dateline (丰县讯 6月2日，…; 本报睢宁讯（记者 张三）…; 本报讯
 * 6月1日，睢宁县…) starts a report of its own: the place is its county. Lines of any length (the
 * dateline opens the report's first paragraph); only the start is read. The report's text keeps
 * the whole line (`rest`), byline included.
 */
export function parseDateline(line: string, cityMentions: (city: string) => number): DatelineMatch | null {
  const trimmed = line.trim()
  if (trimmed.length < 3) return null
  const { text } = stripDecorations(trimmed.slice(0, MAX_HEADING_LINE))
  const owner = DATELINE_OWNER.exec(text)
  const place = owner ? text.slice(owner[0].length) : text
  const named = countyAtStart(place, cityMentions)
  if (named) {
    const mark = DATELINE_MARK.exec(place.slice(named.written.length))
    if (!mark) return null
    return { written: named.written, county: named.county, rest: trimmed, decorated: true, anonymous: false }
  }
  if (!owner) return null
  const mark = DATELINE_MARK.exec(place)
  if (!mark) return null
  // 本报讯: the first county its first sentence names.
  const sentence = place.slice(mark[0].length, mark[0].length + ANONYMOUS_REACH).split(SENTENCE_END)[0] ?? ''
  for (let at = 0; at < sentence.length - 1; at++) {
    const found = countyAtStart(sentence.slice(at), cityMentions)
    if (found)
      return { written: found.written, county: found.county, rest: trimmed, decorated: true, anonymous: true }
  }
  return null
}
