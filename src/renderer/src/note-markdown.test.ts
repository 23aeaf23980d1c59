import { describe, expect, it } from 'vitest'
import {
  MAX_NOTE_NESTING,
  MAX_RENDERED_NOTE_CHARS,
  plainNote,
  prepareNote,
  renderNote,
  renderNoteWith,
} from './note-markdown'

const nestedList = (levels: number): string =>
  Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- 第${i}层`).join('\n')

const hostile: [string, string][] = [
  ['2,500 nested block quotes', '>'.repeat(2500) + ' x'],
  ['block quotes with spaces', '> '.repeat(5000) + '批注'],
  ['1,000 nested list levels', nestedList(1000)],
  ['5,000 nested list levels', nestedList(5000)],
  ['list markers on one line', '- '.repeat(2500) + 'x'],
  ['quotes and lists on one line', '> - 1. '.repeat(2000) + 'x'],
  ['tab-indented lists', Array.from({ length: 2000 }, (_, i) => `${'\t'.repeat(i)}* a`).join('\n')],
  ['nested emphasis', '*_'.repeat(5000) + 'a' + '_*'.repeat(5000)],
  ['nested links', '['.repeat(5000) + 'a' + '](x)'.repeat(5000)],
  ['a 5 MB note', '睢宁县**总投资**1.6亿元\n'.repeat(300_000)],
]

const identity = (html: string): string => html

describe('rendering hostile notes', () => {
  for (const [name, note] of hostile)
    it(`renders ${name} quickly, without throwing, within bounds`, () => {
      const started = performance.now()
      const html = renderNoteWith(note, identity)
      const viaDomPurify = renderNote(note)
      expect(performance.now() - started).toBeLessThan(200)
      expect(html.length).toBeLessThan(500_000)
      expect(viaDomPurify.length).toBeLessThan(500_000)
    })

  it('flattens nesting deeper than the cap and leaves ordinary notes alone', () => {
    expect(prepareNote('>'.repeat(2500) + ' x')).toBe('>'.repeat(MAX_NOTE_NESTING) + ' x')
    expect(prepareNote('- '.repeat(100) + 'x')).toBe('- '.repeat(MAX_NOTE_NESTING) + 'x')
    const deepest = Math.max(
      ...prepareNote(nestedList(1000))
        .split('\n')
        .map((l) => /^ */u.exec(l)![0].length)
    )
    expect(deepest).toBeLessThanOrEqual(32)
    const ordinary = '# 要点\n\n> 引文\n> > 再引\n\n- 一\n  - 二\n    1. 三\n\n    代码\n**总投资** 1.6亿'
    expect(prepareNote(ordinary)).toBe(ordinary)
    expect(prepareNote('a'.repeat(MAX_RENDERED_NOTE_CHARS + 10))).toHaveLength(MAX_RENDERED_NOTE_CHARS + 1)
  })

  it('still renders ordinary Markdown, with typed HTML as text', () => {
    const html = renderNoteWith('**总投资** 1.6亿 <img src=x onerror=alert(1)>', identity)
    expect(html).toContain('<strong>总投资</strong>')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<img')
  })

  it('falls back to escaped plain text when the sanitiser or parser fails', () => {
    const note = '第一行 <script>alert(1)</script>\n**第二行**'
    const html = renderNoteWith(note, () => {
      throw new RangeError('Maximum call stack size exceeded')
    })
    expect(html).toBe(plainNote(note))
    expect(html).toBe('第一行 &lt;script&gt;alert(1)&lt;/script&gt;<br>**第二行**')
    // Without a DOM, DOMPurify cannot sanitise: never hand back unsanitised HTML.
    expect(renderNote(note)).toBe(plainNote(note))
  })

  it('never splits a surrogate pair when clipping', () => {
    const note = 'a' + '𠀀'.repeat(MAX_RENDERED_NOTE_CHARS)
    expect(plainNote(note).endsWith('𠀀…')).toBe(true)
  })
})
