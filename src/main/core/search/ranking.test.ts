/**
 * Ranking at any hit count: a common word matching more reports than are ranked in memory is still
 * ordered by bm25, and its first pages equal an exhaustive scoring of every hit by the same
 * formula; with filters, the district/headline tier comes first, then bm25, then newest.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Library, uploadedSources } from '../library'
import {
  fillTopHits,
  listKey,
  MAX_DIGIT_PHRASES,
  SHORT_LIST,
  SHORT_LIST_FROM,
  storedTopHits,
  topHitsDue,
  topHitsStep,
  TOP_HITS,
} from './top-hits'
import { dropHeadlines, headlinesDue, loadedHeadlines, loadHeadlines } from './headlines'
import { latinWords, planTerm } from './plan'
import { sectionTable } from './section-table'
import { TOKENIZER_VERSION } from './tokens'
import { normalizeForSearch } from './normalize'
import { firstInOrder } from './search'

let dir: string
let library: Library
const REPORTS = 2_300

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-ranking-'))
  library = new Library(dir)
  let seed = 7
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const filler = '推进项目建设，优化营商环境，加快产业升级。'
  const docs = Array.from({ length: REPORTS }, (_, i) => {
    const times = 1 + random(5)
    const body = Array.from({ length: 1 + random(12) }, (_, k) =>
      k < times ? `信息系统（GUI）${filler}` : filler
    ).join('')
    const headline = random(10) === 0 ? `系统集成第${i}号` : `工作动态第${i}号`
    const district = ['沛县', '睢宁', '邳州', '新沂', '丰县'][i % 5]
    return {
      name: `r${i}.txt`,
      dataBase64: Buffer.from(`2023年\n${district}\n${headline}\n1月${1 + (i % 28)}日，${body}\n`).toString(
        'base64'
      ),
    }
  })
  const summary = await library.importSources(uploadedSources(docs))
  expect(summary.failed).toEqual([])
}, 180_000)
afterAll(() => {
  library.close()
  rmSync(dir, { recursive: true, force: true })
})

/**
 * Every hit of a word scored by FTS5's bm25 and ordered as the search ranks hits at any count:
 * those whose district or headline holds what was typed first, then the other district reports,
 * then leads and closings; within each, bm25, then newest (by date, then id). Text is compared as
 * searches compare it (normalised).
 */
function exhaustive(
  match = '"系统"',
  typed = '系统',
  /** report_chars for a single character: its hits have no term frequencies, all score alike. */
  table: 'report_fts' | 'report_chars' = 'report_fts'
): { id: number; score: number }[] {
  const needle = normalizeForSearch(typed)
  const sections = new Map(
    library.db
      .prepare<
        [],
        { id: number; kind: string; headline: string; district: string | null; date: string | null }
      >('SELECT id, kind, headline, district, date FROM sections')
      .all()
      .map((r) => [r.id, r])
  )
  const tier = (id: number): number => {
    const r = sections.get(id)!
    if (
      normalizeForSearch(r.headline).includes(needle) ||
      normalizeForSearch(r.district ?? '').includes(needle)
    )
      return 0
    return r.kind === 'report' ? 1 : 2
  }
  const newer = (a: number, b: number): number => {
    const [x, y] = [sections.get(a)!.date, sections.get(b)!.date]
    if (x === y) return b - a
    if (x === null) return 1
    if (y === null) return -1
    return x < y ? 1 : -1
  }
  return library.db
    .prepare<[string], { id: number; score: number }>(
      table === 'report_fts'
        ? 'SELECT rowid AS id, bm25(report_fts) AS score FROM report_fts WHERE report_fts MATCH ?'
        : 'SELECT rowid AS id, 0 AS score FROM report_chars WHERE report_chars MATCH ?'
    )
    .all(match)
    .map((s) => ({ ...s, tier: tier(s.id) }))
    .sort((a, b) => a.tier - b.tier || a.score - b.score || newer(a.id, b.id))
    .map(({ id, score }) => ({ id, score }))
}

const ids = (query: string, offset = 0): number[] =>
  library.search(query, { limit: 20, offset, facets: false }).hits.map((h) => h.reportId)

