/**
 * One line of the reader's text, cut into segments at every search hit, find match, annotation
 * and pointed-at figure, each drawn as its mark. Text is always rendered as text.
 */
import { For } from 'solid-js'
import type { Annotation } from '../../shared/api'
import { t } from './i18n'

interface Segment {
  text: string
  /** Which search hit covers this segment, if any. */
  hit: number | null
  find: number | null
  annotation: Annotation | null
  /** Inside the figure the facts list points at (hovered or focused there). */
  fact: boolean
}

export type Placed = Annotation & { start: number; end: number }

export function findAll(text: string, needle: string): [number, number][] {
  if (needle === '') return []
  const hay = text.toLowerCase()
  const n = needle.toLowerCase()
  const out: [number, number][] = []
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) out.push([at, at + n.length])
  return out
}

/** A range with its place in the whole report's list (the find bar counts and jumps by it). */
type Indexed = [start: number, end: number, index: number]

/**
 * The ranges of a sorted, non-overlapping list that touch [from, to), found by binary search: a
 * line only ever looks at its own hits, so a long report with thousands of them stays linear.
 */
export function rangesIn(list: readonly [number, number][], from: number, to: number): Indexed[] {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid]![1] <= from) lo = mid + 1
    else hi = mid
  }
  const out: Indexed[] = []
  for (let i = lo; i < list.length && list[i]![0] < to; i++) out.push([list[i]![0], list[i]![1], i])
  return out
}

/** Cuts one line (starting at `offset` in the text) into plain, hit and find segments. */
function segmentsOf(
  line: string,
  offset: number,
  hits: Indexed[],
  finds: Indexed[],
  annotations: Placed[],
  fact: readonly [number, number] | null = null
): Segment[] {
  const cuts = new Set([0, line.length])
  const inLine = (r: readonly [number, number, ...unknown[]]): boolean =>
    r[1] > offset && r[0] < offset + line.length
  const annotationRanges = annotations.map((a) => [a.start, a.end] as [number, number])
  for (const r of [...hits, ...finds, ...annotationRanges, ...(fact ? [fact] : [])].filter(inLine)) {
    cuts.add(Math.max(0, r[0] - offset))
    cuts.add(Math.min(line.length, r[1] - offset))
  }
  const points = [...cuts].sort((a, b) => a - b)
  const segments: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i]! + offset
    const e = points[i + 1]! + offset
    const covered = (r: readonly [number, number, ...unknown[]]): boolean => r[0] <= s && r[1] >= e
    const find = finds.find(covered)
    const hit = hits.find(covered)
    const annotation = [...annotations].reverse().find((a) => a.start <= s && a.end >= e) ?? null
    segments.push({
      annotation,
      text: line.slice(points[i], points[i + 1]),
      hit: hit ? hit[2] : null,
      find: find ? find[2] : null,
      fact: fact !== null && covered(fact),
    })
  }
  return segments
}

/** One paragraph (or headline line) of the report with its hits, find matches, notes and pointed figure marked. */
export function Line(props: {
  text: string
  offset: number
  hits: Indexed[]
  finds: Indexed[]
  annotations: Placed[]
  fact: readonly [number, number] | null
  current: number
  onAnnotation: (a: Annotation, el: HTMLElement) => void
}) {
  const marked = (s: Segment) =>
    s.find !== null ? (
      <mark class="find" classList={{ current: s.find === props.current }} data-find={s.find}>
        {s.text}
      </mark>
    ) : s.hit !== null ? (
      <mark class="hit" data-hit={s.hit}>
        {s.text}
      </mark>
    ) : (
      s.text
    )
  const plain = (s: Segment) => (s.fact ? <mark class="fact">{marked(s)}</mark> : marked(s))
  return (
    <For each={segmentsOf(props.text, props.offset, props.hits, props.finds, props.annotations, props.fact)}>
      {(s) =>
        s.annotation ? (
          <mark
            class={`anno anno-${s.annotation.color}`}
            classList={{ noted: s.annotation.note !== '' }}
            data-annotation={s.annotation.id}
            tabindex="0"
            role="button"
            aria-label={`${t().note}: ${s.annotation.exact}`}
            onClick={(e) => props.onAnnotation(s.annotation!, e.currentTarget)}
            onKeyDown={(e) => {
              // As a button: Enter or Space. The key must not reach the note box that opens.
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault()
                props.onAnnotation(s.annotation!, e.currentTarget)
              }
            }}
          >
            {plain(s)}
          </mark>
        ) : (
          plain(s)
        )
      }
    </For>
  )
}
