/** Snippets start and end at clause boundaries nearby, never inside a Latin word or a number. */
import { describe, expect, it } from 'vitest'
import { findMatches, snippetsFor } from './snippets'

const snippet = (text: string, needle: string) => snippetsFor(text, findMatches(text, [needle]))[0]!

describe('snippets', () => {
  it('start after the clause boundary before the hit instead of mid-phrase', () => {
    const text =
      '新沂\n风劲潮更涌\n快马再加鞭\n1月27日,新沂召开招商引资项目建设“一季度开门红”誓师大会，树牢“项目为王”意识。'
    const s = snippet(text, '招商引资')
    expect(s.text.startsWith('再加鞭')).toBe(false)
    // It begins where a line or clause begins: 快马再加鞭 whole, or the sentence after it.
    expect(['快马再加鞭', '1月27日', '新沂召开'].some((w) => s.text.startsWith(w))).toBe(true)
  })

  it('never begin or end inside a Latin word or a number', () => {
    const text = `${'前文'.repeat(10)}abcdefghijklmnopqrstuvwxyz 123456789 招商项目落地${'后文'.repeat(30)}Debian1234567890后记`
    for (const needle of ['招商项目']) {
      const s = snippet(text, needle)
      const at = text.indexOf(s.text.replace(/ /gu, ' '))
      expect(at).toBeGreaterThanOrEqual(0)
      const before = text[at - 1] ?? ''
      const after = text[at + s.text.length] ?? ''
      expect(/[A-Za-z0-9]/u.test(before) && /[A-Za-z0-9]/u.test(s.text[0]!)).toBe(false)
      expect(/[A-Za-z0-9]/u.test(after) && /[A-Za-z0-9]/u.test(s.text[s.text.length - 1]!)).toBe(false)
    }
  })

  it('keep every hit mark on the hit', () => {
    const text = '会议强调，要全力抓好招商引资工作，确保项目早落地。招商引资是第一要务。'
    for (const snip of snippetsFor(text, findMatches(text, ['招商引资'])))
      for (const [s, e] of snip.marks) expect(snip.text.slice(s, e)).toBe('招商引资')
  })
})
