/**
 * Splitting roundups into lead / one report per district / closing: the sample, another city's
 * roundup, files without headings, dates, sources, line endings and hard-wrapped paragraphs.
 * Every split must cover each line of the text exactly once, in order.
 */
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Library } from '../library'
import { displayWidth, joinParagraphs } from './paragraphs'
import {
  displayText,
  firstDate,
  sourceOf,
  splitDistrictReports,
  splitLinesKeepingEnds,
  titleSentence,
  type SplitDocument,
} from './split'

const SAMPLE = join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt')
const sample = readFileSync(SAMPLE, 'utf8')

/** Sections start at line 0, follow each other without gaps and end at the last line. */
function expectCoversEveryLine(text: string, split: SplitDocument): void {
  const lines = splitLinesKeepingEnds(text)
  expect(lines.join('')).toBe(text)
  let next = 0
  const rebuilt: string[] = []
  for (const s of split.sections) {
    expect(s.firstLine).toBe(next)
    expect(s.lineCount).toBeGreaterThan(0)
    rebuilt.push(lines.slice(s.firstLine, s.firstLine + s.lineCount).join(''))
    next += s.lineCount
  }
  expect(next).toBe(lines.length)
  expect(split.sections.reduce((n, s) => n + s.lineCount, 0)).toBe(lines.length)
  expect(rebuilt.join('')).toBe(text)
}

const reports = (split: SplitDocument) => split.sections.filter((s) => s.kind === 'report')

/** Hard-wraps a line the way a terminal or a PDF does: at a fixed number of display columns. */
function wrapColumns(line: string, columns: number): string[] {
  const out: string[] = []
  let current = ''
  for (const ch of line) {
    if (displayWidth(current + ch) > columns) {
      out.push(current)
      current = ''
    }
    current += ch
  }
  return [...out, current]
}

describe('the bundled Xuzhou sample', () => {
  const split = splitDistrictReports(sample)

  it('has nine reports in order with districts, dates and the document source', async () => {
    expect(reports(split).map((r) => [r.district, r.date])).toEqual([
      ['沛县', '2023-01-26'],
      ['睢宁', '2023-01-26'],
      ['邳州', '2023-01-27'],
      ['新沂', '2023-01-27'],
      ['铜山区', '2023-01-27'],
      ['鼓楼区', '2023-01-28'],
      ['云龙区', '2023-01-20'],
      ['泉山区', '2023-01-21'],
      ['徐州经济技术开发区', null],
    ])
    expect(split.year).toBe(2023)
    expect(split.source).toBe('徐州发布')
    for (const r of reports(split)) {
      expect(r.source).toBe('徐州发布')
      expect(r.county?.city).toBe('徐州市')
    }
  })

  it('keeps headline lines apart from the body', async () => {
    const suining = reports(split)[1]!
    expect(suining.county?.name).toBe('睢宁县')
    expect(suining.headlineLines).toEqual(['总投资1.6亿元', '大项目落户睢宁县庆安镇'])
    expect(suining.headlineLines.join(' / ')).toBe('总投资1.6亿元 / 大项目落户睢宁县庆安镇')
    expect(suining.paragraphs[0]).toMatch(/^1月26日上午/u)
    expect(displayText(suining)).toContain('佰斯拓工业风机研发制造项目')
    expect(reports(split)[0]!.headlineLines).toEqual([
      '兔年新春',
      '沛县经济开发区',
      '打响新一年招商引资',
      '“发令枪”',
    ])
  })

  it('keeps the lead and the closing as their own sections', async () => {
    const kinds = split.sections.map((s) => s.kind)
    expect(kinds).toEqual(['lead', ...Array<string>(9).fill('report'), 'closing'])
    const lead = split.sections[0]!
    expect(lead.firstLine).toBe(0)
    expect(lead.lineCount).toBe(6)
    expect(lead.district).toBeNull()
    const closing = split.sections.at(-1)!
    expect(closing.paragraphs).toContain('新的一年')
    expect(closing.district).toBeNull()
    const last = reports(split).at(-1)!
    expect(displayText(last)).not.toContain('新的一年')
    expect(displayText(last)).not.toContain('来源')
  })

  it('covers every line exactly once', async () => {
    expectCoversEveryLine(sample, split)
    expect(splitLinesKeepingEnds(sample)).toHaveLength(sample.split('\n').length)
  })
})

