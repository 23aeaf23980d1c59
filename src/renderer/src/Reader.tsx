/**
 * The reader: headline, metadata, paragraphs. Search hits are highlighted from the exact offsets
 * the library returns; Ctrl+F finds inside the report. Text is always rendered as text.
 */
import { createEffect, createMemo, createResource, createSignal, For, on, onCleanup, Show } from 'solid-js'
import type { ReportDetail } from '../../shared/api'
import { api } from './api'
import { t } from './i18n'
import { readingPosition, saveReadingPosition } from './preferences'

interface Segment {
  text: string
  hit: boolean
  find: number | null
}

function findAll(text: string, needle: string): [number, number][] {
  if (needle === '') return []
  const hay = text.toLowerCase()
  const n = needle.toLowerCase()
  const out: [number, number][] = []
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) out.push([at, at + n.length])
  return out
}

/** Cuts one line (starting at `offset` in the text) into plain, hit and find segments. */
function segmentsOf(
  line: string,
  offset: number,
  hits: [number, number][],
  finds: [number, number][]
): Segment[] {
  const cuts = new Set([0, line.length])
  const inLine = (r: [number, number]): boolean => r[1] > offset && r[0] < offset + line.length
  for (const r of [...hits, ...finds].filter(inLine)) {
    cuts.add(Math.max(0, r[0] - offset))
    cuts.add(Math.min(line.length, r[1] - offset))
  }
  const points = [...cuts].sort((a, b) => a - b)
  const segments: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i]! + offset
    const e = points[i + 1]! + offset
    const covered = (r: [number, number]): boolean => r[0] <= s && r[1] >= e
    const findIndex = finds.findIndex(covered)
    segments.push({
      text: line.slice(points[i], points[i + 1]),
      hit: hits.some(covered),
      find: findIndex >= 0 ? findIndex : null,
    })
  }
  return segments
}

function Line(props: {
  text: string
  offset: number
  hits: [number, number][]
  finds: [number, number][]
  current: number
}) {
  return (
    <For each={segmentsOf(props.text, props.offset, props.hits, props.finds)}>
      {(s) =>
        s.find !== null ? (
          <mark class="find" classList={{ current: s.find === props.current }} data-find={s.find}>
            {s.text}
          </mark>
        ) : s.hit ? (
          <mark class="hit">{s.text}</mark>
        ) : (
          s.text
        )
      }
    </For>
  )
}

export function Reader(props: {
  reportId: number
  matches: [number, number][] | null
  findOpen: boolean
  onCloseFind: () => void
}) {
  const [report] = createResource(
    () => props.reportId,
    (id) => api.getReport({ id })
  )
  const [findText, setFindText] = createSignal('')
  const [current, setCurrent] = createSignal(0)
  let scroller!: HTMLDivElement
  let findInput: HTMLInputElement | undefined

  const finds = createMemo(() => (report() ? findAll(report()!.text, findText()) : []))
  const lines = createMemo(() => {
    const r = report()
    if (!r) return []
    let offset = 0
    return r.text.split('\n').map((text, i) => {
      const line = { text, offset, headline: i < r.headlineLineCount }
      offset += text.length + 1
      return line
    })
  })

  createEffect(
    on(report, (r: ReportDetail | undefined) => {
      if (!r) return
      requestAnimationFrame(() => {
        const first = scroller.querySelector('mark.hit')
        if (props.matches && props.matches.length > 0 && first) first.scrollIntoView({ block: 'center' })
        else scroller.scrollTop = readingPosition(r.id)
      })
    })
  )
  createEffect(() => {
    if (props.findOpen) queueMicrotask(() => findInput?.focus())
  })
  createEffect(
    on([finds, current], () => {
      scroller?.querySelector(`mark.find[data-find="${current()}"]`)?.scrollIntoView({ block: 'center' })
    })
  )

  let saveTimer: ReturnType<typeof setTimeout> | undefined
  const onScroll = (): void => {
    clearTimeout(saveTimer)
    const id = props.reportId
    saveTimer = setTimeout(() => saveReadingPosition(id, scroller.scrollTop), 250)
  }
  onCleanup(() => clearTimeout(saveTimer))

  const step = (delta: number): void => {
    const n = finds().length
    if (n > 0) setCurrent((c) => (c + delta + n) % n)
  }

  return (
    <section class="reader" aria-label={report()?.headline ?? t().reports}>
      <Show when={props.findOpen}>
        <div class="find-bar" role="search">
          <input
            ref={findInput}
            type="search"
            aria-label={t().find}
            placeholder={t().find}
            value={findText()}
            onInput={(e) => {
              setFindText(e.currentTarget.value)
              setCurrent(0)
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') step(e.shiftKey ? -1 : 1)
              if (e.key === 'Escape') {
                e.stopPropagation()
                props.onCloseFind()
              }
            }}
          />
          <span class="find-count" aria-live="polite">
            {t().findCount(finds().length === 0 ? 0 : current() + 1, finds().length)}
          </span>
          <button type="button" onClick={() => step(-1)} aria-label={t().findPrevious}>
            ↑
          </button>
          <button type="button" onClick={() => step(1)} aria-label={t().findNext}>
            ↓
          </button>
          <button type="button" onClick={() => props.onCloseFind()} aria-label={t().close}>
            ✕
          </button>
        </div>
      </Show>
      <div class="reader-scroll" ref={scroller} onScroll={onScroll} tabindex="-1">
        <Show
          when={!report.error}
          fallback={
            <p class="state error">
              {t().error}: {String(report.error?.message ?? '')}
            </p>
          }
        >
          <Show when={report()} fallback={<p class="state">{t().loading}</p>}>
            {(r) => (
              <article class="report">
                <header>
                  <h1>
                    <For each={lines().filter((l) => l.headline)}>
                      {(l) => (
                        <span class="headline-line">
                          <Line
                            text={l.text}
                            offset={l.offset}
                            hits={props.matches ?? []}
                            finds={finds()}
                            current={current()}
                          />
                        </span>
                      )}
                    </For>
                  </h1>
                  <dl class="report-meta">
                    <div>
                      <dt>{t().district}</dt>
                      <dd>{r().district ?? '—'}</dd>
                    </div>
                    <div>
                      <dt>{t().date}</dt>
                      <dd>{r().date ?? t().noDate}</dd>
                    </div>
                    <div>
                      <dt>{t().source}</dt>
                      <dd>{r().source ?? '—'}</dd>
                    </div>
                    <div>
                      <dt>{t().file}</dt>
                      <dd title={r().file}>{r().documentTitle}</dd>
                    </div>
                  </dl>
                </header>
                <For each={lines().filter((l) => !l.headline)}>
                  {(l) => (
                    <p>
                      <Line
                        text={l.text}
                        offset={l.offset}
                        hits={props.matches ?? []}
                        finds={finds()}
                        current={current()}
                      />
                    </p>
                  )}
                </For>
              </article>
            )}
          </Show>
        </Show>
      </div>
    </section>
  )
}
