/** District headings: the decorations they come with, and the lines that must not be taken for one. */
import { describe, expect, it } from 'vitest'
import { parseDateline, parseDistrictHeading } from './headings'

const noCity = (): number => 0
const parse = (line: string, hinted = false) => {
  const m = parseDistrictHeading(line, noCity, hinted)
  return m && { written: m.written, county: m.county.name, rest: m.rest }
}

describe('district headings', () => {
  it.each([
    ['沛县', '沛县', '沛县', ''],
    ['睢宁', '睢宁', '睢宁县', ''],
    ['一、沭阳县：总投资12亿元光伏组件项目开工', '沭阳县', '沭阳县', '总投资12亿元光伏组件项目开工'],
    ['（一）淮安区', '淮安区', '淮安区', ''],
    ['(二)涟水县', '涟水县', '涟水县', ''],
    ['1. 海州区：数字经济产业园开园', '海州区', '海州区', '数字经济产业园开园'],
    ['3、东海县', '东海县', '东海县', ''],
    ['第一站：江宁区', '江宁区', '江宁区', ''],
    ['【广陵区】以“开局即决战”的姿态抢抓项目', '广陵区', '广陵区', '以“开局即决战”的姿态抢抓项目'],
    ['〔梁溪区〕', '梁溪区', '梁溪区', ''],
    ['[沛县]', '沛县', '沛县', ''],
    ['◆ 金坛区', '金坛区', '金坛区', ''],
    ['■溧阳市', '溧阳市', '溧阳市', ''],
    ['▌ 太仓市', '太仓市', '太仓市', ''],
    ['● 张家港市 港城文旅消费亮点纷呈', '张家港市', '张家港市', '港城文旅消费亮点纷呈'],
    ['★ 昆山市：', '昆山市', '昆山市', ''],
    [
      '宿城区：3月19日，宿城区召开春耕生产现场会。',
      '宿城区',
      '宿城区',
      '3月19日，宿城区召开春耕生产现场会。',
    ],
    ['玄武區', '玄武區', '玄武区', ''],
    ['江寧區——開發區重大項目開工', '江寧區', '江宁区', '開發區重大項目開工'],
    ['① 邗江区', '邗江区', '邗江区', ''],
    // The longest name the line starts with (浦东 alone is also a name).
    ['浦东新区：陆家嘴金融城发布新政', '浦东新区', '浦东新区', '陆家嘴金融城发布新政'],
  ])('%s', (line, written, county, rest) => {
    expect(parse(line)).toEqual({ written, county, rest })
  })

  it.each([
    '睢宁县召开全县项目建设推进会。',
    '沛县经济开发区',
    '新沂港区再添新航线',
    '邳州市和新沂市派员参加会议。',
    '鼓楼高新区',
    '1.6亿元项目落户沛县',
    '2023年，睢宁县全力推进项目建设',
    '【通知】关于开展安全生产检查的通知',
    '新年新气象',
    '徐州，“兔”飞猛进',
    '沛县 经济开发区举行招商引资动员会议，旗帜鲜明地释放“全员招商、招大引强”的强烈信号',
    '',
    '区',
    `沛县${'。'.repeat(400)}`,
  ])('not a heading: %s', (line) => {
    expect(parse(line)).toBeNull()
  })

  it.each([
    ['徐州市鼓楼区', '鼓楼区', '徐州市', '', undefined],
    ['江苏省徐州市沛县', '沛县', '徐州市', '', undefined],
    ['二、徐州市泉山区：春风行动招聘会举行', '泉山区', '徐州市', '春风行动招聘会举行', undefined],
    ['【南京市鼓楼区】', '鼓楼区', '南京市', '', undefined],
    ['鼓楼区（3月2日）', '鼓楼区', '南京市', '', '3月2日'],
    ['泉山区(2024年3月1日)：招聘会举行', '泉山区', '徐州市', '招聘会举行', '2024年3月1日'],
    ['【沛县 2024-02-29】', '沛县', '徐州市', '', '2024-02-29'],
    ['■ 鼓楼区召开数字经济发展大会', '鼓楼区', '南京市', '鼓楼区召开数字经济发展大会', undefined],
    ['3. 睢宁县全面启动春耕生产', '睢宁县', '徐州市', '睢宁县全面启动春耕生产', undefined],
  ])('with its city or date: %s', (line, written, city, rest, dated) => {
    const m = parseDistrictHeading(line, noCity)
    expect(m && { written: m.written, city: m.county.city, rest: m.rest, dated: m.dated }).toEqual({
      written,
      city,
      rest,
      dated,
    })
  })

  it.each([
    // A bulleted sentence is body text; a city alone, or a city before no county, is no heading.
    '■ 鼓楼区召开数字经济发展大会，会议强调要加快项目建设。',
    '徐州市',
    '徐州市召开全市经济工作会议',
    '【沛县 经济开发区】',
    '鼓楼区（区委书记张三出席）',
  ])('not a heading either: %s', (line) => {
    expect(parseDistrictHeading(line, noCity)).toBeNull()
  })

  it('takes a headline after a plain space when the format marks the line as a heading', () => {
    expect(parse('沛县 经济开发区举行招商引资动员会议，旗帜鲜明', true)?.rest).toBe(
      '经济开发区举行招商引资动员会议，旗帜鲜明'
    )
  })

  it('chooses among namesakes by the city the document mentions', () => {
    const fuzhou = (city: string) => (city === '福州' ? 3 : 0)
    const nanjing = (city: string) => (city === '南京' ? 3 : 0)
    expect(parseDistrictHeading('鼓楼区', fuzhou)?.county.city).toBe('福州市')
    expect(parseDistrictHeading('鼓楼区', nanjing)?.county.city).toBe('南京市')
  })

  it('reads a line of 100,000 brackets, spaces or bullets in linear time', () => {
    for (const hostile of [
      '（'.repeat(100_000),
      ' '.repeat(100_000) + '沛县',
      '◆'.repeat(100_000),
      `a${'）'.repeat(100_000)}b`,
    ]) {
      const started = performance.now()
      parseDistrictHeading(hostile, noCity)
      expect(performance.now() - started).toBeLessThan(50)
    }
  })
})