it('ranks a word with more hits than a stored list holds as an exhaustive scoring does: headline matches first, then bm25', () => {
  const all = exhaustive()
  expect(all.length).toBeGreaterThan(2_000)
  // Ranking more hits than a list is made for loads every headline (as a reader does), once,
  // rather than reading each hit's from the table.
  expect(loadedHeadlines(library.db)).toBeNull()
  expect(library.search('系统', { limit: 1 }).total).toBe(all.length)
  expect(loadedHeadlines(library.db)).not.toBeNull()
  const first = library.search('系统', { limit: 20, facets: false }).hits
  expect(first.map((h) => h.reportId)).toEqual(all.slice(0, 20).map((s) => s.id))
  expect(ids('系统', 20)).toEqual(all.slice(20, 40).map((s) => s.id))
  // The reports whose headline holds the word come first (one in ten here), as with fewer hits.
  const headlined = library.db
    .prepare<[], number>("SELECT count(*) FROM sections WHERE headline LIKE '%系统%'")
    .pluck()
    .get()!
  expect(headlined).toBeGreaterThan(40)
  expect(first.every((h) => h.headline.includes('系统'))).toBe(true)
  // Not bm25 alone (the order above 2,000 hits was that), nor the newest-first order before it.
  const byScore = (
    order: (a: { id: number; score: number }, b: { id: number; score: number }) => number
  ): number[] =>
    [...all]
      .sort(order)
      .slice(0, 20)
      .map((s) => s.id)
  expect(ids('系统')).not.toEqual(byScore((a, b) => a.score - b.score || b.id - a.id))
  expect(ids('系统')).not.toEqual(byScore((a, b) => b.id - a.id))
})

it('ranks a character found in more reports than a list holds as it ranks fewer: headline and district matches first, then newest', () => {
  const all = exhaustive('"统"', '统', 'report_chars')
  expect(all.length).toBeGreaterThan(2_000)
  expect(library.search('统', { limit: 1 }).total).toBe(all.length)
  const first = ids('统')
  expect(first).toEqual(all.slice(0, 20).map((s) => s.id))
  expect(ids('统', 20)).toEqual(all.slice(20, 40).map((s) => s.id))
  const headlines = new Map(
    library.db.prepare<[], [number, string]>('SELECT id, headline FROM sections').raw().all()
  )
  expect(first.every((id) => headlines.get(id)!.includes('统'))).toBe(true)
  // Not the index's order, newest imported first (which pages above 2,000 hits followed before).
  expect(first).not.toEqual(
    all
      .map((s) => s.id)
      .sort((a, b) => b - a)
      .slice(0, 20)
  )
})

it('sorts a word or character of more hits than are ranked in memory by date, newest first, as fewer hits', () => {
  const dates = new Map(
    library.db.prepare<[], [number, string | null]>('SELECT id, date FROM sections').raw().all()
  )
  // Dated reports newest first (ties: the later id first), then the undated.
  const byDate = (hits: { id: number }[]): number[] =>
    hits
      .map((h) => h.id)
      .sort((a, b) => {
        const [x, y] = [dates.get(a) ?? null, dates.get(b) ?? null]
        if (x === y) return b - a
        if (x === null) return 1
        if (y === null) return -1
        return x < y ? 1 : -1
      })
  for (const [typed, hits] of [
    ['系统', exhaustive()],
    ['统', exhaustive('"统"', '统', 'report_chars')],
  ] as const) {
    expect(hits.length).toBeGreaterThan(2_000)
    const sorted = byDate(hits)
    const page = (offset: number): number[] =>
      library.search(typed, { limit: 20, offset, sort: 'date', facets: false }).hits.map((h) => h.reportId)
    expect(page(0), typed).toEqual(sorted.slice(0, 20))
    expect(page(500), typed).toEqual(sorted.slice(500, 520))
    // The reports were imported in another order than their dates' (which the index's order follows).
    expect(sorted.slice(0, 20)).not.toEqual([...sorted].sort((a, b) => b - a).slice(0, 20))
  }
})

