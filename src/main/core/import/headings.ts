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
import { dateHeaderOf } from './dates'
import {
  isCountyName,
  isPlaceAbove,
  lookupCounty,
  startsCountyName,
  startsPlaceAbove,
  type County,
} from './districts'

export interface HeadingMatch {
  /** The name as written in the text (睢宁, 玄武區). */
  written: string
  county: County
  /** Text on the same line after the name and its separator (a headline or a first sentence). */
  rest: string
  /** Whether numbering, a bullet or brackets decorated the name. */
  decorated: boolean
  /** A date the heading gives beside the name (鼓楼区（3月2日）, 【沛县 2024-02-29】). */
  dated?: string
  /** Written under its city (徐州市鼓楼区), which settled a namesake. */
  placed?: boolean
}

/** Longer lines are body text, never headings. */
export const MAX_HEADING_LINE = 160
const MAX_NAME = 20
/** A name in brackets with a date or its city beside it (【沛县 2024-02-29】). */
const MAX_DATED_NAME = 36
/** A headline that starts with the district's name is no longer than this. */
const MAX_HEADLINE = 40
/** A date in brackets right after the name (鼓楼区（3月2日）). */
const DATED = /^[\s\u3000]*[（(【[［〔]([^（()）【】[\]［］〔〕\n]{1,30})[）)】\]］〕]/u

