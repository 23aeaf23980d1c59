/** Word and PDF files made at test time from a little HTML: the docx package, and Chromium's print to PDF. */
import { chromium } from '@playwright/test'
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const stripTags = (html: string): string => html.replace(/<[^>]{0,200}>/gu, '')

/** The few elements the corpus uses (h1–h3, p, b) as a Word document with heading styles. */
export async function docxFromHtml(html: string): Promise<Buffer> {
  const levels = { h1: HeadingLevel.HEADING_1, h2: HeadingLevel.HEADING_2, h3: HeadingLevel.HEADING_3 }
  const children = [...html.matchAll(/<(h1|h2|h3|p)>([\s\S]*?)<\/\1>/gu)].map(([, tag, inner = '']) => {
    if (tag !== 'p')
      return new Paragraph({ text: stripTags(inner), heading: levels[tag as keyof typeof levels] })
    const bold = /^<b>([\s\S]*)<\/b>$/u.exec(inner)
    return new Paragraph({ children: [new TextRun({ text: stripTags(bold?.[1] ?? inner), bold: !!bold })] })
  })
  return Packer.toBuffer(new Document({ sections: [{ children }] }))
}

/** A page printed to PDF by Chromium, as a user's "Save as PDF" makes it. */
export async function pdfFromHtml(html: string, font = "'Noto Sans CJK SC', sans-serif"): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage()
    await page.setContent(`<html><body style="font-family: ${font}; width: 14cm">${html}</body></html>`)
    return await page.pdf({ format: 'A5' })
  } finally {
    await browser.close()
  }
}