it('with a filter, ranks every hit: headline matches first, then bm25, then newest', () => {
  const scores = new Map(exhaustive().map((s) => [s.id, s.score]))
  const rows = library.db
    .prepare<[], { id: number; headline: string; date: string | null }>(
      "SELECT id, headline, date FROM sections WHERE kind = 'report' AND date >= '2023-01-01'"
    )
    .all()
    .filter((r) => scores.has(r.id))
  expect(rows.length).toBeGreaterThan(2_000)
  const expected = rows
    .sort(
      (a, b) =>
        Number(b.headline.includes('系统')) - Number(a.headline.includes('系统')) ||
        scores.get(a.id)! - scores.get(b.id)! ||
        (a.date === b.date ? b.id - a.id : a.date! < b.date! ? 1 : -1)
    )
    .slice(0, 20)
    .map((r) => r.id)
  expect(ids('系统 date:2023-01-01..2023-12-31')).toEqual(expected)
})

describe('stored best hits of common terms', () => {
  it('page a common word as the exhaustive scoring does, and are what the search reads', () => {
    expect(topHitsDue(library.db)).toBe(true)
    fillTopHits(library.db)
    expect(topHitsDue(library.db)).toBe(false)
    const all = exhaustive()
    const stored = storedTopHits(library.db, '"系统"')
    expect(stored?.total).toBe(all.length)
    expect(stored?.ids).toEqual(all.slice(0, TOP_HITS).map((s) => s.id))
    expect(ids('系统')).toEqual(all.slice(0, 20).map((s) => s.id))
    expect(ids('系统', 180)).toEqual(all.slice(180, 200).map((s) => s.id))
    // Beyond the stored hits, the index pages as before.
    expect(ids('系统', 200)).toEqual(all.slice(200, 220).map((s) => s.id))
    expect(library.search('系统', { limit: 1 }).total).toBe(all.length)

    // The search reads the stored list: one written in another order is what it pages.
    const reversed = all
      .slice(0, TOP_HITS)
      .map((s) => s.id)
      .reverse()
    library.db.prepare('UPDATE top_hits SET ids = ? WHERE match = \'"系统"\'').run(JSON.stringify(reversed))
    expect(ids('系统')).toEqual(reversed.slice(0, 20))
    library.db.prepare("DELETE FROM top_hits WHERE match = ''").run()
    fillTopHits(library.db)
    expect(ids('系统')).toEqual(all.slice(0, 20).map((s) => s.id))
  })

  it('are kept for common phrases too, found by sampling reports, and page them as the index does', () => {
    // 信息系统 is in every report: a phrase of three bigrams, each a common term.
    const phrase = '"信息 息系 系统"'
    library.db.prepare('DELETE FROM top_hits').run()
    const all = exhaustive(phrase, '信息系统')
    expect(all.length).toBeGreaterThan(2_000)
    const unlisted = ids('信息系统')
    expect(unlisted).toEqual(all.slice(0, 20).map((s) => s.id))
    fillTopHits(library.db)
    const stored = storedTopHits(library.db, phrase)
    expect(stored?.total).toBe(all.length)
    expect(stored?.ids).toEqual(all.slice(0, TOP_HITS).map((s) => s.id))
    expect(ids('信息系统')).toEqual(unlisted)
    expect(ids('信息系统', 40)).toEqual(all.slice(40, 60).map((s) => s.id))
    expect(library.search('信息系统', { limit: 1 }).total).toBe(all.length)
    // Only phrases with more hits than are ranked in memory, or short lists of hundreds of hits.
    const phrases = library.db
      .prepare<[], { match: string; total: number; ids: string }>(
        "SELECT match, total, ids FROM top_hits WHERE instr(match, ' ') > 0"
      )
      .all()
    expect(phrases.map((p) => p.match)).toContain(phrase)
    for (const p of phrases)
      if (p.total <= 2_000) {
        expect(p.total).toBeGreaterThan(SHORT_LIST_FROM)
        expect((JSON.parse(p.ids) as number[]).length).toBe(SHORT_LIST)
      }
    // The search reads the stored list.
    const reversed = [...stored!.ids].reverse()
    library.db.prepare('UPDATE top_hits SET ids = ? WHERE match = ?').run(JSON.stringify(reversed), phrase)
    expect(ids('信息系统')).toEqual(reversed.slice(0, 20))
    library.db.prepare("DELETE FROM top_hits WHERE match = ''").run()
    fillTopHits(library.db)
    expect(ids('信息系统')).toEqual(unlisted)
  })

  it('are kept for a year and the digits typed towards it, which every report holds', () => {
    library.db.prepare('DELETE FROM top_hits').run()
    fillTopHits(library.db)
    for (const typed of ['20', '202', '2023', '2023年']) {
      const planned = planTerm(library.db, { text: typed, negated: false })
      const match = Array.isArray(planned.parts) ? planned.parts[0]!.match : ''
      // Two digits are one term of the index; more, a phrase.
      expect(planned.exact && match.includes(' ') === typed.length > 2, `${typed}: ${match}`).toBe(true)
      const all = exhaustive(match, typed)
      expect(all.length).toBeGreaterThanOrEqual(REPORTS)
      const stored = storedTopHits(library.db, match)
      expect(stored?.total, typed).toBe(all.length)
      expect(stored?.ids).toEqual(all.slice(0, TOP_HITS).map((s) => s.id))
      expect(ids(typed)).toEqual(all.slice(0, 20).map((s) => s.id))
    }
  })

  it('are kept for phrases that mix Han with Latin letters, whole words or fragments', () => {
    library.db.prepare('DELETE FROM top_hits').run()
    fillTopHits(library.db)
    // A word typed whole, one being typed (a prefix), and one whose start was not copied.
    for (const typed of ['系统（GUI）', '统（GU', 'UI）推进']) {
      const planned = planTerm(library.db, { text: typed, negated: false })
      const parts = Array.isArray(planned.parts) ? planned.parts : []
      expect(planned.exact && parts.length === 1, typed).toBe(true)
      const match = parts[0]!.match
      const all = exhaustive(match, typed)
      expect(all.length).toBeGreaterThan(2_000)
      const stored = storedTopHits(library.db, match)
      expect(stored?.total, `${typed}: ${match}`).toBe(all.length)
      expect(stored?.ids).toEqual(all.slice(0, TOP_HITS).map((s) => s.id))
      expect(ids(typed)).toEqual(all.slice(0, 20).map((s) => s.id))
      expect(library.search(typed, { limit: 1 }).total).toBe(all.length)
    }
  })

  it('are kept for single characters, in the order their search gives, and are what it reads', () => {
    library.db.prepare('DELETE FROM top_hits').run()
    const key = listKey({ table: 'report_chars', match: '"统"' })
    const all = exhaustive('"统"', '统', 'report_chars')
    const unlisted = ids('统')
    fillTopHits(library.db)
    const stored = storedTopHits(library.db, key)
    expect(stored?.total).toBe(all.length)
    expect(stored?.ids).toEqual(all.slice(0, TOP_HITS).map((s) => s.id))
    // The phrase of report_fts that spells the same is another list (a run's last character).
    expect(key).not.toBe('"统"')
    expect(ids('统')).toEqual(unlisted)
    expect(ids('统', 180)).toEqual(all.slice(180, 200).map((s) => s.id))
    expect(ids('统', 200)).toEqual(all.slice(200, 220).map((s) => s.id))
    expect(library.search('统', { limit: 1 }).total).toBe(all.length)
    // Every character of more than 2,000 reports has one; one of fewer has none.
    const counts = library.db
      .prepare<[], [string, number]>('SELECT term, doc FROM temp.chars_vocab')
      .raw()
      .all()
    const common = counts.filter(([, doc]) => doc > 2_000).map(([term]) => term)
    expect(common.length).toBeGreaterThan(10)
    for (const ch of common)
      expect(
        storedTopHits(library.db, listKey({ table: 'report_chars', match: `"${ch}"` })),
        ch
      ).not.toBeNull()
    const rare = counts.find(([, doc]) => doc < 500)![0]
    expect(storedTopHits(library.db, listKey({ table: 'report_chars', match: `"${rare}"` }))).toBeNull()
    // The search reads the stored list.
    const reversed = [...stored!.ids].reverse()
    library.db.prepare('UPDATE top_hits SET ids = ? WHERE match = ?').run(JSON.stringify(reversed), key)
    expect(ids('统')).toEqual(reversed.slice(0, 20))
    // Sorted by date, the list is not read.
    expect(
      library.search('统', { limit: 20, sort: 'date', facets: false }).hits.map((h) => h.reportId)
    ).not.toEqual(reversed.slice(0, 20))
    library.db.prepare("DELETE FROM top_hits WHERE match = ''").run()
    fillTopHits(library.db)
    expect(ids('统')).toEqual(unlisted)
  })

  it('are ranked again for a new tokenizer, whose rebuilt index leaves the library as it was', () => {
    fillTopHits(library.db)
    expect(topHitsDue(library.db)).toBe(false)
    expect(storedTopHits(library.db, '"系统"')).not.toBeNull()
    // Lists ranked on an index an older tokenizer built (the registry token is the same: only the
    // index was built again, and it plans other phrases for the same words).
    library.db
      .prepare("UPDATE top_hits SET token = replace(token, ?, 'an-older-tokenizer')")
      .run(TOKENIZER_VERSION)
    expect(storedTopHits(library.db, '"系统"')).toBeNull()
    expect(topHitsDue(library.db)).toBe(true)
    fillTopHits(library.db)
    expect(topHitsDue(library.db)).toBe(false)
    expect(storedTopHits(library.db, '"系统"')).not.toBeNull()
  })

  it('are never read once the library changes, and are ranked again', async () => {
    fillTopHits(library.db)
    const summary = await library.importSources(
      uploadedSources([
        {
          name: 'new.txt',
          dataBase64: Buffer.from('2023年\n丰县\n系统系统系统\n1月3日，系统系统系统。\n').toString('base64'),
        },
      ])
    )
    expect(summary.failed).toEqual([])
    expect(storedTopHits(library.db, '"系统"')).toBeNull()
    expect(topHitsDue(library.db)).toBe(true)
    const all = exhaustive()
    // The search follows the change at once (scored in the index), and so do the lists ranked again.
    expect(ids('系统')).toEqual(all.slice(0, 20).map((s) => s.id))
    fillTopHits(library.db)
    expect(storedTopHits(library.db, '"系统"')?.ids.slice(0, 20)).toEqual(all.slice(0, 20).map((s) => s.id))
    expect(ids('系统')).toEqual(all.slice(0, 20).map((s) => s.id))
  })

  it('are made in steps that keep to their budget, a report at a time', () => {
    // A clock on which every look costs 20 ms: a 50 ms step has room for one report.
    let now = 0
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 20))
    try {
      library.db.prepare('DELETE FROM top_hits').run()
      // The sample holds every report here: a step reads one of them, not a batch (a book-length
      // report held the writer for a second, its requests waiting).
      let steps = 1
      while (!topHitsStep(library.db, 50)) steps++
      expect(steps).toBeGreaterThan(REPORTS)
    } finally {
      clock.mockRestore()
    }
    expect(ids('系统')).toEqual(
      exhaustive()
        .slice(0, 20)
        .map((s) => s.id)
    )
  })
})

