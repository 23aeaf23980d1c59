/** Pages too deep or too large for a DOM are read in one streaming pass, with the same headings. */
import { describe, expect, it } from 'vitest'
import { splitDistrictReports } from '../split'
import { extractHtml } from './html'
import { tagSoupLines, unclosedTags } from './html-stream'

const ARTICLE = `<h1>镇江各地</h1><p>2024-04-20 来源：镇江日报</p>
<h3>丹阳市</h3><p><strong>丹阳项目开工</strong></p><p>4月19日，丹阳市举行重大项目集中开工活动。</p>
<h3>句容市</h3><p><b>句容签约项目</b></p><p>4月18日，句容市召开招商引资推进会。</p>
<script>var x = '<h3>不是标题</h3>'</script><p>分享到：微信</p>`

describe('streaming reading of a page', () => {
  it('splits a page nested 400 levels deep like a shallow one', () => {
    const deep = `<html><body>${'<div>'.repeat(400)}${ARTICLE}${'</div>'.repeat(400)}</body></html>`
    const extracted = extractHtml(deep)
    const split = splitDistrictReports(extracted.text, extracted)
    const reports = split.sections.filter((s) => s.kind === 'report')
    expect(reports.map((r) => [r.district, r.date, r.headlineLines.join(' / '), r.source])).toEqual([
      ['丹阳市', '2024-04-19', '丹阳项目开工', '镇江日报'],
      ['句容市', '2024-04-18', '句容签约项目', '镇江日报'],
    ])
    expect(extracted.text).not.toContain('不是标题')
    expect(extracted.text).not.toContain('分享到')
  })

  it('reads tag soup of thousands of unclosed tags as its text', () => {
    const soup = `${'<b>'.repeat(5_000)}<p>丹阳市</p><p>4月19日，丹阳市开工 &amp; 签约。</p><script>alert(1)</script>`
    expect(unclosedTags(soup)).toBeGreaterThan(3_000)
    expect(tagSoupLines(soup)).toEqual(['丹阳市', '4月19日，丹阳市开工 & 签约。'])
    expect(extractHtml(soup).text).toBe('丹阳市\n4月19日，丹阳市开工 & 签约。')
  })
})
