/**
 * The key under which two spellings of one county compare equal (睢宁 = 睢宁县): its name without
 * the administrative suffix. Shared by the main process (filters, lists of districts) and the
 * window (the timeline follows the chosen district however its reports wrote it).
 */

const PLAIN_SUFFIXES = ['林区', '特区', '新区', '县', '区', '市', '旗']
const AUTONOMOUS = /^(?:[\u4e00-\u9fff]{1,8}?族)*自治[县旗]$/u

/** The administrative suffix of a county-level name, by the gazetteer's conventions. */
function suffixStart(name: string): number {
  // Names are short (a county, up to a few dozen characters); the ethnic part of an autonomous
  // county (…族自治县) is found from the first place where only that part remains.
  if (name.length <= 40 && (name.endsWith('自治县') || name.endsWith('自治旗')))
    for (let at = 0; at < name.length; at++) if (AUTONOMOUS.test(name.slice(at))) return at
  for (const suffix of PLAIN_SUFFIXES) if (name.endsWith(suffix)) return name.length - suffix.length
  return name.length
}

/** The name without its administrative suffix, or the name itself when that would leave one character. */
export function shortCountyName(name: string): string {
  const short = name.slice(0, suffixStart(name))
  return [...short].length >= 2 ? short : name
}

/** The key under which two spellings of one district compare equal (睢宁 = 睢宁县). */
export function districtKey(name: string): string {
  return shortCountyName(name.trim())
}