describe('short lists of words with hundreds of hits', () => {
  it('give the first pages the search gives without them, headline matches first, and are what it reads', async () => {
    const own = mkdtempSync(join(tmpdir(), 'dnr-short-lists-'))
    const lib = new Library(own)
    try {
      // 招商 in 640 of 700 reports (a few times in some), in the headline of one in ten of those;
      // 招商引资 in 600 of them.
      const docs = Array.from({ length: 700 }, (_, i) => {
        const has = i % 35 !== 0
        const headline = has && i % 10 === 0 ? `招商工作第${i}号` : `工作动态第${i}号`
        const body = has
          ? `${i % 16 === 0 ? '招商会议' : '招商引资'}推进会，${'签约项目1.6亿元，招商'.repeat(1 + (i % 4))}。`
          : '优化营商环境，加快产业升级。'
        const district = ['沛县', '睢宁', '邳州', '新沂', '丰县'][i % 5]
        return {
          name: `s${i}.txt`,
          dataBase64: Buffer.from(
            `2023年\n${district}\n${headline}\n3月${1 + (i % 28)}日，${body}\n`
          ).toString('base64'),
        }
      })
      expect((await lib.importSources(uploadedSources(docs))).failed).toEqual([])
      const page = (query: string, offset = 0): number[] =>
        lib.search(query, { limit: 20, offset, facets: false }).hits.map((h) => h.reportId)
      const pages = (query: string): number[][] => [0, 20, 40, 60].map((offset) => page(query, offset))
      // Without lists: what the search gives by ranking every hit.
      const ranked = { word: pages('招商'), phrase: pages('招商引资') }
      const total = lib.search('招商', { limit: 1 }).total
      expect(total).toBeGreaterThan(SHORT_LIST_FROM)
      expect(total).toBeLessThanOrEqual(2_000)
      expect(lib.search('招商引资', { limit: 1 }).total).toBeGreaterThan(SHORT_LIST_FROM)
      // Headline matches first.
      const headlines = new Map(
        lib.search('招商', { limit: 0, facets: false }).hits.map((h) => [h.reportId, h.headline])
      )
      expect(ranked.word[0]!.every((id) => headlines.get(id)!.includes('招商'))).toBe(true)

      fillTopHits(lib.db)
      const word = storedTopHits(lib.db, '"招商"')
      const parts = planTerm(lib.db, { text: '招商引资', negated: false }).parts
      expect(Array.isArray(parts) && parts.length).toBe(1)
      const phrase = storedTopHits(lib.db, (parts as { match: string }[])[0]!.match)
      expect(word?.total).toBe(total)
      expect(word?.ids).toEqual(ranked.word.flat().slice(0, SHORT_LIST))
      expect(phrase?.ids).toEqual(ranked.phrase.flat().slice(0, SHORT_LIST))
      // With them, the same pages (beyond the list, ranked as before), and the same total.
      expect(pages('招商')).toEqual(ranked.word)
      expect(pages('招商引资')).toEqual(ranked.phrase)
      expect(lib.search('招商', { limit: 1 }).total).toBe(total)
      // The pass let go of the headlines it loaded to rank them.
      expect(loadedHeadlines(lib.db)).toBeNull()

      // The search reads the list: one written in another order is what it pages.
      const reversed = [...word!.ids].reverse()
      lib.db.prepare('UPDATE top_hits SET ids = ? WHERE match = \'"招商"\'').run(JSON.stringify(reversed))
      expect(page('招商')).toEqual(reversed.slice(0, 20))
    } finally {
      lib.close()
      rmSync(own, { recursive: true, force: true })
    }
  })
})