/** Bullets: shapes, and the emoji WeChat roundups use (📍, 🔸, 👉, ✅, 1️⃣), with their variation selector. */
const BULLETS =
  /^(?:[◆◇■□●○▲△▶►▸▪▫★☆▌▍▎▐•·◎❖➤→※#＃*＊>》-]|\p{Extended_Pictographic}\uFE0F?|[0-9]\uFE0F?\u20E3){1,4}[\s\u3000]*/u
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

/** The longest county name at the start of `text` that the gazetteer knows (see nameAtStart). */
function countyAtStart(
  text: string,
  cityMentions: (city: string) => number,
  /** Also after the province and city it belongs to (徐州市鼓楼区, 江苏省徐州市沛县). */
  placed = false
): { written: string; county: County; at: number } | null {
  const found = nameAtStart(text, cityMentions)
  if (found || !placed) return found && { ...found, at: 0 }
  const above = placeAbove(text)
  if (above === 0) return null
  // The city written before the name settles namesakes (徐州市鼓楼区).
  const place = normalizeForSearch(text.slice(0, above))
  const under = nameAtStart(text.slice(above), (city) => (place.includes(city) ? 1e6 : cityMentions(city)))
  return under && { ...under, at: above }
}

/** A province's or city's full name is at most this long (新疆维吾尔自治区, 黔东南苗族侗族自治州). */
const MAX_PLACE_ABOVE = 16

/**
 * The longest start of `text`, of `min` to `max` characters, that `is` accepts, read one character
 * at a time (normalisation is character by character) and given up at the first one that `starts`
 * refuses: most lines are left after a character or two.
 */
function longestAtStart(
  text: string,
  max: number,
  starts: (normalized: string) => boolean,
  is: (normalized: string) => boolean,
  min = 1
): { written: string; key: string } | null {
  let read = ''
  let normalized = ''
  let longest: { written: string; key: string } | null = null
  let count = 0
  for (const ch of text) {
    if (++count > max) break
    read += ch
    normalized += normalizeForSearch(ch)
    if (!starts(normalized)) break
    if (count >= min && read.length <= max && is(normalized)) longest = { written: read, key: normalized }
  }
  return longest
}

/**
 * How many characters of `text` name the province and the city above a county, in full (江苏省,
 * 徐州市, 江苏省徐州市): 0 when none does.
 */
function placeAbove(text: string): number {
  let at = 0
  for (let round = 0; round < 2; round++) {
    const place = longestAtStart(text.slice(at), MAX_PLACE_ABOVE, startsPlaceAbove, isPlaceAbove)
    if (!place) break
    at += place.written.length
  }
  return at
}

/** The county whose name, 2 to MAX_NAME characters as countyOf requires, starts `text`: the longest. */
function nameAtStart(
  text: string,
  cityMentions: (city: string) => number
): { written: string; county: County } | null {
  const longest = longestAtStart(text, MAX_NAME, startsCountyName, isCountyName, 2)
  if (!longest) return null
  const county = lookupCounty(longest.key, cityMentions)
  return county ? { written: longest.written, county } : null
}

/**
 * A zone a city runs like a district (徐州高新区, 淮海国际港务区, 苏州工业园区) that the national division
 * codes do not list: a name of Han characters ending in a zone's word, alone on its line (numbered,
 * bulleted or in brackets as a heading may be).
 */
const ZONE =
  /^[\u4e00-\u9fff]{2,12}?(?:高新技术产业开发区|经济技术开发区|经济开发区|高新区|开发区|经开区|新区|港务区|港区|工业园区|产业园区|园区|综合保税区|保税区|试验区|示范区|度假区|旅游区|合作区)$/u

/**
 * The zone a line names as a heading (see ZONE), alone or with a headline after a colon (四、徐州高新区：
 * 新增专精特新企业12家), or null. A zone named after a county (沛县经济开发区, 鼓楼经济开发区) is part
 * of that county's report, not a district of its own.
 */
export function parseZoneHeading(line: string): { written: string; rest: string } | null {
  const trimmed = line.trim()
  if (trimmed.length > MAX_HEADLINE + 24) return null
  let { text } = stripDecorations(trimmed)
  let rest = ''
  const colon = text.search(/[:：]/u)
  if (colon > 0) {
    rest = text.slice(colon + 1).trim()
    text = text.slice(0, colon).trim()
    if (rest === '' || rest.length > MAX_HEADLINE || SENTENCE_PUNCTUATION.test(rest)) return null
  }
  const close = OPEN_TO_CLOSE[text[0] ?? '']
  if (close !== undefined && text.endsWith(close)) text = text.slice(1, -1).trim()
  if (text.length > 24 || !ZONE.test(text) || nameAtStart(text, () => 0) !== null) return null
  return { written: text, rest }
}

/** Where a page's title gives way to its site's name: 我县召开…推进会_睢宁县人民政府. */
const SITE_SEPARATOR = /[_|｜]|\s[-—–]\s|——/gu

/**
 * The county a report without a district heading is about, when something names exactly one at
 * its start: its headline (睢宁县召开…), the site its page comes from (the part of the title after
 * `_`, `|` or ` - `: …_睢宁县人民政府, …|徐州市睢宁县人民政府), or its source (睢宁县融媒体中心,
 * 睢宁发布), in that order. County sites write 我县 in their news, not the county's name.
 */
export function countyOfPage(
  page: { headline: string; title: string | null; source: string | null },
  cityMentions: (city: string) => number
): { written: string; county: County } | null {
  const site = page.title?.split(SITE_SEPARATOR).slice(1).at(-1)?.trim() ?? ''
  for (const text of [page.headline, site, page.source ?? '']) {
    if (text === '') continue
    const found = countyAtStart(text, cityMentions, true)
    if (found) return { written: found.written, county: found.county }
  }
  return null
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
    if (end < 2 || end > MAX_DATED_NAME + 1) return null
    const inside = text.slice(1, end).trim()
    const rest = text
      .slice(end + 1)
      .replace(SEPARATOR, '')
      .trim()
    const county = inside.length <= MAX_NAME ? countyOf(inside, cityMentions) : null
    if (county) return { written: inside, county, rest, decorated: true }
    // 【沛县 2024-02-29】, 【徐州市鼓楼区】: the name with a date, or under its city.
    const named = countyAtStart(inside, cityMentions, true)
    if (!named) return null
    const dated = inside.slice(named.at + named.written.length).trim()
    if (dated !== '' && dateHeaderOf(dated) === null) return null
    return headingOf(named, rest, true, dated)
  }
  const named = countyAtStart(text, cityMentions, true)
  if (!named) return null
  const found = (rest: string, dated?: string): HeadingMatch => headingOf(named, rest, decorated, dated)
  const after = text.slice(named.at + named.written.length)
  if (after.trim() === '') return found('')
  // 鼓楼区（3月2日）: a date in brackets after the name.
  const bracket = DATED.exec(after)
  if (bracket && dateHeaderOf(bracket[1] as string) !== null)
    return found(after.slice(bracket[0].length).replace(SEPARATOR, '').trim(), (bracket[1] as string).trim())
  const separator = SEPARATOR.exec(after)
  if (separator) return found(after.slice(separator[0].length).trim())
  if (SPACE.test(after)) {
    const rest = after.trim()
    // 沭阳县 总投资12亿元… : a space is a separator only before a headline, or where the format
    // or a decoration says this is a heading.
    if (decorated || hinted || (rest.length <= 40 && !SENTENCE_PUNCTUATION.test(rest))) return found(rest)
  }
  // ■ 鼓楼区召开数字经济发展大会: a bulleted or numbered headline that starts with the name is
  // the report's headline, name and all (a body sentence has its punctuation; plain lines that
  // start with a name, 沛县经济开发区, are headlines inside a report).
  if (decorated && named.at === 0 && text.length <= MAX_HEADLINE && !SENTENCE_PUNCTUATION.test(text))
    return found(text)
  return null
}

/**
 * A headline that starts with a county's name (鼓楼区召开数字经济发展大会), taken for a report's
 * heading only where the line under it says so (split.ts: a 来源 line or a byline in brackets);
 * `rest` is the whole headline. Plain lines like it are headlines inside a report too (沛县经济开发区).
 */
export function parseNamedHeadline(
  line: string,
  cityMentions: (city: string) => number
): HeadingMatch | null {
  const text = line.trim()
  if (text.length < 4 || text.length > MAX_HEADLINE || SENTENCE_PUNCTUATION.test(text)) return null
  const named = countyAtStart(text, cityMentions, true)
  if (!named || text.length === named.at + named.written.length) return null
  // 镇江各地项目建设跑出加速度: a city's name (镇江市), although 镇江新区 is also written 镇江.
  const key = normalizeForSearch(named.written)
  if (isPlaceAbove(key) || isPlaceAbove(`${key}市`)) return null
  return headingOf(named, text, false)
}

/** A heading found by countyAtStart, with what stands beside the name. */
function headingOf(
  named: { written: string; county: County; at: number },
  rest: string,
  decorated: boolean,
  dated?: string
): HeadingMatch {
  return {
    written: named.written,
    county: named.county,
    rest,
    decorated,
    ...(dated ? { dated } : {}),
    ...(named.at > 0 ? { placed: true } : {}),
  }
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
    return { ...headingOf(named, trimmed, true), anonymous: false }
  }
  if (!owner) return null
  const mark = DATELINE_MARK.exec(place)
  if (!mark) return null
  // 本报讯: the first county its first sentence names.
  const sentence = place.slice(mark[0].length, mark[0].length + ANONYMOUS_REACH).split(SENTENCE_END)[0] ?? ''
  for (let at = 0; at < sentence.length - 1; at++) {
    const found = countyAtStart(sentence.slice(at), cityMentions)
    if (found) return { ...headingOf(found, trimmed, true), anonymous: true }
  }
  return null
}

/** A paragraph's closing attribution in brackets: …惠及居民1.2万户。（鼓楼区） / （邳州市政府办）. */
const ATTRIBUTION = /[（(]([^（()）]{2,20})[）)][\s\u3000]*$/u
/** A paragraph shorter than this is no report of its own. */
const MIN_ATTRIBUTED = 20

/**
 * A paragraph that is a whole report and says whose at its end (工作动态, 政务信息: 鼓楼区召开…。4月
 * 10日，…。（鼓楼区）): the county the attribution starts with. The paragraph is the report's text
 * (`rest`), attribution included. The splitter takes these only where two or more paragraphs of a
 * document have them.
 */
export function parseAttribution(line: string, cityMentions: (city: string) => number): HeadingMatch | null {
  const trimmed = line.trim()
  if (trimmed.length < MIN_ATTRIBUTED) return null
  const m = ATTRIBUTION.exec(trimmed.slice(-40))
  if (!m) return null
  const named = countyAtStart((m[1] as string).trim(), cityMentions, true)
  return named ? headingOf({ ...named, at: 0 }, trimmed, false) : null
}
