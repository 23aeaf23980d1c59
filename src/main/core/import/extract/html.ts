/**
 * Web pages (news sites, government portals, WeChat articles saved from the browser): the article
 * is extracted with Mozilla's Readability over a linkedom DOM, so navigation, related links,
 * share/QR/read-count widgets and footers stay out; title, publication date and source come from
 * the page's metadata. Nothing of the page runs: scripts are read only for WeChat's date/account
 * variables, as text.
 */
import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import { datesIn, isoDate } from '../dates'
import { sourceOf } from '../split'
import { blockLines, type DomNode } from './blocks'
import { isBoilerplateLine } from './boilerplate'
import { pageShape, streamBlockLines, tagSoupLines, unclosedTags } from './html-stream'
import type { ExtractedDocument } from './types'

/** Readability is skipped on pages with more elements than this (it is not linear on them). */
const MAX_READABILITY_ELEMENTS = 20_000
/** A Readability result shorter than this share of the page's text lost part of the article. */
const MIN_ARTICLE_SHARE = 0.35

interface QueryableDocument {
  querySelector(selector: string): QueryableElement | null
  querySelectorAll(selector: string): ArrayLike<QueryableElement>
  title: string
  body: QueryableElement | null
  documentElement: QueryableElement
}
interface QueryableElement extends DomNode {
  getAttribute(name: string): string | null
  querySelectorAll(selector: string): ArrayLike<QueryableElement>
  remove(): void
}

const clean = (s: string | null | undefined): string | null => {
  const t = (s ?? '').replace(/\s+/gu, ' ').trim()
  return t === '' ? null : t
}

function meta(doc: QueryableDocument, names: readonly string[]): string | null {
  for (const name of names) {
    const el =
      doc.querySelector(`meta[property="${name}"]`) ??
      doc.querySelector(`meta[name="${name}"]`) ??
      doc.querySelector(`meta[itemprop="${name}"]`)
    const content = clean(el?.getAttribute('content'))
    if (content) return content
  }
  return null
}

/** A date written in metadata (2024-04-20T09:31:00+08:00, 2024年4月20日) as an ISO date. */
function metaDate(text: string | null): string | null {
  const found = text ? datesIn(text.slice(0, 200)).find((d) => d.year !== null) : undefined
  return found?.year ? isoDate(found.year, found.month, found.day) : null
}

/** WeChat keeps the publication time as Unix seconds in a script variable (var ct = "1713577860"). */
function unixDateInBeijing(seconds: number): string {
  return new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 10)
}

function scriptVariable(html: string, name: string): string | null {
  const at = html.indexOf(`var ${name} =`)
  if (at < 0) return null
  const m = /^var [a-z_]{1,20} = (?:htmlDecode\()?["']([^"'\n]{1,200})["']/u.exec(html.slice(at, at + 260))
  return m?.[1] ?? null
}

function pageTitle(doc: QueryableDocument, html: string): string | null {
  return (
    meta(doc, ['og:title', 'twitter:title', 'ArticleTitle']) ??
    clean(scriptVariable(html, 'msg_title')) ??
    clean(doc.querySelector('#activity-name')?.textContent) ??
    clean(doc.title)
  )
}

function pageDate(doc: QueryableDocument, html: string): string | null {
  const fromMeta = metaDate(
    meta(doc, [
      'article:published_time',
      'og:published_time',
      'publishdate',
      'PubDate',
      'pubdate',
      'publish_date',
      'publishtime',
      'datePublished',
      'dc.date',
      'DC.date.issued',
      'date',
    ])
  )
  if (fromMeta) return fromMeta
  const ct = scriptVariable(html, 'ct') ?? scriptVariable(html, 'create_time')
  if (ct && /^\d{9,11}$/u.test(ct)) return unixDateInBeijing(Number(ct))
  return (
    metaDate(clean(doc.querySelector('#publish_time')?.textContent)) ??
    infoLineDate(doc) ??
    metaDate(shortText(doc.querySelector('h1')))
  )
}

/** Elements looked at for a page's info line (发布时间：… 来源：…), in page order. */
const INFO_CANDIDATES = 'div, p, span, td, li, em, small, font, h2, h3, h4, h5, h6'
/** The first this many of them: the info line stands under the title, near the top. */
const MAX_INFO_CANDIDATES = 3_000
/** An info line is short; a longer text is an element holding the article too. */
const MAX_INFO_TEXT = 160
/** Characters of element text read at most while looking for it. */
const MAX_INFO_READ = 400_000
const DATE_LABEL = /(?:发布时间|发布日期|发稿时间|发表时间|更新时间|日期|时间)[\s\u3000]*[:：][\s\u3000]*/u

function shortText(el: QueryableElement | null): string | null {
  const text = clean(el?.textContent)
  return text !== null && text.length <= MAX_INFO_TEXT ? text : null
}

/**
 * The short texts of the page, in order, as far as the info line can be: a government portal
 * writes the date and source in the page (发布时间：2024-03-04 来源：…), outside the article and
 * without metadata.
 */
function* infoTexts(doc: QueryableDocument): Generator<string> {
  const found = doc.querySelectorAll(INFO_CANDIDATES)
  // An element's text is its whole subtree's: reading stops after this much of it (linear time).
  let budget = MAX_INFO_READ
  for (let i = 0; i < found.length && i < MAX_INFO_CANDIDATES && budget > 0; i++) {
    const raw = (found[i] as QueryableElement).textContent ?? ''
    budget -= raw.length
    const text = raw.length <= MAX_INFO_TEXT * 4 ? clean(raw) : null
    if (text !== null && text.length <= MAX_INFO_TEXT) yield text
  }
}

function infoLineDate(doc: QueryableDocument): string | null {
  for (const text of infoTexts(doc)) {
    const label = DATE_LABEL.exec(text)
    if (!label) continue
    const date = metaDate(text.slice(label.index + label[0].length))
    if (date) return date
  }
  return null
}

function infoLineSource(doc: QueryableDocument): string | null {
  for (const text of infoTexts(doc)) {
    const source = sourceOf(text)
    if (source !== null) return source
  }
  return null
}

function pageSource(doc: QueryableDocument, html: string): string | null {
  return (
    clean(doc.querySelector('#js_name')?.textContent) ??
    clean(scriptVariable(html, 'nickname')) ??
    meta(doc, ['source', 'ContentSource', 'article:author']) ??
    infoLineSource(doc)
  )
}

function textLength(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length, 0)
}