it('ranks by the headlines in memory once they are loaded, in the same order, until the library changes', async () => {
  // Fewer hits than a list is made for (more load every headline at once, see above), with the
  // headlines not in memory (a search of more loaded them since the last import).
  const query = '系统 district:沛县 date:2023-01-01..2023-12-31'
  dropHeadlines(library.db)
  const fromTable = ids(query)
  const everyHit = library.search(query, { limit: 5_000, facets: false }).hits.map((h) => h.reportId)
  expect(headlinesDue(library.db)).toBe(true)
  loadHeadlines(library.db)
  expect(headlinesDue(library.db)).toBe(false)
  expect(ids(query)).toEqual(fromTable)
  expect(library.search(query, { limit: 5_000, facets: false }).hits.map((h) => h.reportId)).toEqual(everyHit)

  // They are what the search reads: with the headlines in memory changed alone, so that only the
  // last hit's names the word, it comes first.
  const low = everyHit[everyHit.length - 1]!
  const folded = loadedHeadlines(library.db) as (string | undefined)[]
  const kept = [...folded]
  folded.fill('')
  folded[low] = '系统'
  expect(ids(query)[0]).toBe(low)
  kept.forEach((h, id) => (folded[id] = h))
  expect(ids(query)).toEqual(fromTable)

  // A change of the library: the table is read again until the headlines are loaded again.
  const summary = await library.importSources(
    uploadedSources([
      {
        name: 'headline.txt',
        dataBase64: Buffer.from('2023年\n沛县\n系统建设第一\n3月3日，推进系统建设。\n').toString('base64'),
      },
    ])
  )
  expect(summary.failed).toEqual([])
  expect(headlinesDue(library.db)).toBe(true)
  const added = library.db
    .prepare("SELECT id FROM sections WHERE headline = '系统建设第一'")
    .pluck()
    .get() as number
  const afterChange = ids(query)
  expect(afterChange).toContain(added)
  loadHeadlines(library.db)
  expect(headlinesDue(library.db)).toBe(false)
  expect(ids(query)).toEqual(afterChange)
})

