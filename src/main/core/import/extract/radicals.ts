/**
 * Some PDF fonts map common characters to other code points that look the same. A PDF writer
 * (Chromium's, for one) records for each glyph one code point the font maps to it, and where a
 * font maps several to one glyph, that can be a radical or a rare ideograph: Kangxi radicals
 * (⽉ U+2F49, which NFKC maps to 月), CJK radical supplements (⻔ U+2ED4 for 门, ⻁ for 虎, ⺅ for
 * 亻), which NFKC leaves alone, and a few rare ideographs (㬵 for 胶). All become the characters
 * they show, so 海⻔区 reads and is found as 海门区 and 㬵州市 as 胶州市. The pairs are Unicode's
 * EquivalentUnifiedIdeograph data for the supplement forms fonts use, and the code points the Noto
 * CJK fonts (Debian's fonts-noto-cjk) draw with one glyph, found by reading their cmaps; checked by
 * printing all 6,763 characters of GB 2312 to PDF with Chromium and reading them back.
 */
const SUPPLEMENT_PAIRS =
  '⺌小⺍小⺕彐⺗心⺘扌⺙攵⺛旡⺟母⺠民⺤爫⺦丬⺨犭⺩王⺭礻⺱罒⺲罒⺷羊⺻聿⻀艹⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻏阝⻑長⻒镸⻓长⻔门⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻲亀⻳龟⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺖忄⺞歺⺡氵⺣灬⺫罒⺮𥫗⺯糹⺰纟⺳㓁⺹耂⺺肀⺽𦥑⺾艹⺿艹⻁虎⻂衤⻃覀⻇𧢲⻊𧾷⻍辶⻎辶⻐钅⻕𨸏⻞𩙿⻡𩠐⻱龜'

const SUPPLEMENT = new Map<string, string>()
{
  const chars = [...SUPPLEMENT_PAIRS]
  for (let i = 0; i + 1 < chars.length; i += 2) SUPPLEMENT.set(chars[i] as string, chars[i + 1] as string)
}

/** Rare ideographs that Noto CJK SC/TC draw with the glyph of a common one: 㬵 (U+3B35) is 胶. */
const SHARED_GLYPHS = new Map([
  ['㬵', '胶'],
  ['㫚', '曶'],
  ['㬺', '幐'],
  ['㮣', '槩'],
])

const RADICAL = new RegExp(`[\\u2e80-\\u2eff\\u2f00-\\u2fdf${[...SHARED_GLYPHS.keys()].join('')}]`, 'gu')

export function unifyRadicals(text: string): string {
  return text.replace(RADICAL, (c) => SUPPLEMENT.get(c) ?? SHARED_GLYPHS.get(c) ?? c.normalize('NFKC'))
}

/**
 * Characters only simplified text writes (这 个 们 说 …) and their traditional forms: which of the
 * two a document writes more of tells which it is written in.
 */
const SIMPLIFIED_ONLY = /[这个们说为时会发对国经过还进动开关长门间问县区业产项]/gu
const TRADITIONAL_ONLY = /[這個們說為時會發對國經過還進動開關長門間問縣區業產項]/gu

/**
 * 户 printed from a simplified-Chinese font comes back from Chromium's PDFs as 戶 (its traditional
 * form): in a document written in simplified characters, 戶 is read as 户.
 */
export function simplifiedHu(text: string): string {
  if (!text.includes('戶')) return text
  const simplified = text.match(SIMPLIFIED_ONLY)?.length ?? 0
  const traditional = text.match(TRADITIONAL_ONLY)?.length ?? 0
  return simplified > traditional ? text.replaceAll('戶', '户') : text
}
