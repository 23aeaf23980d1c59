/**
 * The overview's chart, drawn with Apache ECharts (loaded only when the overview is opened, so it
 * stays off the first paint): hits per time bucket as bars, which can be brushed to choose a
 * date range, and a district × time heatmap under them on the same time axis, whose cells and
 * district names can be clicked. One sequential palette, with its legend (the visual map).
 */
import { BarChart, HeatmapChart } from 'echarts/charts'
import { BrushComponent, GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import type { SearchOverview } from '../../shared/api'

echarts.use([
  BarChart,
  HeatmapChart,
  BrushComponent,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
])

export interface OverviewHandlers {
  /** A range of buckets was brushed: their first and last day. */
  onRange: (from: string, to: string) => void
  /** A heatmap cell: its district's filter and its bucket's days. */
  onCell: (filter: string, from: string, to: string) => void
  onDistrict: (filter: string) => void
}

export interface OverviewLabels {
  hits: string
  reports: (n: number) => string
}

/** The theme's colours, read from the page's CSS variables. */
function colours(): Record<'text' | 'muted' | 'accent' | 'border' | 'panel' | 'bg', string> {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback
  return {
    text: read('--text', '#222'),
    muted: read('--muted', '#666'),
    accent: read('--accent', '#b3261e'),
    border: read('--border', '#ddd'),
    panel: read('--panel', '#fff'),
    bg: read('--bg', '#fff'),
  }
}

/** Light to the accent colour: the one palette of both charts. */
function palette(c: ReturnType<typeof colours>): string[] {
  return [c.panel, echarts.color.lerp(0.5, [c.panel, c.accent]) as string, c.accent]
}

export function drawOverview(
  el: HTMLElement,
  data: SearchOverview,
  labels: OverviewLabels,
  handlers: OverviewHandlers
): { dispose: () => void; resize: () => void } {
  const c = colours()
  const chart = echarts.init(el, undefined, { renderer: 'canvas' })
  const keys = data.buckets.map((b) => b.key)
  const rows = data.districts.map((d) =>
    d.city && d.filter.includes(' city:') ? `${d.district}（${d.city}）` : d.district
  )
  const cells = data.districts.flatMap((d, y) =>
    d.counts.map((n, x) => [x, y, n] as [number, number, number])
  )
  const max = Math.max(1, ...cells.map((v) => v[2]))
  const barsHeight = 90
  const rowHeight = 20
  const axis = { color: c.muted, fontSize: 11 }
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: 'inherit', color: c.text },
    tooltip: {
      trigger: 'item',
      backgroundColor: c.panel,
      borderColor: c.border,
      textStyle: { color: c.text },
    },
    grid: [
      { left: 96, right: 16, top: 8, height: barsHeight },
      { left: 96, right: 16, top: barsHeight + 28, height: Math.max(rowHeight, rows.length * rowHeight) },
    ],
    xAxis: [
      {
        type: 'category',
        data: keys,
        gridIndex: 0,
        axisLabel: { show: false },
        axisLine: { lineStyle: { color: c.border } },
      },
      {
        type: 'category',
        data: keys,
        gridIndex: 1,
        axisLabel: axis,
        axisLine: { lineStyle: { color: c.border } },
      },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        minInterval: 1,
        axisLabel: axis,
        splitLine: { lineStyle: { color: c.border } },
      },
      {
        type: 'category',
        data: rows,
        gridIndex: 1,
        inverse: true,
        triggerEvent: true,
        axisLabel: { ...axis, color: c.text },
      },
    ],
    visualMap: {
      type: 'continuous',
      min: 0,
      max,
      seriesIndex: 1,
      orient: 'horizontal',
      left: 96,
      top: barsHeight + 36 + Math.max(rowHeight, rows.length * rowHeight) + 24,
      itemHeight: 120,
      itemWidth: 10,
      calculable: false,
      text: [String(max), '0'],
      textStyle: { color: c.muted },
      inRange: { color: palette(c) },
    },
    brush: {
      xAxisIndex: 0,
      brushType: 'lineX',
      brushMode: 'single',
      throttleType: 'debounce',
      throttleDelay: 300,
      brushStyle: { color: `${c.accent}33`, borderColor: c.accent },
    },
    series: [
      {
        type: 'bar',
        name: labels.hits,
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: data.buckets.map((b) => b.count),
        itemStyle: { color: c.accent },
        tooltip: {
          formatter: (p: { dataIndex: number }) =>
            `${keys[p.dataIndex]}：${labels.reports(data.buckets[p.dataIndex]!.count)}`,
        },
      },
      {
        type: 'heatmap',
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: cells,
        itemStyle: { borderColor: c.bg, borderWidth: 1 },
        tooltip: {
          formatter: (p: { value: [number, number, number] }) =>
            `${rows[p.value[1]]} ${keys[p.value[0]]}：${labels.reports(p.value[2])}`,
        },
      },
    ],
  })
  // Brushing is always on: a drag over the bars chooses a range.
  chart.dispatchAction({
    type: 'takeGlobalCursor',
    key: 'brush',
    brushOption: { brushType: 'lineX', brushMode: 'single' },
  })
  chart.on('brushEnd', (event) => {
    const area = (event as { areas?: { coordRange?: [number, number] }[] }).areas?.[0]
    if (!area?.coordRange) return
    const [a, b] = area.coordRange
    const first = data.buckets[Math.max(0, Math.min(a, b))]
    const last = data.buckets[Math.min(data.buckets.length - 1, Math.max(a, b))]
    if (first && last) handlers.onRange(first.from, last.to)
  })
  chart.on('click', (p) => {
    const params = p as { componentType?: string; seriesType?: string; value?: unknown; dataIndex?: number }
    if (params.seriesType === 'heatmap' && Array.isArray(params.value)) {
      const [x, y] = params.value as [number, number]
      const bucket = data.buckets[x]
      const district = data.districts[y]
      if (bucket && district) handlers.onCell(district.filter, bucket.from, bucket.to)
    } else if (params.componentType === 'yAxis') {
      const district = data.districts[rows.indexOf(String(params.value))]
      if (district) handlers.onDistrict(district.filter)
    }
  })
  return { dispose: () => chart.dispose(), resize: () => chart.resize() }
}

/** The chart's height for this many districts (the bars, the heatmap rows, the legend). */
export function overviewHeight(districts: number): number {
  return 90 + 36 + Math.max(20, districts * 20) + 24 + 40
}
