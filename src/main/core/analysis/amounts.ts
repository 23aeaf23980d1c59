/**
 * The numbers in a report that are amounts: money (1.6亿元, 3000万元, 超500亿元), area (30000平方米,
 * 5.2万亩), people and counts (48万人次, 项目23个 → 23个), weights (4.6万吨) and percentages (增长6.8%),
 * in Arabic or Chinese numerals (三千万元), full-width digits and traditional forms (5000萬元)
 * included, each normalised to its base unit with exact offsets into the text. Dates, years, phone
 * numbers, ordinals (第3) and numbers without a unit are not amounts. One linear scan; every pattern
 * is bounded.
 */

import type { Amount, AmountKind } from '../../../shared/api'
import { asciiDigits, CN_DIGIT } from '../numerals'

export type { Amount, AmountKind }

const UNITS: [string, AmountKind, string][] = [
  ['平方公里', 'area', '平方公里'],
  ['平方千米', 'area', '平方公里'],
  ['平方米', 'area', '平方米'],
  ['公顷', 'area', '公顷'],
  ['亩', 'area', '亩'],
  ['美元', 'money', '美元'],
  ['元', 'money', '元'],
  ['人次', 'people', '人次'],
  ['人', 'people', '人'],
  ['名', 'people', '人'],
  ['台套', 'count', '台套'],
  ['个百分点', 'percent', '个百分点'],
  ['个', 'count', '个'],
  ['家', 'count', '家'],
  ['项', 'count', '项'],
  ['台', 'count', '台'],
  ['件', 'count', '件'],
  ['套', 'count', '套'],
  ['吨', 'weight', '吨'],
  ['%', 'percent', '%'],
  ['％', 'percent', '%'],
]

const MULTIPLIERS: [string, number][] = [
  ['万亿', 1e12],
  ['千亿', 1e11],
  ['百亿', 1e10],
  ['亿', 1e8],
  ['千万', 1e7],
  ['百万', 1e6],
  ['十万', 1e5],
  ['万', 1e4],
]

const QUALIFIERS = ['超过', '超', '近', '约', '逾', '达', '共', '累计', '总计', '合计']

const CN_SMALL: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
const CHINESE_NUMBER = /^[零〇一二两三四五六七八九十百千]{1,12}(?:点[零〇一二三四五六七八九]{1,6})?/u
const ARABIC_NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.\d{1,6})?/u

/** 三千 → 3000, 十二 → 12, 一百零五 → 105, 五点二 → 5.2; NaN when it is not a number. */
function chineseValue(text: string): number {
  const [whole = '', fraction] = text.split('点')
  let total = 0
  let digit = 0
  for (const ch of whole) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch]!
    else if (ch in CN_SMALL) {
      total += (digit === 0 ? 1 : digit) * CN_SMALL[ch]!
      digit = 0
    } else return Number.NaN
  }
  total += digit
  if (fraction) total += Number(`0.${[...fraction].map((c) => CN_DIGIT[c] ?? 0).join('')}`)
  return total
}

/** A character a figure can begin with: an ASCII digit (full-width ones are made ASCII first), a Chinese digit, 十, 百 or 千. */
const FIGURE_START = `[0-9${Object.keys(CN_DIGIT).join('')}十百千]`

/**
 * The traditional forms of what figures are written with (5000萬元, 3億元, 兩個, 約, 總計), as the
 * simplified ones the patterns know: one character for one, so offsets stay exact.
 */
const SIMPLIFIED: Record<string, string> = {
  萬: '万',
  億: '亿',
  兩: '两',
  點: '点',
  餘: '余',
  個: '个',
  項: '项',
  臺: '台',
  噸: '吨',
  畝: '亩',
  頃: '顷',
  過: '过',
  約: '约',
  達: '达',
  計: '计',
  總: '总',
}
const TRADITIONAL = new RegExp(`[${Object.keys(SIMPLIFIED).join('')}]`, 'gu')

/** Full-width digits and point as ASCII, traditional forms as simplified; same length, so offsets stay exact. */
const toAscii = (text: string): string =>
  asciiDigits(text)
    .replace(/．/gu, '.')
    .replace(TRADITIONAL, (c) => SIMPLIFIED[c]!)

