/**
 * Importing with prepare workers writes exactly what importing on one thread writes: the same
 * documents, reports, texts, index and figures, the same files skipped and refused, in the same
 * order; and a worker that dies fails only the files it held.
 */
import iconv from 'iconv-lite'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportFileResult } from '../../../shared/api'
import { Library, uploadedSources } from '../library'
import { allSectionTexts } from './document-texts'
import { createPreparePool } from './prepare-pool'
import { insertDocument } from './store-document'
import type { ImportSource } from './sources'

const SAMPLE = readFileSync(join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt'), 'utf8')
const DISTRICTS = ['睢宁', '邳州', '新沂', '沛县', '丰县', '铜山', '贾汪', '鼓楼', '云龙', '泉山']
let dir: string
let workerFile: string

/** The worker as the build runs it, here through tsx (as library-service.test.ts does). */
function wrapper(source: string): string {
  const file = join(dir, `${source.replace(/\W/gu, '_')}.mjs`)
  const tsx = pathToFileURL(join(__dirname, '../../../../node_modules/tsx/dist/esm/api/index.mjs')).href
  writeFileSync(
    file,
    `import { register } from ${JSON.stringify(tsx)}\nregister()\nawait import(${JSON.stringify(pathToFileURL(join(__dirname, source)).href)})\n`
  )
  return file
}

/** Roundups of many kinds: UTF-8 and GB18030, Latin and digits, a duplicate, a binary file, an empty one. */
function sources(): ImportSource[] {
  const files: { name: string; dataBase64: string }[] = []
  for (let i = 0; i < 40; i++) {
    const district = DISTRICTS[i % DISTRICTS.length]!
    const text = SAMPLE.replace(/睢宁/gu, district).replace('1.6亿元', `${i + 1}.${i % 10}亿元，v${i}版`)
    const bytes = i % 3 === 0 ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8')
    files.push({ name: `roundup-${i}.txt`, dataBase64: bytes.toString('base64') })
  }
  files.push({ name: 'again.txt', dataBase64: files[5]!.dataBase64 })
  files.push({
    name: 'binary.txt',
    dataBase64: Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 9]).toString('base64'),
  })
  files.push({ name: 'empty.txt', dataBase64: '' })
  files.push({
    name: 'markup.html',
    dataBase64: Buffer.from(`<h1>徐州</h1><h2>邳州</h2><p>${'招商引资。'.repeat(20)}</p>`).toString('base64'),
  })
  return uploadedSources(files)
}

/** Everything an import leaves in the library, ids included. */
function contents(library: Library): unknown {
  const rows = (sql: string): unknown[] => library.db.prepare(sql).all()
  return {
    documents: rows(
      'SELECT id, path, title, source, encoding, bom_length, content_hash, byte_size, year, date, format, hints FROM documents ORDER BY id'
    ),
    sections: rows('SELECT * FROM sections ORDER BY id'),
    texts: allSectionTexts(library.db),
    originals: rows('SELECT document_id FROM document_texts ORDER BY document_id').map((r) =>
      library.original((r as { document_id: number }).document_id).toString('base64')
    ),
    facts: rows('SELECT * FROM facts ORDER BY section_id, start'),
    searches: ['招商', '1.6亿元', 'v12版', '睢宁', '邳州', '亿元，v3'].map((q) => {
      const result = library.search(q, { limit: 50 })
      return [q, result.total, result.hits.map((h) => h.reportId)]
    }),
  }
}

