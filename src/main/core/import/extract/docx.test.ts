/**
 * What a Word document holds besides its paragraphs: tracked changes read as the document now
 * stands (insertions kept, deletions dropped), and footnotes are text of the document (searchable,
 * after its paragraphs), without the arrow that links each back to its mark.
 */
import {
  DeletedTextRun,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  Paragraph,
  TextRun,
} from 'docx'
import { describe, expect, it } from 'vitest'
import { extractDocx } from './docx'

const change = { author: '编辑', date: '2024-03-06T08:00:00Z' }

describe('a Word document with tracked changes and footnotes', () => {
  it('reads the changes as accepted and the footnotes as text after the paragraphs', async () => {
    const doc = new Document({
      footnotes: { 1: { children: [new Paragraph('注：以上数据为初步统计。')] } },
      sections: [
        {
          children: [
            new Paragraph({ text: '鼓楼区', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({
              children: [
                new TextRun('3月5日，鼓楼区召开招商推进会，新签约项目'),
                new DeletedTextRun({ text: '10', id: 1, ...change }),
                new InsertedTextRun({ text: '12', id: 2, ...change }),
                new TextRun('个，总投资1.6亿元。'),
                new FootnoteReferenceRun(1),
              ],
            }),
          ],
        },
      ],
    })
    const bytes = new Uint8Array(await Packer.toBuffer(doc))
    const { text, headingLines } = await extractDocx(bytes, '动态.docx')
    const lines = text.split('\n')
    expect(lines[0]).toBe('鼓楼区')
    expect(headingLines).toContain(0)
    expect(lines[1]).toBe('3月5日，鼓楼区召开招商推进会，新签约项目12个，总投资1.6亿元。[1]')
    expect(lines.at(-1)).toBe('注：以上数据为初步统计。')
    expect(text).not.toContain('↑')
  })
})