/** The part of the page that holds the article. */
function articleLines(doc: QueryableDocument, html: string): { lines: string[]; headingLines: number[] } {
  // WeChat's article body is hidden until its script runs; Readability would skip it as invisible.
  const wechat = doc.querySelector('#js_content')
  if (wechat) return blockLines(wechat)
  for (const el of Array.from(doc.querySelectorAll('nav, header, footer, aside, form, [role=navigation]')))
    el.remove()
  const whole = doc.body ? blockLines(doc.body) : { lines: [], headingLines: [] }
  if (doc.querySelectorAll('*').length > MAX_READABILITY_ELEMENTS) return whole
  let article: string | null | undefined
  try {
    article = new Readability(parseHTML(html).document as unknown as Document, {
      charThreshold: 100,
      keepClasses: false,
    }).parse()?.content
  } catch {
    article = null
  }
  if (!article) return whole
  const { document: articleDoc } = parseHTML(`<html><body>${article}</body></html>`)
  const extracted = blockLines(articleDoc.body as unknown as DomNode)
  return textLength(extracted.lines) >= textLength(whole.lines) * MIN_ARTICLE_SHARE ? extracted : whole
}

/** linkedom needs a <body>: a fragment (<p>…</p><p>…</p>) is wrapped in one. */
function asPage(html: string): string {
  return /<body[\s>]/iu.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`
}

/** Deeper or larger pages are read in one streaming pass: building a DOM of them is not linear. */
const MAX_DOM_DEPTH = 256
const MAX_DOM_ELEMENTS = 60_000
/** Real pages leave some hundreds of tags open at most (<p>, <li>); thousands mean tag soup. */
const MAX_UNCLOSED_TAGS = 3_000

function withoutBoilerplate(found: { lines: string[]; headingLines: number[] }): {
  text: string
  headingLines: number[]
} {
  const lines: string[] = []
  const headingLines: number[] = []
  const headings = new Set(found.headingLines)
  found.lines.forEach((line, i) => {
    if (isBoilerplateLine(line)) return
    if (headings.has(i)) headingLines.push(lines.length)
    lines.push(line)
  })
  return { text: lines.join('\n'), headingLines }
}

/** A page's article as lines with heading hints, and its title, date and source. */
export function extractHtml(page: string): ExtractedDocument {
  if (unclosedTags(page) > MAX_UNCLOSED_TAGS)
    return {
      title: null,
      ...withoutBoilerplate({ lines: tagSoupLines(page), headingLines: [] }),
      date: null,
      source: null,
    }
  const shape = pageShape(page)
  if (shape.depth > MAX_DOM_DEPTH || shape.elements > MAX_DOM_ELEMENTS) {
    const streamed = streamBlockLines(page)
    return { title: streamed.title, ...withoutBoilerplate(streamed), date: null, source: null }
  }
  const html = asPage(page)
  const doc = parseHTML(html).document as unknown as QueryableDocument
  const title = pageTitle(doc, html)
  const date = pageDate(doc, html)
  const source = pageSource(doc, html)
  return { title, ...withoutBoilerplate(articleLines(doc, html)), date, source }
}
