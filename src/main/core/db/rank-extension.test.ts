/**
 * The FTS5 ranking extension (native/fts5-rank.c): where it is built, rank_bm25() orders every
 * hit as FTS5's bm25() does (for a query of one phrase without bm25's second pass over the index,
 * for several exactly bm25's scores), and a library without it searches the same.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library, uploadedSources } from '../library'
import {
  findRankExtension,
  RANK_EXTENSION_FILE,
  rankExtensionFile,
  rankedHits,
  type RankedHits,
  rankFunction,
  setRankExtension,
} from './rank-extension'

const built = rankExtensionFile()
const SAMPLE = readFileSync(join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt'), 'utf8')

it('is built where the tests run in CI on Linux and macOS (npm install builds it with the C compiler)', () => {
  if (!built && (!process.env.CI || process.platform === 'win32')) {
    console.warn('fts5-rank is not built here (no C compiler at install): bm25() ranks instead')
    return
  }
  expect(built).not.toBeNull()
})

it('is looked for beside the database module, else in the project, never in a folder above it', () => {
  const root = mkdtempSync(join(tmpdir(), 'dnr-rank-find-'))
  try {
    const put = (path: string): string => {
      mkdirSync(join(root, path, '..'), { recursive: true })
      writeFileSync(join(root, path), '')
      return join(root, path)
    }
    // Anyone may write above the project (an installed app under /tmp, a shared folder).
    put(`build/native/${RANK_EXTENSION_FILE}`)
    put('app/package.json')
    mkdirSync(join(root, 'app/out/main/chunks'), { recursive: true })
    const from = join(root, 'app/out/main/chunks')
    expect(findRankExtension(from)).toBeNull()
    const own = put(`app/build/native/${RANK_EXTENSION_FILE}`)
    expect(findRankExtension(from)).toBe(own)
    const beside = put(`resources/electron-sqlite/${RANK_EXTENSION_FILE}`)
    expect(findRankExtension(from, join(root, 'resources/electron-sqlite/better_sqlite3.node'))).toBe(beside)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})

describe.skipIf(!built)('rank_bm25', () => {
  let dir: string
  let library: Library
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dnr-rank-'))
    library = new Library(dir)
    const districts = ['睢宁', '邳州', '新沂', '沛县', '丰县', '铜山']
    const docs = Array.from({ length: 60 }, (_, i) => {
      const repeat = '招商引资项目建设，v2.3版系统上线。'.repeat(1 + (i % 4))
      const text = SAMPLE.replace(/睢宁/gu, districts[i % districts.length]!).replace(
        '1.6亿元',
        `${1 + (i % 9)}.${i % 7}亿元，${repeat}`
      )
      return { name: `r${i}.txt`, dataBase64: Buffer.from(text).toString('base64') }
    })
    expect((await library.importSources(uploadedSources(docs))).failed).toEqual([])
  }, 120_000)
  afterAll(() => {
    library.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const ordered = (fn: string, match: string): { id: number; score: number }[] =>
    library.db
      .prepare<[string], { id: number; score: number }>(
        `SELECT rowid AS id, ${fn}(report_fts) AS score FROM report_fts WHERE report_fts MATCH ? ORDER BY score, rowid DESC`
      )
      .all(match)

  it('is what the library ranks with', () => {
    expect(rankFunction(library.db)).toBe('rank_bm25')
  })

  it('orders the hits of one phrase as bm25 does', () => {
    for (const match of [
      '"招商"',
      '"招商 商引 引资"',
      '"系统"',
      '"02yv" * + "11ex2 21ex3 03x版 版系 系统 统上 上线"',
      '"项目 目建 建设"',
    ]) {
      const ours = ordered('rank_bm25', match)
      const theirs = ordered('bm25', match)
      expect(ours.length, match).toBeGreaterThan(1)
      expect(
        ours.map((h) => h.id),
        match
      ).toEqual(theirs.map((h) => h.id))
      // Not bm25's values: the same order without the IDF, a positive factor for one phrase.
      expect(new Set(ours.map((h) => h.score)).size, match).toBeGreaterThan(1)
    }
  })

  it('scores a query of several phrases exactly as bm25', () => {
    for (const match of ['"招商" OR "系统"', '"招商" AND "项目"', '("招商 商引" OR "上线")']) {
      const ours = ordered('rank_bm25', match)
      expect(ours.length, match).toBeGreaterThan(1)
      expect(ours, match).toEqual(ordered('bm25', match))
    }
  })

  it('reads the hits of a query once: their count with every hit, or the best in bm25 order', () => {
    for (const match of [
      '"招商"',
      '"系统"',
      '"02yv" * + "11ex2 21ex3 03x版 版系 系统 统上 上线"',
      '"招商" OR "系统"',
    ]) {
      const all = ordered('rank_bm25', match)
      expect(all.length, match).toBeGreaterThan(10)
      const pairs = (hits: { id: number; score: number }[]): [number, number][] =>
        hits.map((h) => [h.id, h.score])
      const pairsOf = (read: RankedHits): [number, number][] => read.ids.map((id, i) => [id, read.scores[i]!])
      // At most keepAll hits: every one, with its score.
      const whole = rankedHits(library.db, match, all.length, 5)!
      expect(whole.total).toBe(all.length)
      expect(new Map(pairsOf(whole))).toEqual(new Map(pairs(all)))
      // More: the k best, in the order ORDER BY score, rowid DESC gives (ties newest first).
      for (const k of [0, 1, 7, all.length - 1, all.length + 3]) {
        const best = rankedHits(library.db, match, 3, k)!
        expect(best.total, `${match} k=${k}`).toBe(all.length)
        expect(pairsOf(best), `${match} k=${k}`).toEqual(pairs(all.slice(0, k)))
      }
    }
    const none = rankedHits(library.db, '"没有这个"', 2000, 20)!
    expect(none).toEqual({ total: 0, ids: [], scores: new Float64Array(0) })
  })

  it('scores only the hits it is given, each as among all of them', () => {
    for (const match of ['"招商"', '"招商" OR "系统"']) {
      const all = new Map(ordered('rank_bm25', match).map((h) => [h.id, h.score]))
      expect(all.size, match).toBeGreaterThan(10)
      // Every third hit, and ids that are no hit of the query (a filter's rows need not be).
      const among = [...all.keys()].filter((_, i) => i % 3 === 0)
      const read = rankedHits(
        library.db,
        match,
        Number.MAX_SAFE_INTEGER,
        0,
        JSON.stringify([...among, 999_999])
      )!
      expect(read.total, match).toBe(among.length)
      expect(new Map(read.ids.map((id, i) => [id, read.scores[i]!])), match).toEqual(
        new Map(among.map((id) => [id, all.get(id)!]))
      )
    }
  })

  /** The first page of each of a few queries. */
  const firstPages = (from: Library): number[][] =>
    ['招商', '招商引资', 'v2.3版', '系统上线', '亿元', '招商 district:邳州'].map((q) =>
      from.search(q, { limit: 20, facets: false }).hits.map((h) => h.reportId)
    )

  /** The library opened again with `file` as its extension (null: none): `check`, then its first pages. */
  const firstPagesWith = (file: string | null, check: (db: Library['db']) => void): number[][] => {
    setRankExtension(file)
    const other = new Library(dir, { readOnly: true })
    try {
      check(other.db)
      return firstPages(other)
    } finally {
      other.close()
      setRankExtension(undefined)
    }
  }

  it('leaves a library without it searching the same', () => {
    const withIt = firstPages(library)
    // Every page has hits: the filtered one too (its hits scored alone, AMONG).
    expect(withIt.every((page) => page.length > 1)).toBe(true)
    expect(
      firstPagesWith(null, (db) => {
        expect(rankFunction(db)).toBe('bm25')
        expect(rankedHits(db, '"招商"', 2000, 20)).toBeNull()
      })
    ).toEqual(withIt)
  })

  it('searches the same with a build from before rank_hits (one an install did not replace)', () => {
    if (process.platform === 'win32') return
    const out = join(dir, `old-${RANK_EXTENSION_FILE}`)
    const headers = join(__dirname, '../../../../node_modules/better-sqlite3/deps/sqlite3')
    const source = join(__dirname, '../../../../native/fts5-rank.c')
    const cc = spawnSync(
      process.env.CC ?? 'cc',
      [
        '-O2',
        '-std=c99',
        '-shared',
        '-fPIC',
        '-DFTS5_RANK_NO_HITS',
        `-I${headers}`,
        source,
        '-o',
        out,
        '-lm',
      ],
      { encoding: 'utf8' }
    )
    expect(cc.status, cc.stderr).toBe(0)
    const withIt = firstPages(library)
    expect(
      firstPagesWith(out, (db) => {
        expect(rankFunction(db)).toBe('rank_bm25')
        expect(rankedHits(db, '"招商"', 2000, 20)).toBeNull()
      })
    ).toEqual(withIt)
  })
})
