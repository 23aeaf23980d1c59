import { packTexts } from '../../import/document-texts'
import { REGISTRY_TOKEN_KEY } from './006-registry-token'
import type { Migration } from './index'

/**
 * Each document's texts stored once, compressed (import/document-texts.ts): the original bytes,
 * the text the reports were split from and every report's display text move from three columns
 * (`documents.original`, `documents.content_text`, `sections.text`) into one packed row per
 * document. Writes to it replace the registry token, as writes to the registry do (migration 6).
 */
export const documentTexts: Migration = {
  version: 12,
  name: 'document texts stored once, compressed',
  up(db) {
    db.exec(`
      CREATE TABLE document_texts (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        packed      BLOB NOT NULL
      ) STRICT;
    `)
    for (const event of ['INSERT', 'UPDATE', 'DELETE'])
      db.exec(`
        CREATE TRIGGER document_texts_${event.toLowerCase()}_token AFTER ${event} ON document_texts BEGIN
          INSERT INTO library_meta (key, value) VALUES ('${REGISTRY_TOKEN_KEY}', lower(hex(randomblob(8))))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        END`)
    const documents = db.prepare<
      [number],
      {
        id: number
        original: Buffer
        content_text: string
        encoding: string
        bom_length: number
        format: string
      }
    >(
      'SELECT id, original, content_text, encoding, bom_length, format FROM documents WHERE id > ? ORDER BY id LIMIT 500'
    )
    const sections = db.prepare<[number], { ord: number; text: string }>(
      'SELECT ord, text FROM sections WHERE document_id = ?'
    )
    const insert = db.prepare('INSERT INTO document_texts (document_id, packed) VALUES (?, ?)')
    // In pages of documents: a large library's texts are not all held at once.
    for (let rows = documents.all(0); rows.length > 0; rows = documents.all(rows[rows.length - 1]!.id)) {
      for (const d of rows) {
        const texts: string[] = []
        for (const s of sections.all(d.id)) texts[s.ord] = s.text
        const packed = packTexts(
          { original: d.original, text: d.content_text, sections: Array.from(texts, (t) => t ?? '') },
          d.format === 'txt' ? { encoding: d.encoding, bomLength: d.bom_length } : null
        )
        insert.run(d.id, packed)
      }
    }
    db.exec(`
      ALTER TABLE documents DROP COLUMN original;
      ALTER TABLE documents DROP COLUMN content_text;
      ALTER TABLE sections DROP COLUMN text;
    `)
  },
}
