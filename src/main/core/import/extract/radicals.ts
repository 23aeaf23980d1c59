/**
 * Some PDF fonts map common characters to radical code points that look the same: Kangxi radicals
 * (⽉ U+2F49, which NFKC maps to 月) and CJK radical supplements (⻔ U+2ED4 for 门), which NFKC
 * leaves alone. Both become the unified ideographs they show (Unicode's
 * EquivalentUnifiedIdeograph data for the supplement forms fonts use), so 海⻔区 reads and is found
 * as 海门区.
 */
const SUPPLEMENT_PAIRS =
  '⺌小⺍小⺕彐⺗心⺘扌⺙攵⺛旡⺟母⺠民⺤爫⺦丬⺨犭⺩王⺭礻⺱罒⺲罒⺷羊⺻聿⻀艹⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻏阝⻑長⻒镸⻓长⻔门⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻲亀⻳龟'

const SUPPLEMENT = new Map<string, string>()
{
  const chars = [...SUPPLEMENT_PAIRS]
  for (let i = 0; i + 1 < chars.length; i += 2) SUPPLEMENT.set(chars[i] as string, chars[i + 1] as string)
}

const RADICAL = /[\u2e80-\u2eff\u2f00-\u2fdf]/gu

export function unifyRadicals(text: string): string {
  return text.replace(RADICAL, (c) => SUPPLEMENT.get(c) ?? c.normalize('NFKC'))
}
