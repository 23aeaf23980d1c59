/**
 * The database file: each migration on a real file, from the version before it, with the columns
 * later code relies on; reopening changes nothing; a failing migration leaves the file as it was.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CodedError } from '../../../shared/result'
import { LATEST_SCHEMA_VERSION, migrate, openDatabase, schemaVersion } from './database'
import { migrations, type Migration } from './migrations'
import { unpackTexts } from '../import/document-texts'

let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dnr-db-'))
  file = join(dir, 'library.sqlite3')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const columns = (db: Database.Database, table: string): string[] =>
  db
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((c) => c.name)

const objects = (db: Database.Database): string[] =>
  db
    .prepare<[], { name: string }>(
      "SELECT type || ':' || name AS name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .all()
    .map((r) => r.name)

const schemaSql = (db: Database.Database): unknown[] =>
  db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all()

/** A file migrated to `version` with the migration code itself, closed and reopened. */
function fileAt(version: number): Database.Database {
  const db = new Database(file)
  migrate(db, version)
  db.close()
  return new Database(file)
}

describe('001 documents and sections', () => {
  it('creates both tables with every column, from an empty file', () => {
    const db = fileAt(0)
    expect(schemaVersion(db)).toBe(0)
    expect(objects(db)).toEqual([])
    migrate(db, 1)
    expect(schemaVersion(db)).toBe(1)
    expect(columns(db, 'documents')).toEqual([
      'id',
      'path',
      'title',
      'source',
      'encoding',
      'bom_length',
      'content_hash',
      'original',
      'byte_size',
      'content_text',
      'year',
      'imported_at',
    ])
    expect(columns(db, 'sections')).toEqual([
      'id',
      'document_id',
      'ord',
      'kind',
      'first_line',
      'line_count',
      'district',
      'district_full',
      'district_key',
      'district_code',
      'headline',
      'headline_line_count',
      'date',
      'source',
      'text',
    ])
    expect(objects(db)).toEqual(
      expect.arrayContaining(['index:sections_date', 'index:sections_district', 'index:sections_reports'])
    )
    db.close()
  })

  it('enforces section kinds, unique hashes and cascading deletes', () => {
    const db = openDatabase(file)
    db.prepare(
      `INSERT INTO documents (id, path, title, encoding, content_hash, byte_size, imported_at)
       VALUES (1, 'a.txt', 'a', 'utf-8', 'h', 1, 'now')`
    ).run()
    db.prepare("INSERT INTO document_texts (document_id, packed) VALUES (1, x'00')").run()
    const section = db.prepare(
      'INSERT INTO sections (document_id, ord, kind, first_line, line_count) VALUES (1, ?, ?, 0, 1)'
    )
    section.run(0, 'report')
    expect(() => section.run(1, 'advert')).toThrow(/CHECK/u)
    expect(() => section.run(0, 'lead')).toThrow(/UNIQUE/u)
    expect(() =>
      db
        .prepare(
          `INSERT INTO documents (path, title, encoding, content_hash, byte_size, imported_at)
           VALUES ('b.txt', 'b', 'utf-8', 'h', 1, 'now')`
        )
        .run()
    ).toThrow(/UNIQUE/u)
    db.prepare('DELETE FROM documents WHERE id = 1').run()
    expect(db.prepare('SELECT count(*) AS n FROM sections').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM document_texts').get()).toEqual({ n: 0 })
    db.close()
  })
})

describe('002 search index', () => {
  it('adds the meta table and both contentless full-text tables to a version 1 file', () => {
    const db = fileAt(1)
    const before = objects(db)
    migrate(db, 2)
    expect(schemaVersion(db)).toBe(2)
    const added = objects(db).filter((o) => !before.includes(o))
    expect(added).toEqual(
      expect.arrayContaining(['table:library_meta', 'table:report_fts', 'table:report_chars'])
    )
    expect(columns(db, 'library_meta')).toEqual(['key', 'value'])
    expect(columns(db, 'report_fts')).toEqual(['body'])
    expect(columns(db, 'report_chars')).toEqual(['chars'])
    // Contentless: the index stores tokens, never a copy of the text.
    db.prepare("INSERT INTO report_fts (rowid, body) VALUES (7, 'ab bc c')").run()
    expect(db.prepare('SELECT rowid, body FROM report_fts WHERE report_fts MATCH \'"ab bc"\'').get()).toEqual(
      {
        rowid: 7,
        body: null,
      }
    )
    db.prepare('DELETE FROM report_fts WHERE rowid = 7').run()
    expect(db.prepare('SELECT count(*) AS n FROM report_fts').get()).toEqual({ n: 0 })
    db.close()
  })
})

describe('003 annotations', () => {
  it('adds annotations, tags and document versions to a version 2 file', () => {
    const db = fileAt(2)
    migrate(db, 3)
    expect(schemaVersion(db)).toBe(3)
    expect(columns(db, 'annotations')).toEqual(
      expect.arrayContaining([
        'uuid',
        'report_id',
        'start',
        'end',
        'exact',
        'prefix',
        'suffix',
        'color',
        'deleted_at',
      ])
    )
    expect(columns(db, 'annotation_tags')).toEqual(['annotation_id', 'tag'])
    expect(columns(db, 'document_versions')).toEqual(
      expect.arrayContaining(['document_id', 'original', 'replaced_at'])
    )
    db.close()
  })
})

describe('012 document texts', () => {
  it('moves each document’s original, text and report texts into one packed row, byte for byte', () => {
    const db = fileAt(11)
    const gb = Buffer.from([0xee, 0xa1, 0xc4, 0xfe, 0x0a, 0xd5, 0xd0, 0xc9, 0xcc]) // 睢宁\n招商 in GB18030
    const utf8 = Buffer.from('\ufeff睢宁县\n总投资1.6亿元，age）是可能\n', 'utf8')
    const insert = db.prepare(
      `INSERT INTO documents (id, path, title, encoding, bom_length, content_hash, original, byte_size, content_text, imported_at, format)
       VALUES (?, ?, 't', ?, ?, ?, ?, ?, ?, 'now', ?)`
    )
    insert.run(1, 'gb.txt', 'gb18030', 0, 'h1', gb, gb.length, '睢宁\n招商', 'txt')
    insert.run(2, 'u.txt', 'utf-8', 3, 'h2', utf8, utf8.length, '睢宁县\n总投资1.6亿元，age）是可能\n', 'txt')
    insert.run(3, 'p.html', 'utf-8', 0, 'h3', Buffer.from('<p>邳州</p>'), 12, '邳州', 'html')
    const section = db.prepare(
      "INSERT INTO sections (document_id, ord, kind, first_line, line_count, text) VALUES (?, ?, 'report', 0, 1, ?)"
    )
    section.run(1, 0, '睢宁')
    section.run(1, 1, '招商')
    section.run(2, 0, '睢宁县 / 总投资1.6亿元，age）是可能')
    section.run(3, 0, '邳州')
    migrate(db, 12)
    expect(columns(db, 'documents')).not.toContain('original')
    expect(columns(db, 'documents')).not.toContain('content_text')
    expect(columns(db, 'sections')).not.toContain('text')
    const packed = db
      .prepare<[number], Buffer>('SELECT packed FROM document_texts WHERE document_id = ?')
      .pluck()
    expect(unpackTexts(packed.get(1)!)).toEqual({
      original: gb,
      text: '睢宁\n招商',
      sections: ['睢宁', '招商'],
    })
    expect(unpackTexts(packed.get(2)!)).toEqual({
      original: utf8,
      text: '睢宁县\n总投资1.6亿元，age）是可能\n',
      sections: ['睢宁县 / 总投资1.6亿元，age）是可能'],
    })
    expect(unpackTexts(packed.get(3)!)).toEqual({
      original: Buffer.from('<p>邳州</p>'),
      text: '邳州',
      sections: ['邳州'],
    })
    db.close()
  })
})

describe('a new library', () => {
  it('is made in 16 KB pages and gives back the room a merge of its index frees', async () => {
    const db = openDatabase(file)
    expect(db.pragma('page_size', { simple: true })).toBe(16384)
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2)
    db.close()
    const { Library, uploadedSources } = await import('../library')
    const { optimizeIndex } = await import('../search/index-store')
    const library = new Library(dir)
    await library.importPaths([join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')])
    const sample = readFileSync(join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt'), 'utf8')
    for (const [n, district] of ['丰县', '沛县', '邳州'].entries())
      await library.importSources(
        uploadedSources([
          {
            name: `${n}.txt`,
            dataBase64: Buffer.from(sample.replace(/睢宁/gu, district)).toString('base64'),
          },
        ])
      )
    // Segments merged into one: the old segments' pages are freed, and given back.
    library.db.exec("INSERT INTO report_fts(report_fts) VALUES ('optimize')")
    expect(library.db.pragma('freelist_count', { simple: true })).toBeGreaterThan(0)
    optimizeIndex(library.db)
    expect(library.db.pragma('freelist_count', { simple: true })).toBe(0)
    expect(library.search('睢宁').total).toBeGreaterThan(0)
    library.close()
  })
})

describe('opening', () => {
  it('migrates a new file to the latest version with WAL and foreign keys on', () => {
    const db = openDatabase(file)
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })

  it('changes nothing when an up-to-date file is opened again', () => {
    const first = openDatabase(file)
    const schema = schemaSql(first)
    first.close()
    const again = openDatabase(file)
    expect(schemaSql(again)).toEqual(schema)
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION)
    migrate(again)
    expect(schemaSql(again)).toEqual(schema)
    again.close()
  })

  it('upgrades an old file step by step to the same schema as a new one', () => {
    const old = fileAt(1)
    old.close()
    const upgraded = openDatabase(file)
    const upgradedSchema = schemaSql(upgraded)
    upgraded.close()
    const fresh = openDatabase(join(dir, 'fresh.sqlite3'))
    expect(upgradedSchema).toEqual(schemaSql(fresh))
    fresh.close()
  })

  it('refuses a file written by a newer version of the app', () => {
    const db = new Database(file)
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    db.close()
    let error: unknown
    try {
      openDatabase(file)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(CodedError)
    expect((error as Error).message).toMatch(/newer version/u)
  })

  it('rolls a failing migration back whole, leaving the version before it', () => {
    const db = fileAt(2)
    const before = schemaSql(db)
    const broken: Migration = {
      version: 3,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)')
        d.exec('CREATE TABLE documents (x INTEGER)') // already exists: fails after the first table
      },
    }
    expect(() => migrate(db, 3, [...migrations.slice(0, 2), broken])).toThrow(/already exists/u)
    expect(schemaVersion(db)).toBe(2)
    expect(schemaSql(db)).toEqual(before)
    migrate(db)
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    db.close()
  })
})
