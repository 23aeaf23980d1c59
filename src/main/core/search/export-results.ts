/**
 * The result set of a query taken out: CSV for a spreadsheet (district, date, headline, source,
 * file, first snippet, amounts) and Markdown with a citation under each report. Every report the
 * query finds, in the order of the search's date sort, newest first.
 */
import { basename } from 'node:path'
import { extractAmounts } from '../analysis/amounts'
import { blockQuote, csvField, mdInline, mdQuoteLine } from '../annotations/exchange'
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { searchReports } from './search'
import { sectionText } from '../import/document-texts'

export type ResultFormat = 'csv' | 'md'

interface ResultRow {
  reportId: number
  district: string | null
  city: string | null
  date: string | null
  headline: string
  source: string | null
  file: string
  snippet: string
  amounts: string[]
}

function resultRows(db: Db, query: string): { rows: ResultRow[]; understood: string } {
  const result = searchReports(db, query, { limit: 0, facets: false, sort: 'date' })
  const detail = statement<[number], { source: string | null; path: string }>(
    db,
    'SELECT s.source, d.path FROM sections s JOIN documents d ON d.id = s.document_id WHERE s.id = ?'
  )
  const rows = result.hits.flatMap((h) => {
    const found = detail.get(h.reportId)
    const text = sectionText(db, h.reportId)
    if (!found || text === undefined) return []
    const row = { ...found, text }
    return [
      {
        reportId: h.reportId,
        district: h.district,
        city: h.city,
        date: h.date,
        headline: h.headline,
        source: row.source,
        file: row.path,
        snippet: h.snippets[0]?.text ?? '',
        amounts: extractAmounts(row.text).map((a) => a.text),
      },
    ]
  })
  return { rows, understood: result.understood }
}

export function exportResults(db: Db, query: string, format: ResultFormat): string {
  const { rows, understood } = resultRows(db, query)
  if (format === 'csv') {
    const header = [
      'report_id',
      'district',
      'city',
      'date',
      'headline',
      'source',
      'file',
      'snippet',
      'amounts',
    ]
    const lines = rows.map((r) =>
      [r.reportId, r.district, r.city, r.date, r.headline, r.source, r.file, r.snippet, r.amounts.join(';')]
        .map(csvField)
        .join(',')
    )
    // A BOM so that spreadsheet programs read the Chinese as UTF-8; CRLF as RFC 4180 asks.
    return '\uFEFF' + [header.join(','), ...lines].join('\r\n') + '\r\n'
  }
  const out = [
    `# 搜索结果：${mdInline(query.trim() || '全部报告')}`,
    '',
    `${rows.length} 篇报告（${mdInline(understood)}）`,
    '',
  ]
  for (const r of rows) {
    out.push(`## ${mdInline([r.district, r.headline].filter(Boolean).join(' ')) || '（无标题）'}`, '')
    if (r.snippet) out.push(...blockQuote(r.snippet.split('\n').map(mdQuoteLine)), '')
    if (r.amounts.length > 0) out.push(`数字：${mdInline(r.amounts.join('、'))}`, '')
    const cite = [
      r.city && r.district ? `${r.city}${r.district}` : r.district,
      r.date,
      r.source,
      basename(r.file),
    ]
    out.push(`— ${mdInline(cite.filter(Boolean).join('，'))}`, '')
  }
  return out.join('\n')
}
