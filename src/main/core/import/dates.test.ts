/** Dates in every form roundups write them, and years that must not date a document. */
import { describe, expect, it } from 'vitest'
import { datesIn, documentDate, reportDate } from './dates'

const first = (text: string) => {
  const d = datesIn(text)[0]
  return d ? [d.year, d.month, d.day] : null
}

describe('dates in text', () => {
  it.each([
    ['1月26日上午', [null, 1, 26]],
    ['2024年2月18日', [2024, 2, 18]],
    ['2024 年 2 月 18 日', [2024, 2, 18]],
    ['2024-02-18 09:31', [2024, 2, 18]],
    ['2024/2/18', [2024, 2, 18]],
    ['2024.02.18', [2024, 2, 18]],
    ['２０２４年２月１８日', [2024, 2, 18]],
    ['二〇二四年三月五日', [2024, 3, 5]],
    ['三月二十一日', [null, 3, 21]],
    ['十二月三十一日', [null, 12, 31]],
    ['5月1日至5日', [null, 5, 1]],
    ['1月26号', [null, 1, 26]],
    ['2月30日无效，3月1日有效', [null, 3, 1]],
  ])('%s', (text, expected) => {
    expect(first(text)).toEqual(expected)
  })

  it.each([
    '1.6亿元',
    '增长6.8%',
    '电话0516-12345678',
    '第2023号',
    '2023年',
    '13月45日',
    '12024-02-18',
    '版本2.3.1',
  ])('no date in %s', (text) => {
    expect(first(text)).toBeNull()
  })
})

describe('the document date', () => {
  it('comes from metadata, the title, an info line, or a year at the head of the lead', () => {
    expect(documentDate('2024-04-20', null, [])).toEqual({ date: '2024-04-20', year: 2024 })
    expect(documentDate(null, '淮安各地（2023年11月8日）', [])).toEqual({ date: '2023-11-08', year: 2023 })
    expect(documentDate(null, null, ['扬州各地', '2024-02-18 来源：扬州发布'])).toEqual({
      date: '2024-02-18',
      year: 2024,
    })
    expect(documentDate(null, null, ['2023年,是全面贯彻落实党的二十大精神的开局之年'])).toEqual({
      date: null,
      year: 2023,
    })
  })

  it('is not a year mentioned in passing', () => {
    expect(documentDate(null, null, ['回顾2019年以来的发展成就'])).toEqual({ date: null, year: null })
    expect(documentDate(null, null, ['表彰2022年度先进集体'])).toEqual({ date: null, year: null })
    expect(documentDate(null, null, ['2021年至2023年，全区累计投资'])).toEqual({ date: null, year: null })
  })
})

describe('a report date', () => {
  const doc = { date: '2024-03-05', year: 2024 }
  it('is the first date of its text, with the year next to it or the document year', () => {
    expect(reportDate('', ['3月4日，召开会议。'], doc)).toEqual({
      date: '2024-03-04',
      origin: 'text',
      monthDay: null,
    })
    expect(reportDate('', ['2022年12月30日，召开总结会。'], doc).date).toBe('2022-12-30')
  })
  it('takes a day alone at the start from the document month', () => {
    expect(reportDate('', ['本报讯 5日，签约。'], doc).date).toBe('2024-03-05')
    expect(reportDate('', ['（记者 王明）4日，签约。'], doc).date).toBe('2024-03-04')
  })
  it('falls back to the stated document date and says so', () => {
    expect(reportDate('', ['项目签约。'], doc)).toEqual({
      date: '2024-03-05',
      origin: 'document',
      monthDay: null,
    })
  })
  it('keeps a month and day without any year as year-unknown', () => {
    expect(reportDate('', ['3月8日，开工。'], { date: null, year: null })).toEqual({
      date: null,
      origin: null,
      monthDay: '03-08',
    })
  })
  it('puts December reports of a January roundup in the year before', () => {
    expect(reportDate('', ['12月30日，总结会。'], { date: '2024-01-03', year: 2024 }).date).toBe('2023-12-30')
  })
})
