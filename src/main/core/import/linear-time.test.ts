/**
 * Every extractor and the splitter read hostile text in linear time: generated pathological
 * inputs (long runs of spaces, brackets, bullets, punctuation, repeated headings, 来源 lines,
 * Markdown marks, nested tags) at 256 KB and at 1 MB; the larger may not take more than its share.
 */
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { extractHtml } from './extract/html'
import { extractMarkdown } from './extract/markdown'
import { splitDistrictReports } from './split'

const PIECES = [
  ' ',
  '\u3000',
  '）',
  '（',
  '【',
  '】',
  '◆',
  '■ ',
  '来源：',
  '来源：a',
  '睢宁\n',
  '沛县：',
  '一、',
  '(一)',
  '1.',
  '1月',
  '26日',
  '2023年',
  '2023-01-',
  '#',
  '# a',
  '>',
  '**',
  '*',
  '[',
  '](',
  '`',
  '<b>',
  '</b>',
  '<div>',
  '<p>',
  '<h3>',
  '<a',
  '<!--',
  '<script>',
  '&#',
  '\n',
  '\r\n',
  '。',
  '，',
  '……',
  'a',
  '招商',
]

function timeOf(read: (text: string) => unknown, text: string): number {
  const started = performance.now()
  read(text)
  return performance.now() - started
}

const readers: [string, (text: string) => unknown][] = [
  ['txt', (t) => splitDistrictReports(t)],
  ['md', (t) => splitDistrictReports(extractMarkdown(t).text)],
  ['html', (t) => extractHtml(t)],
]

it('reads 1 MB of any hostile pattern in linear time, through every extractor and the splitter', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }), (pieces) => {
      const unit = pieces.join('')
      const quarter = unit.repeat(Math.ceil((256 * 1024) / unit.length))
      const whole = unit.repeat(Math.ceil((1024 * 1024) / unit.length))
      for (const [name, read] of readers) {
        timeOf(read, quarter.slice(0, 4096)) // warm up
        const small = timeOf(read, quarter)
        const large = timeOf(read, whole)
        expect(large, `${name}: ${JSON.stringify(unit)} × 1 MB`).toBeLessThan(Math.max(3_000, small * 8))
      }
    }),
    { numRuns: 25, seed: 20261130 }
  )
}, 240_000)

it('reads the hostile lines of the security review in linear time', () => {
  // Each line at full size and at a quarter of it: linear reading takes about four times as long
  // for the whole, a quadratic one sixteen times (an absolute bound alone failed on a slow machine
  // at 2.7 s for a line that is read in linear time).
  const hostile = (n: number): string[] => [
    `# a${' '.repeat(n)}b`,
    `来源：a${' '.repeat(n)}`,
    `a${'）'.repeat(n)}b`,
    '睢宁\n'.repeat(n / 5),
    `${'>'.repeat(n / 2)} x`,
    `${'- '.repeat((n * 3) / 10)}x`,
  ]
  const quarters = hostile(250_000)
  hostile(1_000_000).forEach((line, i) => {
    for (const [name, read] of readers) {
      const small = timeOf(read, quarters[i]!)
      const large = timeOf(read, line)
      expect(large, `${name}: ${JSON.stringify(line.slice(0, 12))}…`).toBeLessThan(Math.max(3_000, small * 8))
    }
  })
}, 240_000)
