/** A small chart of reports per month, stacked by district; clicking a month filters by it. */
import { createMemo, For, Show } from 'solid-js'
import { t } from './i18n'
import { districtKey } from '../../shared/district-key'
import type { ApiResults } from '../../shared/api'

const COLORS = [
  '#3b82f6',
  '#ef4444',
  '#10b981',
  '#f59e0b',
  '#8b5cf6',
  '#ec4899',
  '#14b8a6',
  '#f97316',
  '#64748b',
]

export function Timeline(props: {
  dates: ApiResults['reportDates']
  month: string | null
  district: string | null
  onMonth: (month: string | null) => void
}) {
  const data = createMemo(() => {
    // The chosen district however its reports wrote it (睢宁, 睢宁县): by key.
    const chosen = props.district === null ? null : districtKey(props.district)
    const dated = props.dates.filter((r) => chosen === null || r.key === chosen)
    const districts = new Map<string, number>()
    for (const r of dated) districts.set(r.key ?? '—', (districts.get(r.key ?? '—') ?? 0) + r.count)
    // Each of the most frequent districts has a colour of its own; the rest share the last one
    // (they did before too, the colours repeating): a library of thousands of counties drew a
    // segment per district and month, 2,300 elements, with a lookup of the district per segment.
    const colourOf = new Map<string, number>()
    for (const [d] of [...districts.entries()].sort((a, b) => b[1] - a[1]))
      colourOf.set(d, Math.min(colourOf.size, COLORS.length - 1))
    // A short span (about two months from the first date to the last) is shown by day, a longer
    // one by month: two dates a year apart are two months, not two days.
    let first = ''
    let last = ''
    for (const r of dated) {
      if (first === '' || r.date < first) first = r.date
      if (r.date > last) last = r.date
    }
    const spanDays = (Date.parse(last.slice(0, 10)) - Date.parse(first.slice(0, 10))) / 86_400_000
    const bucketLength = spanDays <= 62 ? 10 : 7
    /** Per month, reports per colour (the stacking order, bottom first). */
    const byMonth = new Map<string, number[]>()
    for (const r of dated) {
      const month = r.date.slice(0, bucketLength)
      const counts = byMonth.get(month) ?? new Array<number>(COLORS.length).fill(0)
      counts[colourOf.get(r.key ?? '—')!]! += r.count
      byMonth.set(month, counts)
    }
    const months = [...byMonth.keys()].sort().slice(-36)
    const max = Math.max(1, ...months.map((m) => byMonth.get(m)!.reduce((a, b) => a + b, 0)))
    return { months, byMonth, max }
  })
  const width = 220
  const height = 72
  return (
    <section class="timeline" aria-label={t().timeline}>
      <h2>{t().timeline}</h2>
      <Show when={data().months.length > 0} fallback={<p class="muted small">{t().noDate}</p>}>
        {/* A group, not an image: its bars are buttons, and an image's content is not read. */}
        <svg viewBox={`0 0 ${width} ${height + 14}`} role="group" aria-label={t().timeline}>
          <For each={data().months}>
            {(month, i) => {
              const barWidth = (): number => Math.min(16, Math.max(3, width / data().months.length - 3))
              const x = (): number => i() * (width / data().months.length)
              const segments = (): { colour: string; y: number; h: number }[] => {
                let y = height
                return data()
                  .byMonth.get(month)!
                  .flatMap((count, colour) => {
                    if (count === 0) return []
                    const h = (count / data().max) * (height - 4)
                    y -= h
                    return [{ colour: COLORS[colour]!, y, h }]
                  })
              }
              return (
                <g
                  class="bar"
                  classList={{ active: props.month === month }}
                  role="button"
                  tabindex="0"
                  aria-label={`${month}`}
                  aria-pressed={props.month === month}
                  onClick={() => props.onMonth(props.month === month ? null : month)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault()
                      props.onMonth(props.month === month ? null : month)
                    }
                  }}
                >
                  <title>{month}</title>
                  <rect x={x()} y={0} width={barWidth()} height={height} class="hit" />
                  <For each={segments()}>
                    {(s) => (
                      <rect x={x()} y={s.y} width={barWidth()} height={Math.max(1, s.h)} fill={s.colour} />
                    )}
                  </For>
                </g>
              )
            }}
          </For>
          <text x="0" y={height + 12} class="axis">
            {data().months[0]}
          </text>
          <text x={width} y={height + 12} class="axis" text-anchor="end">
            {data().months[data().months.length - 1]}
          </text>
        </svg>
      </Show>
    </section>
  )
}