it("keeps a reader's search aids current in steps: headlines, the section table, the index's Latin words", async () => {
  const reader = new Library(dir, { readOnly: true })
  try {
    expect(reader.searchAidsDue()).toBe(true)
    let steps = 0
    while (!reader.searchAidsStep()) steps++
    expect(steps).toBeGreaterThanOrEqual(1)
    expect(reader.searchAidsDue()).toBe(false)
    expect(headlinesDue(reader.db)).toBe(false)
    expect(sectionTable.current(reader.db)).toBe(true)
    expect(latinWords.current(reader.db)).toBe(true)

    // A change of the library (here through the writer) makes all of them due again.
    await library.importSources(
      uploadedSources([
        {
          name: 'aids.txt',
          dataBase64: Buffer.from('2023年\n沛县\nLinux 系统\n3月4日，Linux 系统上线。\n').toString('base64'),
        },
      ])
    )
    expect(reader.searchAidsDue()).toBe(true)
    expect(sectionTable.current(reader.db)).toBe(false)
    expect(latinWords.current(reader.db)).toBe(false)
    while (!reader.searchAidsStep());
    expect(latinWords(reader.db)).toContain('linux')
    expect(sectionTable.current(reader.db)).toBe(true)
  } finally {
    reader.close()
  }
})

