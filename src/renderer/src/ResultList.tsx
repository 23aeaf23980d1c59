/** The list of reports or search hits, virtualised so very large libraries scroll smoothly. */
import { createVirtualizer } from '@tanstack/solid-virtual'
import { createEffect, For, Show } from 'solid-js'
import type { SearchHit } from '../../shared/api'
import { t } from './i18n'
import { sectionLabel } from './SectionNav'
import type { SearchState } from './search-state'

const ROW_HEIGHT = 76

function Snippet(props: { snippet: SearchHit['snippets'][number] }) {
  const parts = (): { text: string; mark: boolean }[] => {
    const out: { text: string; mark: boolean }[] = []
    let at = 0
    for (const [s, e] of props.snippet.marks) {
      if (s > at) out.push({ text: props.snippet.text.slice(at, s), mark: false })
      out.push({ text: props.snippet.text.slice(s, e), mark: true })
      at = e
    }
    out.push({ text: props.snippet.text.slice(at), mark: false })
    return out
  }
  return <For each={parts()}>{(p) => (p.mark ? <mark>{p.text}</mark> : p.text)}</For>
}

export function ResultList(props: {
  search: SearchState
  selected: number
  openedId: number | null
  onSelect: (index: number) => void
  onOpen: (hit: SearchHit) => void
  /** District names that more than one city has in this library: their hits show the city. */
  namesakes: ReadonlySet<string>
  /** The listbox element, which takes the keyboard focus. */
  ref?: (el: HTMLUListElement) => void
}) {
  let scroller!: HTMLDivElement
  const virtualizer = createVirtualizer({
    get count() {
      return props.search.total() ?? 0
    },
    getScrollElement: () => scroller,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  })
  createEffect(() => {
    if (props.selected >= 0 && props.selected < (props.search.total() ?? 0))
      virtualizer.scrollToIndex(props.selected)
  })

  const optionId = (index: number): string => `result-${index}`
  const active = (): string | undefined =>
    props.selected >= 0 && virtualizer.getVirtualItems().some((i) => i.index === props.selected)
      ? optionId(props.selected)
      : undefined

  return (
    <div class="result-scroller" ref={scroller}>
      <div class="result-sizer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {/* A listbox: ↑/↓ move the selection (aria-activedescendant), Enter opens it. */}
        <ul
          role="listbox"
          aria-label={t().reports}
          aria-activedescendant={active()}
          aria-busy={props.search.loading()}
          class="result-list"
          ref={(el) => props.ref?.(el)}
        >
          <For each={virtualizer.getVirtualItems()}>
            {(item) => {
              const hit = (): SearchHit | undefined => props.search.hitAt(item.index)
              return (
                <li
                  role="option"
                  id={optionId(item.index)}
                  class="result"
                  classList={{
                    selected: props.selected === item.index,
                    opened: hit()?.reportId === props.openedId,
                  }}
                  style={{ transform: `translateY(${item.start}px)` }}
                  aria-selected={props.selected === item.index}
                  aria-setsize={props.search.total() ?? 0}
                  aria-posinset={item.index + 1}
                  onClick={() => {
                    props.onSelect(item.index)
                    const h = hit()
                    if (h) props.onOpen(h)
                  }}
                >
                  <Show when={hit()} fallback={<div class="result-placeholder">{t().loading}</div>}>
                    {(h) => (
                      <>
                        <div class="result-meta">
                          <span class="district-tag" classList={{ 'non-report': h().kind !== 'report' }}>
                            {h().kind === 'report' ? (h().district ?? '—') : sectionLabel(h())}
                          </span>
                          <Show when={h().city && props.namesakes.has(h().district ?? '')}>
                            <span class="muted">{h().city}</span>
                          </Show>
                          <span class="date">{h().date ?? t().noDate}</span>
                          <Show when={h().viaPinyin}>
                            <span class="pinyin-tag">{t().pinyinMatch}</span>
                          </Show>
                        </div>
                        <div class="result-headline">{h().headline || '—'}</div>
                        <div class="result-snippet">
                          <Snippet snippet={h().snippets[0] ?? { text: '', marks: [] }} />
                        </div>
                      </>
                    )}
                  </Show>
                </li>
              )
            }}
          </For>
        </ul>
      </div>
    </div>
  )
}