describe('another city', () => {
  const nanjing = [
    '2022年南京各区年终盘点',
    '南京各区冲刺全年目标',
    '玄武区',
    '数字经济再提速',
    '12月28日，玄武区召开数字经济推进会，南京市领导出席。',
    '秦淮',
    '老城更新见成效',
    '12月29日，秦淮区老城南更新项目全面完工。',
    '建邺区',
    '河西新城再出发',
    '12月29日，建邺区举行重大项目集中开工仪式。',
    '鼓楼区',
    '高校科创',
    '12月30日，南京鼓楼区与多所高校签署合作协议。',
    '来源：南京日报',
  ].join('\n')

  it('resolves 鼓楼区 to Nanjing by context, not to Xuzhou or Fuzhou', async () => {
    const split = splitDistrictReports(nanjing)
    const rs = reports(split)
    expect(rs.map((r) => r.district)).toEqual(['玄武区', '秦淮', '建邺区', '鼓楼区'])
    expect(rs.map((r) => r.county?.name)).toEqual(['玄武区', '秦淮区', '建邺区', '鼓楼区'])
    for (const r of rs) expect(r.county?.city).toBe('南京市')
    expect(rs[3]!.county?.code).toBe('320106')
    // The same heading in the Xuzhou sample is Xuzhou's 鼓楼区.
    const xuzhouGulou = reports(splitDistrictReports(sample)).find((r) => r.district === '鼓楼区')!
    expect(xuzhouGulou.county?.city).toBe('徐州市')
    expect(xuzhouGulou.county?.code).not.toBe('320106')
    expect(rs.map((r) => r.date)).toEqual(['2022-12-28', '2022-12-29', '2022-12-29', '2022-12-30'])
    expect(split.source).toBe('南京日报')
    expect(rs.every((r) => r.source === '南京日报')).toBe(true)
    expectCoversEveryLine(nanjing, split)
  })

  it('stores district_full and the county code through an import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnr-split-'))
    const library = new Library(join(dir, 'data'))
    try {
      writeFileSync(join(dir, 'nanjing.txt'), nanjing)
      expect((await library.importPaths([join(dir, 'nanjing.txt')])).reports).toBe(4)
      const rows = library.db
        .prepare<
          [],
          { district: string; district_full: string; district_code: string; district_key: string }
        >(
          "SELECT district, district_full, district_code, district_key FROM sections WHERE kind = 'report' ORDER BY ord"
        )
        .all()
      expect(rows[1]).toEqual({
        district: '秦淮',
        district_full: '秦淮区',
        district_code: '320104',
        district_key: '秦淮',
      })
      expect(rows[3]).toMatchObject({ district_full: '鼓楼区', district_code: '320106' })
    } finally {
      library.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('files without district headings', () => {
  it('are one report without a district, covering the whole file', async () => {
    const text = '经济开发区召开会议\n2023年1月26日，会议研究部署招商引资工作。\n会议要求抓好项目落地。\n'
    const split = splitDistrictReports(text)
    expect(split.sections).toHaveLength(1)
    const [only] = split.sections
    expect(only).toMatchObject({ kind: 'report', district: null, county: null, firstLine: 0, lineCount: 3 })
    expect(only!.headlineLines).toEqual(['经济开发区召开会议'])
    expect(only!.date).toBe('2023-01-26')
    expectCoversEveryLine(text, split)
  })

  it('keep an event notice as text, and leave the publication line of a page out', () => {
    const text =
      '区政府召开防汛工作会议\n发布时间：2024-06-03 09:30\n6月2日，区政府召开防汛工作会议。\n时间：2024年6月5日上午9点 地点：区政府会议室\n'
    const [only] = splitDistrictReports(text).sections
    expect(only!.headlineLines).toEqual(['区政府召开防汛工作会议'])
    expect(only!.paragraphs).toEqual([
      '6月2日，区政府召开防汛工作会议。',
      '时间：2024年6月5日上午9点 地点：区政府会议室',
    ])
    expect(only!.date).toBe('2024-06-02')
  })

  it('belong to the county their headline, their site or their source names first', () => {
    const body = '\n3月7日，我县召开一季度招商引资推进会，通报全县招商引资工作情况。\n'
    const county = (text: string, hints: { title?: string; source?: string } = {}) =>
      splitDistrictReports(text, hints).sections[0]!.county?.name ?? null
    expect(county('沛县经济开发区召开会议' + body)).toBe('沛县')
    // A county's own site writes 我县: the county is in the page's title after its site separator…
    expect(
      county('我县召开一季度招商引资推进会' + body, { title: '我县召开一季度招商引资推进会_睢宁县人民政府' })
    ).toBe('睢宁县')
    expect(county('我县召开推进会' + body, { title: '我县召开推进会 | 江苏省徐州市邳州市人民政府' })).toBe(
      '邳州市'
    )
    // …or in its source.
    expect(county('我县召开推进会' + body, { source: '睢宁县融媒体中心' })).toBe('睢宁县')
    expect(county('我县召开推进会\n来源：新沂发布' + body)).toBe('新沂市')
    // A city's site, a title without a site, a headline naming no county: none.
    expect(
      county('全市召开推进会' + body, { title: '全市召开推进会_徐州市人民政府', source: '徐州日报' })
    ).toBeNull()
    expect(county('我县召开推进会' + body, { title: '我县召开推进会' })).toBeNull()
  })

  it('does not take a district name inside a sentence for a heading', async () => {
    const text = '睢宁县庆安镇签约一个项目。\n项目总投资1.6亿元。'
    const split = splitDistrictReports(text)
    expect(split.sections).toHaveLength(1)
    expect(split.sections[0]!.district).toBeNull()
  })
})

describe('datelines and tables of contents', () => {
  it('keeps two reports of one county written as a name and its first sentence', async () => {
    const text = [
      '宿迁各地动态 2024年3月20日',
      '宿城区：3月19日，宿城区召开春耕生产现场会。',
      '宿豫区：3月18日，宿豫区启动高标准农田建设。',
      '宿城区：3月17日，宿城区举行招商推介会，签约项目6个。',
      '',
    ].join('\n')
    const split = splitDistrictReports(text)
    const reports = split.sections.filter((s) => s.kind === 'report')
    expect(reports.map((r) => [r.district, r.date])).toEqual([
      ['宿城区', '2024-03-19'],
      ['宿豫区', '2024-03-18'],
      ['宿城区', '2024-03-17'],
    ])
    expectCoversEveryLine(text, split)
  })

  it('puts a table of contents in the lead, every line once', async () => {
    const text = [
      '县区简报 2024年4月8日',
      '目录',
      '一、姑苏区：古城保护更新项目集中开工',
      '二、吴中区：太湖生态岛建设取得新进展',
      '一、姑苏区：古城保护更新项目集中开工',
      '4月7日，姑苏区古城保护更新项目集中开工。',
      '二、吴中区：太湖生态岛建设取得新进展',
      '今年一季度，吴中区完成生态修复面积1200亩。',
      '',
    ].join('\n')
    const split = splitDistrictReports(text)
    expect(split.sections.map((s) => [s.kind, s.district, s.firstLine])).toEqual([
      ['lead', null, 0],
      ['report', '姑苏区', 4],
      ['report', '吴中区', 6],
    ])
    expect(displayText(split.sections[0]!)).toContain('二、吴中区：太湖生态岛建设取得新进展')
    expectCoversEveryLine(text, split)
  })

  it("reads the dateline under a heading and its headline as that report's first paragraph", async () => {
    const text = [
      '2024年3月5日',
      '靖江市',
      '靖江市船舶产业再发力',
      '靖江讯 5日，靖江市船舶产业项目签约。',
      '',
    ].join('\n')
    const split = splitDistrictReports(text)
    const reports = split.sections.filter((s) => s.kind === 'report')
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatchObject({ district: '靖江市', headlineLines: ['靖江市船舶产业再发力'] })
    expect(reports[0]!.paragraphs).toEqual(['靖江讯 5日，靖江市船舶产业项目签约。'])
    expectCoversEveryLine(text, split)
  })

  it('leaves 本报讯 in the report above it where no dateline names a place', async () => {
    const text = [
      '2024年6月3日',
      '沛县',
      '沛县新能源项目投产。',
      '本报讯 6月1日，睢宁县举行庆祝活动。',
      '',
    ].join('\n')
    const reports = splitDistrictReports(text).sections.filter((s) => s.kind === 'report')
    expect(reports.map((r) => r.district)).toEqual(['沛县'])
  })
})

describe('dates', () => {
  it('takes an explicit year over the document year', async () => {
    expect(firstDate('2022年12月30日，会议召开。', 2023)).toBe('2022-12-30')
    expect(firstDate('2022 年 12 月 30 日', null)).toBe('2022-12-30')
    expect(firstDate('1月26日上午', 2023)).toBe('2023-01-26')
    expect(firstDate('26号', 2023)).toBeNull()
    const text =
      '2023年1月\n睢宁\n年终盘点\n2022年12月30日，睢宁召开总结会。\n邳州\n开门红\n1月3日，邳州开工。\n'
    expect(reports(splitDistrictReports(text)).map((r) => r.date)).toEqual(['2022-12-30', '2023-01-03'])
  })

  it('skips impossible dates and takes the next valid one', async () => {
    expect(firstDate('2月30日无效，3月1日有效', 2023)).toBe('2023-03-01')
    expect(firstDate('13月45日和0月0日都不是日期，12月31日是', 2023)).toBe('2023-12-31')
    expect(firstDate('2月29日', 2023)).toBeNull()
    expect(firstDate('2月29日', 2024)).toBe('2024-02-29')
    const split = splitDistrictReports('2023年\n邳州\n开门红\n2月30日传闻不实，2月3日邳州召开大会。\n')
    expect(reports(split)[0]!.date).toBe('2023-02-03')
  })

  it('reads full-width digits', async () => {
    expect(firstDate('２０２２年１２月３０日', 2023)).toBe('2022-12-30')
    const text = '２０２３年各区动态\n睢宁\n签约仪式\n１月２６日，睢宁县签约。\n'
    const split = splitDistrictReports(text)
    expect(split.year).toBe(2023)
    expect(reports(split)[0]!.date).toBe('2023-01-26')
  })

  it('leaves the date empty without a year to put it in', async () => {
    expect(firstDate('1月26日', null)).toBeNull()
    expect(reports(splitDistrictReports('睢宁\n签约\n1月26日，签约。\n'))[0]!.date).toBeNull()
  })
})

describe('来源 lines', () => {
  it('reads full-width and half-width colons, brackets and traditional spelling', async () => {
    expect(sourceOf('来源：南京日报')).toBe('南京日报')
    expect(sourceOf('来源:徐州发布\r\n')).toBe('徐州发布')
    expect(sourceOf('（来源：新华社）')).toBe('新华社')
    expect(sourceOf('【來源: 中央社】')).toBe('中央社')
    expect(sourceOf('　来源：  邳州发布  ')).toBe('邳州发布')
    expect(sourceOf('本文来源于网络')).toBeNull()
    expect(sourceOf('来源：')).toBeNull()
  })

  it('gives each report its own source, or the document one, and keeps it out of the text', async () => {
    const text =
      '2023年\n睢宁\n签约仪式\n1月26日，签约。\n来源：睢宁发布\n邳州\n开门红\n1月27日，开工。\n来源：徐州发布\n'
    const split = splitDistrictReports(text)
    expect(reports(split).map((r) => r.source)).toEqual(['睢宁发布', '徐州发布'])
    for (const r of reports(split)) expect(displayText(r)).not.toContain('来源')
    expectCoversEveryLine(text, split)
  })
})

describe('line endings', () => {
  const lf = '2023年1月\n睢宁\n签约仪式\n1月26日，签约。\n邳州\n开门红\n1月27日，开工。\n来源：邳州发布'

  it('splits CRLF text like LF text and keeps the CRs in the lines', async () => {
    const crlf = lf.replace(/\n/gu, '\r\n')
    const a = splitDistrictReports(lf)
    const b = splitDistrictReports(crlf)
    expect(b.sections.map((s) => [s.kind, s.firstLine, s.lineCount, s.district, s.date, s.source])).toEqual(
      a.sections.map((s) => [s.kind, s.firstLine, s.lineCount, s.district, s.date, s.source])
    )
    expect(b.sections.map(displayText)).toEqual(a.sections.map(displayText))
    for (const s of b.sections) expect(displayText(s)).not.toMatch(/\r/u)
    expectCoversEveryLine(crlf, b)
    expect(splitLinesKeepingEnds(crlf)[0]).toBe('2023年1月\r\n')
  })

  it('counts a trailing newline as the end of the last line, and old Mac CRs as line ends', async () => {
    const trailing = `${lf}\n`
    expect(splitLinesKeepingEnds(trailing)).toHaveLength(splitLinesKeepingEnds(lf).length)
    const split = splitDistrictReports(trailing)
    expectCoversEveryLine(trailing, split)
    expect(reports(split).at(-1)!.source).toBe('邳州发布')
    const cr = lf.replace(/\n/gu, '\r')
    expect(splitLinesKeepingEnds(cr)).toHaveLength(8)
    expectCoversEveryLine(cr, splitDistrictReports(cr))
    expectCoversEveryLine('\n\n睢宁\n\n签约\n\n', splitDistrictReports('\n\n睢宁\n\n签约\n\n'))
  })
})

describe('hard-wrapped text', () => {
  const paragraph =
    '兔年春节期间，徐州经济技术开发区重大项目建设现场热火朝天，工人们正在加紧施工，确保项目早日竣工投产，为全年经济发展打下坚实基础。各个项目现场塔吊林立、机器轰鸣，一派繁忙景象。'
  const wrapped = paragraph.match(/.{1,20}/gu)!
  const text = ['2023年', '鼓楼区', '项目建设忙', ...wrapped, '', '下一段从这里开始。'].join('\n')

  it('joins a paragraph wrapped at 20 characters back into one paragraph', async () => {
    expect(wrapped.length).toBeGreaterThan(3)
    const split = splitDistrictReports(text)
    const [report] = reports(split)
    expect(report!.headlineLines).toEqual(['项目建设忙'])
    expect(report!.paragraphs).toEqual([paragraph, '下一段从这里开始。'])
    expectCoversEveryLine(text, split)
  })

  it('does not take full wrapped lines for headlines', async () => {
    const body =
      '徐州经济技术开发区重大项目建设现场热火朝天工人们正在加紧施工确保项目早日竣工投产为全年经济发展打下坚实基础各个项目现场塔吊林立机器轰鸣一派繁忙景象。'
    const lines = ['2023年', '鼓楼区', '项目建设忙', ...body.match(/.{1,20}/gu)!, '来源：徐州发布']
    const [report] = reports(splitDistrictReports(lines.join('\n')))
    expect(report!.headlineLines).toEqual(['项目建设忙'])
    expect(report!.paragraphs).toEqual([body])
  })

  it('reads the sample wrapped at 40 columns like the sample itself', async () => {
    const original = splitDistrictReports(sample)
    for (const columns of [40, 60, 76]) {
      const lines = sample.split('\n').flatMap((l) => wrapColumns(l, columns))
      const wrappedSample = lines.join('\n')
      const split = splitDistrictReports(wrappedSample)
      expectCoversEveryLine(wrappedSample, split)
      expect(split.sections.map((s) => [s.kind, s.district, s.date, s.headlineLines])).toEqual(
        original.sections.map((s) => [s.kind, s.district, s.date, s.headlineLines])
      )
      expect(split.sections.map(displayText), `wrapped at ${columns}`).toEqual(
        original.sections.map(displayText)
      )
    }
  })

  it('keeps spaces between wrapped English words but not inside wrapped numbers', async () => {
    expect(joinParagraphs(['The district reported strong growth in the', 'first quarter'], 42)).toEqual([
      'The district reported strong growth in the first quarter',
    ])
    expect(
      joinParagraphs(['深入推进“1356”发展战略，全年目标投资13', '56亿元，项目建设全面提速。'], 40)
    ).toEqual(['深入推进“1356”发展战略，全年目标投资1356亿元，项目建设全面提速。'])
  })

  it('finds a phrase across the wrap after import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dnr-wrap-'))
    const library = new Library(join(dir, 'data'))
    try {
      writeFileSync(join(dir, 'wrapped.txt'), text)
      await library.importPaths([join(dir, 'wrapped.txt')])
      const crossing = paragraph.slice(17, 24) // spans the end of the first wrapped line
      expect(wrapped[0]!.includes(crossing)).toBe(false)
      const result = library.search(crossing, { limit: 0 })
      expect(result.total).toBe(1)
      const report = library.getReport(result.hits[0]!.reportId)
      const [[start, end]] = result.hits[0]!.matches as [[number, number]]
      expect(report.text.slice(start, end)).toBe(crossing)
    } finally {
      library.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('any text (property)', () => {
  const pool = [
    '沛县',
    '睢宁',
    '鼓楼区',
    '【邳州】',
    '兔年新春',
    '总投资1.6亿元',
    '1月26日，沛县经济开发区举行招商引资动员会议。',
    '2022年12月30日，会议召开。',
    '来源：徐州发布',
    '',
    '　全文完',
    'Debian 12 released',
  ]
  it('covers every line once whatever the lines and line endings', async () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool), { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        (lines, eol, trailing) => {
          const text = lines.join(eol) + (trailing ? eol : '')
          const split = splitDistrictReports(text)
          if (splitLinesKeepingEnds(text).length === 0) return
          expectCoversEveryLine(text, split)
          for (const s of split.sections) expect(displayText(s)).not.toMatch(/[\r\n]{2}|\r/u)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('a title sentence', () => {
  const lead = '3月5日，区委书记主持召开会议，听取各街道招商项目进展情况。'
  it.each([
    ['鼓楼区召开招商引资推进会。' + lead, '鼓楼区召开招商引资推进会'],
    ['鼓楼区：数字经济再上新台阶！近日，' + lead, '鼓楼区：数字经济再上新台阶'],
    ['丰县召开推进会。本报讯 ' + lead, '丰县召开推进会'],
    // Not a title: a date in it, too long, too short, no lead after it, nothing after it.
    ['3月5日鼓楼区召开推进会。' + lead, ''],
    ['鼓楼区召开一季度招商引资推进会，全区新签约项目12个，总投资1.6亿元，同比增长百分之二十。' + lead, ''],
    ['会议召开。' + lead, ''],
    ['鼓楼区召开招商引资推进会。会议要求，各部门要强化服务意识。', ''],
    ['鼓楼区召开招商引资推进会。', ''],
  ])('%s → %j', (paragraph, title) => {
    expect(titleSentence([paragraph, '第二段。'])).toBe(title)
  })
})

describe('zones a city runs like districts', () => {
  const districts = (text: string): (string | null)[] =>
    splitDistrictReports(text)
      .sections.filter((s) => s.kind === 'report')
      .map((s) => s.district)
  const report = (name: string): string =>
    `${name}\n${name}召开工作会议\n4月2日，${name}召开工作会议，部署重点任务。\n\n`

  it('head reports of their own among county headings, with no county code', () => {
    const text =
      '徐州市各区工作动态\n\n' + ['鼓楼区', '【徐州高新区】', '淮海国际港务区', '贾汪区'].map(report).join('')
    expect(districts(text)).toEqual(['鼓楼区', '徐州高新区', '淮海国际港务区', '贾汪区'])
    const zone = splitDistrictReports(text).sections.find((s) => s.district === '徐州高新区')!
    expect(zone.county).toBeNull()
    expect(zone.headlineLines).toEqual(['【徐州高新区】召开工作会议'])
    // Numbered, with its headline after a colon.
    expect(
      districts(
        '一、鼓楼区：老旧小区改造提速\n4月2日，鼓楼区召开推进会。\n二、徐州高新区：新增专精特新企业12家\n4月3日，高新区召开企业培育会议。\n三、贾汪区：乡村旅游节开幕\n4月6日，贾汪区乡村旅游节开幕。\n'
      )
    ).toEqual(['鼓楼区', '徐州高新区', '贾汪区'])
  })

  it('stay inside a report: among its headline lines, named after its county, or alone in the document', () => {
    // 沛县 / 兔年新春 / 沛县经济开发区 / …: a headline line, as in the sample.
    expect(
      districts(
        '沛县\n兔年新春\n沛县经济开发区\n1月26日，沛县经济开发区举行招商引资动员会议。\n\n' + report('贾汪区')
      )
    ).toEqual(['沛县', '贾汪区'])
    // A zone named after a county is that county's.
    expect(
      districts(
        report('鼓楼区') + '鼓楼经济开发区\n4月3日，鼓楼经济开发区新签约项目3个。\n\n' + report('贾汪区')
      )
    ).toEqual(['鼓楼区', '贾汪区'])
    // With fewer than two county headings, a zone line is text.
    expect(districts(report('鼓楼区') + report('徐州高新区'))).toEqual(['鼓楼区'])
  })
})

describe('paragraphs with their county at their end', () => {
  const districts = (text: string): (string | null)[] =>
    splitDistrictReports(text)
      .sections.filter((s) => s.kind === 'report')
      .map((s) => s.district)
  const item = (county: string, by = county): string =>
    `${county}召开工作推进会。4月10日，${county}召开工作推进会，部署二季度重点任务。（${by}）\n`

  it('are reports of their own, two or more of them in a document of no heading', () => {
    expect(
      districts('工作动态\n\n' + item('鼓楼区') + item('睢宁县', '睢宁县委办') + item('新沂市'))
    ).toEqual(['鼓楼区', '睢宁县', '新沂市'])
  })

  it('are text where there is only one, or where district headings head the reports', () => {
    expect(districts('工作动态\n' + item('鼓楼区') + '会议还研究了其他事项。\n')).toEqual([null])
    expect(
      districts('鼓楼区\n' + item('鼓楼区', '鼓楼区融媒体中心') + '\n贾汪区\n' + item('贾汪区'))
    ).toEqual(['鼓楼区', '贾汪区'])
  })
})