async function importInto(name: string, options: { prepareWorker?: string }) {
  const library = new Library(join(dir, name))
  const results: ImportFileResult[] = []
  const summary = await library.importSources(sources(), { ...options, onFileResult: (r) => results.push(r) })
  return { library, summary, results }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-prepare-'))
  workerFile = wrapper('prepare-worker.ts')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('prepare workers', () => {
  it('write exactly what one thread writes, in the same order', async () => {
    const inline = await importInto('inline', {})
    const pooled = await importInto('pooled', { prepareWorker: workerFile })
    try {
      expect(inline.summary.documents).toBe(41)
      expect(inline.summary.skipped).toBe(1)
      expect(inline.summary.failed.map((f) => [f.path, f.code])).toEqual([
        ['binary.txt', 'NOT_TEXT'],
        ['empty.txt', 'EMPTY_FILE'],
      ])
      expect(pooled.summary).toEqual(inline.summary)
      expect(pooled.results).toEqual(inline.results)
      expect(contents(pooled.library)).toEqual(contents(inline.library))
      // A figure tokenized on the worker is found as on one thread.
      expect(pooled.library.search('v12版').total).toBe(1)
    } finally {
      inline.library.close()
      pooled.library.close()
    }
  }, 120_000)

  it('fail only the files a dying worker held, and go on with a new one', async () => {
    const dying = join(dir, 'dying.mjs')
    const real = wrapper('prepare-worker.ts')
    // A worker that prepares as the real one, and dies on a file named crash.txt.
    writeFileSync(
      dying,
      [
        `import { parentPort } from 'node:worker_threads'`,
        `await import(${JSON.stringify(pathToFileURL(real).href)})`,
        // Instead of answering for crash.txt, the worker dies.
        `const doomed = new Set()`,
        `parentPort.on('message', (job) => { if (job.source.name === 'crash.txt') doomed.add(job.id) })`,
        `const post = parentPort.postMessage.bind(parentPort)`,
        `parentPort.postMessage = (reply, list) => (doomed.has(reply.id) ? process.exit(3) : post(reply, list))`,
      ].join('\n')
    )
    const library = new Library(join(dir, 'dying'))
    try {
      const summary = await library.importSources(
        uploadedSources([
          { name: 'crash.txt', dataBase64: Buffer.from(SAMPLE.replace(/睢宁/gu, '沛县')).toString('base64') },
          { name: 'fine.txt', dataBase64: Buffer.from(SAMPLE).toString('base64') },
        ]),
        { prepareWorker: dying }
      )
      expect(summary.failed.map((f) => [f.path, f.code])).toEqual([['crash.txt', 'INTERNAL']])
      expect(summary.documents).toBe(1)
      expect(library.search('睢宁').total).toBeGreaterThan(0)
    } finally {
      library.close()
    }
  }, 60_000)

  it('pack a file after answering it, unless the writing thread claims it first: the same bytes either way', async () => {
    const pool = createPreparePool(workerFile, 1)
    const library = new Library(join(dir, 'writer-packs'))
    const until = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
    }
    try {
      for (const source of sources().filter((s) => /roundup-[0-3]\.txt|markup/u.test(s.name))) {
        const bytes = source.read()
        const hash = `hash-of-${source.name}`
        // Claimed as soon as it is answered: its packing never comes, the writer packs it.
        const claimed = await pool.prepare(source, bytes, hash, undefined).then((document) => {
          pool.claim([document])
          return document
        })
        expect(claimed.stored?.packed).toBeUndefined()
        // Not claimed: its packing follows the answer (after the first one's, had that been made).
        const unclaimed = await pool.prepare(source, bytes, hash, undefined)
        await until(() => unclaimed.stored?.packed !== undefined)
        expect(unclaimed.stored?.packed?.length).toBeGreaterThan(0)
        expect(claimed.stored?.packed).toBeUndefined()
        expect(claimed.stored?.index).toEqual(unclaimed.stored?.index)
        // A claim once the packing is in hand changes nothing.
        pool.claim([unclaimed])
        expect(unclaimed.stored?.packed?.length).toBeGreaterThan(0)
        // Written, the texts the writer packed are the worker's bytes.
        const { documentId } = library.db.transaction(() =>
          insertDocument(library.db, claimed.fields, claimed.split.sections, claimed.stored)
        )()
        const stored = library.db
          .prepare('SELECT packed FROM document_texts WHERE document_id = ?')
          .pluck()
          .get(documentId) as Buffer
        expect(stored.equals(unclaimed.stored!.packed!)).toBe(true)
      }
      expect(library.search('招商').total).toBeGreaterThan(0)
    } finally {
      library.close()
      await pool.close()
    }
  }, 60_000)
})