describe('news datelines', () => {
  const dateline = (line: string) => {
    const m = parseDateline(line, noCity)
    return m && { written: m.written, county: m.county.name, anonymous: m.anonymous }
  }
  it.each([
    ['丰县讯 6月2日，丰县召开全县招商引资推进会。', '丰县', '丰县', false],
    ['睢宁讯：近日，睢宁县庆安镇签约工业风机项目。', '睢宁', '睢宁县', false],
    ['本报沛县讯（记者 王刚 通讯员 赵敏）近日，沛县经济开发区新能源项目投产。', '沛县', '沛县', false],
    ['■ 新沂讯 新沂市启动夏粮收购。', '新沂', '新沂市', false],
    ['邳州訊（記者 張三）3日，邳州召開會議。', '邳州', '邳州市', false],
    ['本报讯（记者 李明）6月1日，睢宁县举行“六一”国际儿童节庆祝活动。', '睢宁县', '睢宁县', true],
    ['本台讯 近日，在铜山区召开的会议上，新项目集中签约。', '铜山区', '铜山区', true],
    // A dateline opens a paragraph of any length: only its start is read.
    [`丰县讯 ${'丰县持续优化营商环境，'.repeat(40)}`, '丰县', '丰县', false],
  ])('%s', (line, written, county, anonymous) => {
    expect(dateline(line)).toEqual({ written, county, anonymous })
  })

  it.each([
    // 讯 as part of a word after the name, a name inside the sentence, no county at all.
    '丰县讯飞智能科技有限公司今天成立。',
    '据丰县讯，全县新签约项目18个。',
    '本报讯 近日，全市召开安全生产工作会议。',
    '睢宁县召开全县招商引资推进会。',
    '新华社南京6月2日电 江苏省召开会议。',
  ])('not a dateline: %s', (line) => {
    expect(parseDateline(line, noCity)).toBeNull()
  })
})