function startsWithAt(text: string, at: number, options: readonly string[]): string | null {
  for (const option of options) if (text.startsWith(option, at)) return option
  return null
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

export function extractAmounts(original: string): Amount[] {
  // Same length as the original: full-width digits become ASCII, so offsets stay exact.
  const text = toAscii(original)
  const out: Amount[] = []
  // Only where a figure can begin (a digit, a Chinese digit, 十百千): a long report has few.
  const candidates = new RegExp(FIGURE_START, 'g')
  for (let found = candidates.exec(text); found; found = candidates.exec(text)) {
    const at = found.index
    const ch = text[at]!
    const arabic = isDigit(ch) && !isDigit(text[at - 1]) && text[at - 1] !== '.'
    // 近千名, 超百家: a bare 百/千 is a figure only after a word that bounds it (千方百计 is not).
    // (The cheap tests first: this runs for every character of the report.)
    const chinese =
      !arabic &&
      (ch in CN_DIGIT ||
        ch === '十' ||
        ((ch === '百' || ch === '千') && QUALIFIERS.some((q) => text.endsWith(q, at)))) &&
      !((text[at - 1] ?? '') in CN_DIGIT)
    if (!arabic && !chinese) continue
    const rest = text.slice(at, at + 40)
    const number = (arabic ? ARABIC_NUMBER : CHINESE_NUMBER).exec(rest)?.[0]
    if (!number) continue
    // Not an amount: an ordinal (第3), a time (14:30), a version (2.3.1). Dates and phone numbers
    // (2023-01-28, 0516-1234) fall out for want of a unit; in a range (3-5亿元) the upper end counts.
    const before = text[at - 1] ?? ''
    if (before === '第' || before === '.' || before === ':') continue
    let cursor = at + number.length
    if (text[cursor] === '.' && isDigit(text[cursor + 1])) continue
    // 400余名, 1000多万元: a number given as "more than".
    const more = text[cursor] === '余' || text[cursor] === '多'
    if (more) cursor++
    const multiplierText = startsWithAt(
      text,
      cursor,
      MULTIPLIERS.map(([m]) => m)
    )
    const multiplier = MULTIPLIERS.find(([m]) => m === multiplierText)?.[1] ?? 1
    if (multiplierText) cursor += multiplierText.length
    const unitText = startsWithAt(
      text,
      cursor,
      UNITS.map(([u]) => u)
    )
    if (!unitText) continue
    const [, kind, unit] = UNITS.find(([u]) => u === unitText)!
    // 3个月 is a duration and 2项目 a word, not counts.
    const after = text[cursor + unitText.length]
    if (kind === 'count' && (after === '月' || (unitText === '项' && after === '目'))) continue
    const base = arabic ? Number(number.replace(/,/gu, '')) : chineseValue(number)
    if (!Number.isFinite(base)) continue
    // 一个, 两家, 一人一策: a single Chinese digit without 万/亿 is phrasing, not a reported figure.
    if (chinese && !multiplierText && base < 10) continue
    const value = Math.round(base * multiplier * 1e6) / 1e6
    const qualifier = more ? '余' : (QUALIFIERS.find((q) => text.endsWith(q, at)) ?? null)
    const end = cursor + unitText.length
    out.push({ text: original.slice(at, end), kind, value, unit, start: at, end, qualifier })
    candidates.lastIndex = end
  }
  return out
}

/**
 * A figure as a person types it in a query (1亿, 1.6亿元, 3000万, 三千万元, 5.2万亩, 6.8%): its value
 * in the base unit and that unit (元 when none is written); null when it is not one.
 */
export function parseFigure(typed: string): { value: number; unit: string } | null {
  const text = toAscii(typed.trim())
  const number = ARABIC_NUMBER.exec(text)?.[0] ?? CHINESE_NUMBER.exec(text)?.[0]
  if (!number) return null
  let cursor = number.length
  const multiplierText = startsWithAt(
    text,
    cursor,
    MULTIPLIERS.map(([m]) => m)
  )
  if (multiplierText) cursor += multiplierText.length
  const unitText = startsWithAt(
    text,
    cursor,
    UNITS.map(([u]) => u)
  )
  if (unitText) cursor += unitText.length
  if (cursor !== text.length) return null
  const base = isDigit(number[0]) ? Number(number.replace(/,/gu, '')) : chineseValue(number)
  if (!Number.isFinite(base)) return null
  const multiplier = MULTIPLIERS.find(([m]) => m === multiplierText)?.[1] ?? 1
  const unit = unitText ? UNITS.find(([u]) => u === unitText)![2] : '元'
  return { value: Math.round(base * multiplier * 1e6) / 1e6, unit }
}