describe('a page of many hits picked without sorting them all', () => {
  it('gives the first of them in the order sorting them all gives, for any page end', () => {
    type Hit = { id: number; head: number; score: number; day: number }
    const order = (a: Hit, b: Hit): number =>
      a.head - b.head || a.score - b.score || (a.day === b.day ? b.id - a.id : b.day - a.day)
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            id: fc.integer({ min: 1, max: 100_000 }),
            head: fc.constantFrom(0, 1),
            score: fc.oneof(fc.constantFrom(-3.5, -2, 0), fc.double({ min: -20, max: 0, noNaN: true })),
            day: fc.integer({ min: -1, max: 5 }),
          }),
          { selector: (h) => h.id, maxLength: 600, size: 'max' }
        ),
        // Mostly pages much shorter than the hits (picked through the heap), some not (sorted).
        fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 700 })),
        (hits, count) => {
          const sorted = [...hits].sort(order).slice(0, count)
          expect(firstInOrder([...hits], count, order)).toEqual(sorted)
        }
      ),
      { numRuns: 500 }
    )
  })
})

it('ranks at most MAX_DIGIT_PHRASES phrases of digits, the most frequent, however many every report holds', async () => {
  const numbersDir = mkdtempSync(join(tmpdir(), 'dnr-digits-'))
  const numbers = new Library(numbersDir)
  try {
    // Every report holds 150 numbers: 150 three-digit and 15 two-digit beginnings, each in every report.
    const run = Array.from({ length: 150 }, (_, k) => `${100 + k}项`).join('，')
    const summary = await numbers.importSources(
      uploadedSources(
        Array.from({ length: 2_050 }, (_, i) => ({
          name: `n${i}.txt`,
          dataBase64: Buffer.from(`沛县\n工作动态第${i}号\n推进项目建设${run}。\n`).toString('base64'),
        }))
      )
    )
    expect(summary.failed).toEqual([])
    fillTopHits(numbers.db)
    const digitPhrases = numbers.db
      .prepare<[], string>(
        // Phrases of report_fts (a single digit's list is report_chars', keyed with its table).
        "SELECT match FROM top_hits WHERE instr(match, ' ') > 0 AND match GLOB '\"*[0-9]*'"
      )
      .pluck()
      .all()
    expect(digitPhrases.length).toBe(MAX_DIGIT_PHRASES)
  } finally {
    numbers.close()
    rmSync(numbersDir, { recursive: true, force: true })
  }
}, 120_000)
