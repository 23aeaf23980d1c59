/**
 * Amounts as a reader of district news means them: what is a reported figure (money, area, people,
 * counts, weights, percentages) and what only looks like one (dates, phone numbers, ordinals, 一个).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractAmounts } from './amounts'

const one = (text: string) => {
  const found = extractAmounts(text)
  expect(found, text).toHaveLength(1)
  return found[0]!
}

describe('extractAmounts', () => {
  it.each([
    ['总投资1.6亿元', '1.6亿元', 'money', 160000000, '元'],
    ['流动资金3000万元', '3000万元', 'money', 30000000, '元'],
    ['重大项目超500亿元', '500亿元', 'money', 50000000000, '元'],
    ['合同金额2,500万元', '2,500万元', 'money', 25000000, '元'],
    ['总投资三千万元', '三千万元', 'money', 30000000, '元'],
    ['引进外资1.2亿美元', '1.2亿美元', 'money', 120000000, '美元'],
    ['实现税收１．６亿元', '１．６亿元', 'money', 160000000, '元'],
    ['奖励500元', '500元', 'money', 500, '元'],
    ['总建筑面积30000平方米', '30000平方米', 'area', 30000, '平方米'],
    ['流转土地5.2万亩', '5.2万亩', 'area', 52000, '亩'],
    ['规划面积12平方公里', '12平方公里', 'area', 12, '平方公里'],
    ['接待游客48万人次', '48万人次', 'people', 480000, '人次'],
    ['共有400余名工友', '400余名', 'people', 400, '人'],
    ['近千名工人', '千名', 'people', 1000, '人'],
    ['新增就业1200人', '1200人', 'people', 1200, '人'],
    ['5个重大项目', '5个', 'count', 5, '个'],
    ['新签约项目23个', '23个', 'count', 23, '个'],
    ['新增规上企业56家', '56家', 'count', 56, '家'],
    ['年产风机500台套', '500台套', 'count', 500, '台套'],
    ['4.6万吨颗粒硅', '4.6万吨', 'weight', 46000, '吨'],
    ['同比增长6.8%', '6.8%', 'percent', 6.8, '%'],
    ['增长１２％', '１２％', 'percent', 12, '%'],
    ['提高2.1个百分点', '2.1个百分点', 'percent', 2.1, '个百分点'],
    ['完成投资十二亿元', '十二亿元', 'money', 1200000000, '元'],
    ['GDP达1000多万元', '1000多万元', 'money', 10000000, '元'],
    ['投资3-5亿元', '5亿元', 'money', 500000000, '元'],
    ['投资3至5亿元', '5亿元', 'money', 500000000, '元'],
    ['占地120公顷', '120公顷', 'area', 120, '公顷'],
    ['辖区面积1.5平方千米', '1.5平方千米', 'area', 1.5, '平方公里'],
    ['培训农民两千人', '两千人', 'people', 2000, '人'],
    ['吸引观众三万人次', '三万人次', 'people', 30000, '人次'],
    ['发放补贴一百零五万元', '一百零五万元', 'money', 1050000, '元'],
    ['完成产值五点二亿元', '五点二亿元', 'money', 520000000, '元'],
    ['带动就业超过2000人', '2000人', 'people', 2000, '人'],
    ['签约项目１５个', '１５个', 'count', 15, '个'],
    ['办理业务8000件', '8000件', 'count', 8000, '件'],
    ['解决问题320项', '320项', 'count', 320, '项'],
    ['装备120台', '120台', 'count', 120, '台'],
    ['粮食总产1.2万吨', '1.2万吨', 'weight', 12000, '吨'],
    ['增速0.5%', '0.5%', 'percent', 0.5, '%'],
    ['社零总额达1,234.5亿元', '1,234.5亿元', 'money', 123450000000, '元'],
    ['总规模1万亿元', '1万亿元', 'money', 1e12, '元'],
    ['招聘50名教师', '50名', 'people', 50, '人'],
    ['近百家企业参展', '百家', 'count', 100, '家'],
    ['Phase 2项目投资8亿元', '8亿元', 'money', 800000000, '元'],
    // Traditional characters: the text as written, the value and unit as in simplified text.
    ['總投資5000萬元', '5000萬元', 'money', 50000000, '元'],
    ['簽約項目2個', '2個', 'count', 2, '个'],
    ['投資3億美元', '3億美元', 'money', 300000000, '美元'],
    ['糧食總產1.2萬噸', '1.2萬噸', 'weight', 12000, '吨'],
    ['流轉土地5.2萬畝', '5.2萬畝', 'area', 52000, '亩'],
    ['完成產值五點二億元', '五點二億元', 'money', 520000000, '元'],
    ['共有400餘名工友', '400餘名', 'people', 400, '人'],
    ['培訓農民兩千人', '兩千人', 'people', 2000, '人'],
    ['占地120公頃', '120公頃', 'area', 120, '公顷'],
    ['提高2.1個百分點', '2.1個百分點', 'percent', 2.1, '个百分点'],
  ])('%s → %s', (input, text, kind, value, unit) => {
    const amount = one(input)
    expect(amount).toMatchObject({ text, kind, value, unit })
    expect(input.slice(amount.start, amount.end)).toBe(text)
  })

  it.each([
    '2023年1月28日',
    '联系电话0516-87654321',
    '第3季度',
    '落地一个龙头项目',
    '一人一策',
    '两名干部',
    '用3个月时间',
    '千方百计',
    '版本2.3.1',
    '时间14:30',
    '2023/01/28',
    '项目编号123456',
    'G3京台高速',
    '徐州市第1号公告',
    '邮编221000',
    '2023年度',
    '3月份',
    '14:30召开',
    'iPhone 15',
    '三个代表',
    '一家人',
    '五个一批',
    '十四五规划',
    '兩個代表',
    '用3個月時間',
    '百姓',
    '',
  ])('finds no amount in %s', (input) => {
    expect(extractAmounts(input)).toEqual([])
  })

  it('cuts exactly its text at its offsets, in order, on random text (property)', () => {
    const pieces = [
      '1',
      '6',
      '0',
      '.',
      ',',
      '１',
      '．',
      '三',
      '千',
      '十',
      '两',
      '点',
      '万',
      '亿',
      '元',
      '美元',
      '平方米',
      '亩',
      '人次',
      '名',
      '个',
      '个月',
      '家',
      '%',
      '％',
      '余',
      '多',
      '超',
      '近',
      '第',
      '-',
      ':',
      '年',
      '，',
      'a',
      ' ',
      '睢宁',
    ]
    let seed = 20231
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    let seen = 0
    for (let round = 0; round < 2000; round++) {
      let input = ''
      const length = 1 + Math.floor(random() * 30)
      for (let i = 0; i < length; i++) input += pieces[Math.floor(random() * pieces.length)]
      const found = extractAmounts(input)
      seen += found.length
      let last = 0
      for (const a of found) {
        expect(input.slice(a.start, a.end), input).toBe(a.text)
        expect(a.start).toBeGreaterThanOrEqual(last)
        expect(Number.isFinite(a.value), input).toBe(true)
        last = a.end
      }
    }
    expect(seen).toBeGreaterThan(100)
  })

  it('keeps the word that bounds an amount', () => {
    expect(one('超500亿元').qualifier).toBe('超')
    expect(one('约3000平方米').qualifier).toBe('约')
    expect(one('約3000平方米').qualifier).toBe('约')
    expect(one('總計1.5億元').qualifier).toBe('总计')
    expect(one('近千名').qualifier).toBe('近')
    expect(one('400余名').qualifier).toBe('余')
    expect(one('投资1.6亿元').qualifier).toBeNull()
  })

  it('finds every amount of the sample report in order, with exact offsets', () => {
    const text = readFileSync(join(__dirname, '../../../../resources/sample-xuzhou-roundup.txt'), 'utf8')
    const found = extractAmounts(text)
    for (const a of found) expect(text.slice(a.start, a.end)).toBe(a.text)
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end)
    const texts = found.map((a) => a.text)
    expect(texts).toEqual(
      expect.arrayContaining(['1.6亿元', '1.3亿元', '3000万元', '30000平方米', '4.6万吨', '400余名'])
    )
    expect(texts).toEqual(expect.arrayContaining(['10亿元', '30亿元', '50亿元']))
  })

  it('stays linear on hostile input (the test timeout is the guard)', () => {
    const hostile = '1'.repeat(200000) + '万'.repeat(100000) + '一二三四五六七八九十'.repeat(20000)
    expect(extractAmounts(hostile)).toEqual([])
  })
})
