/**
 * Pinyin queries: `xuzhou`, `xu zhou` or the initials `xz` also find 徐州. The words come from the
 * index's own vocabulary (its CJK bigrams, read through fts5vocab), chained for longer queries, so
 * only words that occur in the library are proposed, most frequent first.
 */
import { createRequire } from 'node:module'
import type { Db } from '../db/database'
import { ensureVocabularyTable, perLibraryState } from './index-store'
import type { ParsedQuery } from './query-parse'

interface Vocabulary {
  /** "xu zhou" → [徐州, …] and "xz" → [徐州, 现在, …], each with its document count. */
  byFull: Map<string, { term: string; docs: number }[]>
  byInitials: Map<string, { term: string; docs: number }[]>
  syllables: Set<string>
}

// pinyin-pro loads on the first pinyin query, not with every command.
const requireModule = createRequire(import.meta.url)
let pinyinModule: typeof import('pinyin-pro') | null = null
const pinyin: typeof import('pinyin-pro').pinyin = ((
  ...args: Parameters<typeof import('pinyin-pro').pinyin>
) => {
  pinyinModule ??= requireModule('pinyin-pro') as typeof import('pinyin-pro')
  return (pinyinModule.pinyin as (...a: unknown[]) => unknown)(...args)
}) as typeof import('pinyin-pro').pinyin

const MAX_EXPANSIONS = 12
/** How much two characters belong together (geometric mean of both conditional shares) to be a word. */
const MIN_INITIALS_COHESION = 0.5
const words = new Intl.Segmenter('zh', { granularity: 'word' })
const isDictionaryWord = (term: string): boolean => {
  const segments = [...words.segment(term)]
  return segments.length === 1 && segments[0]?.segment === term
}
const charPinyin = new Map<string, string[]>()

function pinyinOf(ch: string): string[] {
  let list = charPinyin.get(ch)
  if (!list) {
    list = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true }).filter((p) =>
      /^[a-z]+$/u.test(p)
    )
    charPinyin.set(ch, list)
  }
  return list
}

function push(
  map: Map<string, { term: string; docs: number }[]>,
  key: string,
  entry: { term: string; docs: number }
) {
  const list = map.get(key)
  if (list) list.push(entry)
  else map.set(key, [entry])
}

/** The index's Han bigrams by their pinyin, read again once the library changes. */
const vocabulary = perLibraryState((db): Vocabulary => {
  ensureVocabularyTable(db)
  const byFull = new Map<string, { term: string; docs: number }[]>()
  const byInitials = new Map<string, { term: string; docs: number }[]>()
  const syllables = new Set<string>()
  const bigrams: { term: string; doc: number; cnt: number }[] = []
  // How often each character starts and ends a bigram: an initials match must be a word, not two
  // characters that meet across words (展开|数字 gives 开数 for "ks").
  const starts = new Map<string, number>()
  const ends = new Map<string, number>()
  for (const row of db
    .prepare<[], { term: string; doc: number; cnt: number }>('SELECT term, doc, cnt FROM temp.report_vocab')
    .iterate()) {
    if (row.term.length !== 2 || !/^\p{Script=Han}{2}$/u.test(row.term)) continue
    bigrams.push(row)
    starts.set(row.term[0]!, (starts.get(row.term[0]!) ?? 0) + row.cnt)
    ends.set(row.term[1]!, (ends.get(row.term[1]!) ?? 0) + row.cnt)
  }
  for (const { term, doc, cnt } of bigrams) {
    const chars = [...term]
    const a = pinyinOf(chars[0]!)
    const b = pinyinOf(chars[1]!)
    const fulls = new Set<string>()
    for (const x of a)
      for (const y of b) {
        fulls.add(`${x} ${y}`)
        syllables.add(x).add(y)
      }
    for (const f of fulls) push(byFull, f, { term, docs: doc })
    // Initials use the word's own reading (会上 is hui shang, not kuai shang), and only for
    // bigrams that are words: in the segmenter's dictionary, or nearly always seen together.
    const together = Math.sqrt((cnt / (starts.get(chars[0]!) ?? cnt)) * (cnt / (ends.get(chars[1]!) ?? cnt)))
    if (together >= MIN_INITIALS_COHESION || isDictionaryWord(term)) {
      const reading = pinyin(term, { toneType: 'none', type: 'array' })
      if (reading.length === 2 && reading.every((r) => /^[a-z]+$/u.test(r)))
        push(byInitials, reading[0]![0]! + reading[1]![0]!, { term, docs: doc })
    }
  }
  return { byFull, byInitials, syllables }
})

/** Every way to cut a run of letters into known syllables (bounded). */
function segmentations(letters: string, syllables: Set<string>, limit = 16): string[][] {
  const out: string[][] = []
  const walk = (at: number, acc: string[]): void => {
    if (out.length >= limit) return
    if (at === letters.length) {
      out.push([...acc])
      return
    }
    for (let len = Math.min(6, letters.length - at); len >= 1; len--) {
      const s = letters.slice(at, at + len)
      if (syllables.has(s)) walk(at + len, [...acc, s])
    }
  }
  walk(0, [])
  return out
}

/** Chains bigram candidates along a sequence of keys into words: 徐州 + 州市 → 徐州市. */
function chain(
  keys: string[],
  lookup: (key: string) => { term: string; docs: number }[] | undefined
): { word: string; docs: number }[] {
  let words: { word: string; docs: number }[] = (lookup(keys[0]!) ?? []).map((e) => ({
    word: e.term,
    docs: e.docs,
  }))
  for (const key of keys.slice(1)) {
    const next = lookup(key) ?? []
    const extended: { word: string; docs: number }[] = []
    for (const w of words)
      for (const e of next)
        if (w.word.endsWith(e.term[0]!))
          extended.push({ word: w.word + e.term.slice(1), docs: Math.min(w.docs, e.docs) })
    words = extended.sort((a, b) => b.docs - a.docs).slice(0, 200)
  }
  return words
}

/** Chinese words the query spells in pinyin, or none when it is not a pinyin-like query. */
export function pinyinExpansions(db: Db, query: ParsedQuery): string[] {
  // `xuzhou`, `xu zhou` (two terms) and `"xu zhou"` all spell the same words.
  if (query.groups.length === 0 || query.groups.some((g) => g.length !== 1 || g[0]!.negated)) return []
  const text = query.groups
    .map((g) => g[0]!.text.toLowerCase())
    .join(' ')
    .trim()
  if (!/^[a-z]+(?: [a-z]+)*$/u.test(text) || text.replace(/ /gu, '').length < 2 || text.length > 40) return []
  const vocab = vocabulary(db)
  const letters = text.replace(/ /gu, '')
  const found = new Map<string, number>()
  const add = (list: { word: string; docs: number }[]): void => {
    for (const w of list) found.set(w.word, Math.max(found.get(w.word) ?? 0, w.docs))
  }
  const cuts = text.includes(' ')
    ? [text.split(' ')].filter((parts) => parts.every((p) => vocab.syllables.has(p)))
    : segmentations(letters, vocab.syllables)
  for (const syllables of cuts) {
    if (syllables.length < 2) continue
    const keys = syllables.slice(1).map((s, i) => `${syllables[i]} ${s}`)
    add(chain(keys, (k) => vocab.byFull.get(k)))
  }
  if (letters.length <= 6 && !text.includes(' ')) {
    const keys = [...letters].slice(1).map((c, i) => letters[i]! + c)
    add(chain(keys, (k) => vocab.byInitials.get(k)))
  }
  return [...found.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_EXPANSIONS)
    .map(([word]) => word)
}
