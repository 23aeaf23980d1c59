/**
 * A user's corrections of a split, applied over the derived sections in the order they were made:
 * set a report's district, date or headline; merge a report with the next section; split a report
 * at a paragraph into a new district report. The original bytes and text never change, so the
 * corrections apply again when the document is re-derived or re-imported; one whose section no
 * longer exists is skipped.
 */
import type { Db } from '../db/database'
import { statement } from '../db/statements'
import { normalizeForSearch } from '../search/normalize'
import { reportDate, type DocumentDate } from './dates'
import { districtKey, lookupCounty } from './districts'
import { splitLinesKeepingEnds, type SplitSection } from './split'

export interface Correction {
  sectionKey: string
  action: 'set' | 'merge' | 'split'
  district: string | null
  date: string | null
  headline: string | null
  splitAt: string | null
}

/** Which section of a document a section is: lead, closing, its district (and which of them), or its place. */
export function reportKeys(
  sections: readonly { kind: string; district: string | null }[]
): (string | null)[] {
  const seen = new Map<string, number>()
  return sections.map((s, ord) => {
    let key: string
    if (s.kind !== 'report') key = s.kind
    else if (!s.district) key = `ord:${ord}`
    else key = `district:${districtKey(s.district)}`
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    return n === 1 ? key : `${key}#${n}`
  })
}

export function loadCorrections(db: Db, documentId: number): Correction[] {
  return statement<
    [number],
    {
      section_key: string
      action: Correction['action']
      district: string | null
      date: string | null
      headline: string | null
      split_at: string | null
    }
  >(
    db,
    'SELECT section_key, action, district, date, headline, split_at FROM corrections WHERE document_id = ? ORDER BY id'
  )
    .all(documentId)
    .map((r) => ({
      sectionKey: r.section_key,
      action: r.action,
      district: r.district,
      date: r.date,
      headline: r.headline,
      splitAt: r.split_at,
    }))
}

/** The district a user typed, as the gazetteer knows it (no city context: the first namesake). */
function withDistrict(section: SplitSection, written: string): SplitSection {
  const name = normalizeForSearch(written.trim())
  return {
    ...section,
    kind: 'report',
    district: name,
    districtWritten: written.trim(),
    county: lookupCounty(name, () => 0),
  }
}

/** The line (inside the section) where the paragraph beginning with `prefix` starts. */
function lineOfParagraph(lines: readonly string[], section: SplitSection, prefix: string): number | null {
  const probe = prefix.trim().slice(0, 16)
  if (probe === '') return null
  for (let i = section.firstLine + 1; i < section.firstLine + section.lineCount; i++)
    if ((lines[i] ?? '').trim().startsWith(probe)) return i
  return null
}

function applyOne(
  sections: SplitSection[],
  c: Correction,
  lines: readonly string[],
  doc: DocumentDate
): SplitSection[] {
  const at = reportKeys(sections).indexOf(c.sectionKey)
  if (at < 0) return sections
  const target = sections[at] as SplitSection
  const out = [...sections]
  if (c.action === 'set') {
    let next = c.district ? withDistrict(target, c.district) : { ...target }
    if (c.date) next = { ...next, date: c.date, dateOrigin: 'user', monthDay: null }
    if (c.headline !== null) next = { ...next, headlineOverride: c.headline }
    out[at] = next
    return out
  }
  if (c.action === 'merge') {
    const following = sections[at + 1]
    if (!following) return sections
    out.splice(at, 2, {
      ...target,
      lineCount: target.lineCount + following.lineCount,
      paragraphs: [...target.paragraphs, ...following.headlineLines, ...following.paragraphs],
    })
    return out
  }
  // split: a new report from the paragraph that starts with splitAt to the section's end.
  if (!c.splitAt || !c.district) return sections
  const line = lineOfParagraph(lines, target, c.splitAt)
  const probe = c.splitAt.trim().slice(0, 16)
  const index = target.paragraphs.findIndex((p, i) => i > 0 && p.startsWith(probe))
  if (line === null || index <= 0) return sections
  const before: SplitSection = {
    ...target,
    lineCount: line - target.firstLine,
    paragraphs: target.paragraphs.slice(0, index),
  }
  const paragraphs = target.paragraphs.slice(index)
  const dated = reportDate('', paragraphs, doc)
  const after = withDistrict(
    {
      ...target,
      firstLine: line,
      lineCount: target.firstLine + target.lineCount - line,
      headlineLines: [],
      headlineOverride: undefined,
      paragraphs,
      date: dated.date,
      dateOrigin: dated.origin,
      monthDay: dated.monthDay,
    },
    c.district
  )
  out.splice(at, 1, before, after)
  return out
}

export function applyCorrections(
  sections: readonly SplitSection[],
  corrections: readonly Correction[],
  text: string,
  doc: DocumentDate
): SplitSection[] {
  if (corrections.length === 0) return [...sections]
  const lines = splitLinesKeepingEnds(text).map((l) => l.replace(/(?:\r\n|\r|\n)$/u, ''))
  return corrections.reduce((acc, c) => applyOne(acc, c, lines, doc), [...sections])
}
