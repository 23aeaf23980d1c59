/**
 * Roundups in other formats, from the UI: a Word document and a saved WeChat page are previewed
 * (districts, dates, headlines) before they land, the lead of a roundup is found and read, and a
 * wrong split is corrected in the reader.
 */
import { execFileSync } from 'node:child_process'
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import { ROUNDUPS } from '../src/main/core/import/fixtures/roundups'
import { test, expect, screenshot } from './fixtures'

async function wordDocument(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '无锡各地新春开局', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: '2024年2月21日 来源：无锡日报' }),
          new Paragraph({ text: '江阴市', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ children: [new TextRun({ text: '江阴集成电路项目落地', bold: true })] }),
          new Paragraph({ text: '2月20日，江阴市集成电路项目签约落地，总投资1.6亿元。' }),
          new Paragraph({ text: '宜兴市', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ children: [new TextRun({ text: '宜兴环保产业园扩容', bold: true })] }),
          new Paragraph({ text: '2月19日，宜兴市环保产业园二期开工。' }),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

test('a .docx and a saved WeChat page are previewed, imported, and land as district reports', async ({
  app,
}, testInfo) => {
  const { page } = app
  const wechat = ROUNDUPS.find((r) => r.file === 'wechat-nanjing.html')!
  await page.locator('input[type=file]').setInputFiles([
    {
      name: '无锡.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await wordDocument(),
    },
    { name: '南京各区新春招商.html', mimeType: 'text/html', buffer: Buffer.from(wechat.content) },
  ])
  const preview = page.getByRole('dialog', { name: '导入预览' })
  await expect(preview).toBeVisible()
  const rows = preview.getByRole('row')
  await expect(preview).toContainText('无锡.docx')
  await expect(rows.filter({ hasText: '江阴市' })).toContainText('2024-02-20')
  await expect(rows.filter({ hasText: '江阴市' })).toContainText('江阴集成电路项目落地')
  await expect(rows.filter({ hasText: '鼓楼区' })).toContainText('南京市')
  await expect(rows.filter({ hasText: '鼓楼区' })).toContainText('南京发布')
  await screenshot(page, testInfo, 'import-preview')
  await preview.getByRole('button', { name: '导入 2 个文件' }).click()
  await expect(page.getByRole('dialog', { name: '导入完成' })).toContainText('新增 2 个文件，5 篇报告')
  await expect(page.getByText('14 篇报告')).toBeVisible()

  await page.getByRole('searchbox', { name: '搜索' }).fill('集成电路')
  await page.getByRole('listbox', { name: '报告' }).getByText('江阴市').first().click()
  await expect(page.locator('.report')).toContainText('总投资1.6亿元')
})

test('news datelines in GB18030 and a bulletin with a table of contents land one report per district', async ({
  app,
}, testInfo) => {
  const { page } = app
  const datelines = ROUNDUPS.find((r) => r.file === 'datelines.txt')!
  const contents = ROUNDUPS.find((r) => r.file === 'contents.txt')!
  await page.locator('input[type=file]').setInputFiles([
    {
      name: '徐州县区新闻.txt',
      mimeType: 'text/plain',
      buffer: execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: datelines.content }),
    },
    { name: '苏州工作简报.txt', mimeType: 'text/plain', buffer: Buffer.from(contents.content) },
  ])
  const preview = page.getByRole('dialog', { name: '导入预览' })
  const rows = preview.getByRole('row')
  // 本报讯 names no place: the county its sentence names is the report's.
  await expect(rows.filter({ hasText: '睢宁县' })).toContainText('2024-06-01')
  await expect(rows.filter({ hasText: '沛县' })).toHaveCount(1)
  // Each entry of the table of contents is not a report of its own.
  await expect(rows.filter({ hasText: '姑苏区' })).toHaveCount(1)
  await expect(rows.filter({ hasText: '姑苏区' })).toContainText('2024-04-07')
  await screenshot(page, testInfo, 'datelines-preview')
  await preview.getByRole('button', { name: '导入 2 个文件' }).click()
  await expect(page.getByRole('dialog', { name: '导入完成' })).toContainText('新增 2 个文件，7 篇报告')
  await page.keyboard.press('Escape')

  // The byline stays in the report's text, and is found there.
  await page.getByRole('searchbox', { name: '搜索' }).fill('记者 李明')
  const list = page.getByRole('listbox', { name: '报告' })
  await expect(list.getByRole('option')).toHaveCount(1)
  await expect(list).toContainText('睢宁县')
  await list.getByRole('option').first().click()
  await expect(page.locator('.report')).toContainText('本报讯（记者 李明）6月1日，睢宁县举行')
  await screenshot(page, testInfo, 'dateline-report')
})

test('a word of the sample lead is found, read as the lead, and the document can be walked', async ({
  app,
}, testInfo) => {
  const { page } = app
  await page.getByRole('searchbox', { name: '搜索' }).fill('二十大')
  const list = page.getByRole('listbox', { name: '报告' })
  await expect(list.getByRole('option')).toHaveCount(1)
  await expect(list).toContainText('文档导语')
  await list.getByRole('option').first().click()
  const report = page.locator('.report')
  await expect(report).toContainText('奋力谱写中国式现代化徐州实践新篇章')
  const nav = page.getByRole('navigation', { name: '本文档各部分' })
  await expect(nav.getByRole('button', { name: '文档导语' })).toHaveAttribute('aria-current', 'page')
  await screenshot(page, testInfo, 'lead-in-reader')
  await nav.getByRole('button', { name: '下一部分' }).click()
  await expect(report).toContainText('沛县经济开发区举行招商引资动员会议')
  await nav.getByRole('button', { name: '文档结尾' }).click()
  await expect(report).toContainText('“兔”飞猛进')
})

test('a wrong district is corrected in the reader and the list follows', async ({ app }, testInfo) => {
  const { page } = app
  const list = page.getByRole('listbox', { name: '报告' })
  await list.getByText('徐州经济技术开发区').first().click()
  await page.getByRole('button', { name: '更正拆分' }).click()
  const editor = page.getByRole('form', { name: '更正这篇报告的拆分' })
  await editor.getByLabel('区县', { exact: true }).fill('铜山区')
  await editor.getByLabel('日期').fill('2023-01-29')
  await screenshot(page, testInfo, 'fix-split')
  await editor.getByRole('button', { name: '保存更正' }).click()
  await expect(editor).toBeHidden()
  const meta = page.locator('.report-meta')
  await expect(meta).toContainText('铜山区')
  await expect(meta).toContainText('2023-01-29（已更正）')
  await expect(list.getByText('徐州经济技术开发区')).toHaveCount(0)
  await page.reload()
  await expect(list.getByText('铜山区')).toHaveCount(2)
})

test('zones beside the counties and a county site’s own page land under their own names', async ({
  app,
}, testInfo) => {
  const { page } = app
  const zones = ROUNDUPS.find((r) => r.file === 'zones.txt')!
  const site = ROUNDUPS.find((r) => r.file === 'county-site.html')!
  await page.locator('input[type=file]').setInputFiles([
    {
      name: '重点工作动态.txt',
      mimeType: 'text/plain',
      buffer: execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: zones.content }),
    },
    { name: '我县召开推进会.html', mimeType: 'text/html', buffer: Buffer.from(site.content) },
  ])
  const preview = page.getByRole('dialog', { name: '导入预览' })
  const rows = preview.getByRole('row')
  await expect(rows.filter({ hasText: '徐州高新区' })).toContainText('高新区新增专精特新企业12家')
  await expect(rows.filter({ hasText: '淮海国际港务区' })).toContainText('港务区管委会')
  await expect(rows.filter({ hasText: '睢宁县' })).toContainText('2024-03-07')
  await preview.getByRole('button', { name: '导入 2 个文件' }).click()
  await expect(page.getByRole('dialog', { name: '导入完成' })).toContainText('新增 2 个文件，5 篇报告')
  await page.keyboard.press('Escape')

  await page.getByRole('searchbox', { name: '搜索' }).fill('中欧班列')
  const districts = page.locator('.sidebar ul.facets', {
    has: page.getByRole('button', { name: '全部区县' }),
  })
  await expect(districts.getByRole('button', { name: /^淮海国际港务区/u })).toBeVisible()
  const list = page.getByRole('listbox', { name: '报告' })
  await expect(list.getByRole('option')).toHaveCount(1)
  await expect(list).toContainText('港务区开通中欧班列新线路')
  await page.getByRole('searchbox', { name: '搜索' }).fill('district:睢宁 协议总投资')
  await expect(list.getByRole('option')).toHaveCount(1)
  await expect(list).toContainText('我县召开一季度招商引资推进会')
  await screenshot(page, testInfo, 'zones-and-county-site')
})
