/**
 * The reader: headline, metadata, paragraphs. Search hits are highlighted from the exact offsets
 * the library returns; Ctrl+F finds inside the report. Text is always rendered as text.
 */
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
} from 'solid-js'
import { findAll, Line, rangesIn, type Placed } from './ReportLine'
import type { Amount, Annotation, ColorName, ReportDetail } from '../../shared/api'
import { api } from './api'
import { AnnotationEditor } from './AnnotationEditor'
import { t } from './i18n'
import { AnnotationBody } from './AnnotationBody'
import { readingPosition, saveReadingPosition } from './preferences'
import { ReportDate } from './ReportDate'
import { FactsList } from './FactsList'
import { sectionLabel, SectionNav } from './SectionNav'
import { SplitEditor } from './SplitEditor'
import { selectionOffsets } from './selection'
import { createFocusReturn } from './focus-return'
import { createHitNavigation } from './hit-navigation'
import { HighlightToolbar } from './HighlightToolbar'
import { createLineWindow, lineAt } from './line-window'

export function Reader(props: {
  reportId: number
  matches: [number, number][] | null
  findOpen: boolean
  onCloseFind: () => void
  focusAnnotation?: number
  onAnnotationsChanged?: () => void
  /** Opens another section of the same document (its lead, a report, its closing). */
  onOpenSection?: (id: number) => void
  /** After a correction of the split: the list and counts need refreshing. */
  onReportChanged?: () => void
}) {
  const [version, setVersion] = createSignal(0)
  const [report] = createResource(
    () => ({ id: props.reportId, version: version() }),
    ({ id }) => api.getReport({ id })
  )
  const [fixing, setFixing] = createSignal(false)
  const corrected = (openId: number): void => {
    setFixing(false)
    props.onReportChanged?.()
    if (openId !== props.reportId) props.onOpenSection?.(openId)
    else setVersion((v) => v + 1)
  }
  const [annotations, { refetch: refetchAnnotations }] = createResource(
    () => props.reportId,
    (id) => api.listAnnotations({ reportId: id })
  )
  const placed = createMemo(
    () => (annotations() ?? []).filter((a) => a.start !== null && a.end !== null) as Placed[],
    [],
    // The same highlights (none, before and after they load) draw the text once.
    { equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]) }
  )
  const [pending, setPending] = createSignal<{
    start: number
    end: number
    top: number
    left: number
  } | null>(null)
  const [editing, setEditing] = createSignal<{ annotation: Annotation; top: number; left: number } | null>(
    null
  )
  const [undo, setUndo] = createSignal<Annotation | null>(null)
  const [copied, setCopied] = createSignal<'no' | 'yes' | 'failed'>('no')
  let article: HTMLElement | undefined
  let toolbar: HTMLDivElement | undefined
  /** The highlight made last: focus goes to it when the toolbar that made it closes. */
  let lastCreated: number | null = null
  const [findText, setFindText] = createSignal('')
  /** The figure pointed at in the facts list: marked in the text while it is. */
  const [hoveredFact, setHoveredFact] = createSignal<readonly [number, number] | null>(null)
  const [current, setCurrent] = createSignal(0)
  let scroller!: HTMLDivElement
  let findInput: HTMLInputElement | undefined

  const finds = createMemo(() => (report() ? findAll(report()!.text, findText()) : []))
  const lines = createMemo(() => {
    const r = report()
    if (!r) return []
    let offset = 0
    return r.text.split('\n').map((text, i) => {
      const line = { text, offset, headline: i < r.headlineLineCount, index: i - r.headlineLineCount }
      offset += text.length + 1
      return line
    })
  })
  const bodyLines = createMemo(() => lines().filter((l) => !l.headline))
  const lineWindow = createLineWindow(
    () => bodyLines().length,
    () => scroller,
    () => article
  )
  /** Brings the paragraph holding text offset `at` into the document (long reports render a window). */
  const reveal = (at: number): void => lineWindow.reveal(lineAt(bodyLines(), at))
  // Printing (and Export PDF) needs every paragraph.
  const printAll = (): void => lineWindow.renderAll(true)
  const printDone = (): void => lineWindow.renderAll(false)
  window.addEventListener('beforeprint', printAll)
  window.addEventListener('afterprint', printDone)
  onCleanup(() => {
    window.removeEventListener('beforeprint', printAll)
    window.removeEventListener('afterprint', printDone)
  })

  createEffect(
    on(report, (r: ReportDetail | undefined) => {
      if (!r) return
      lineWindow.reset()
      hitNavigation.reset()
      const firstHit = props.matches?.[0]
      if (firstHit) reveal(firstHit[0])
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
      const match = finds()[current()]
      if (match) reveal(match[0])
      // After the window has rendered (a signal set in an effect renders once the effect is done).
      const at = current()
      queueMicrotask(() =>
        scroller?.querySelector(`mark.find[data-find="${at}"]`)?.scrollIntoView({ block: 'center' })
      )
    })
  )

  let saveTimer: ReturnType<typeof setTimeout> | undefined
  const onScroll = (): void => {
    lineWindow.onScroll()
    clearTimeout(saveTimer)
    const id = props.reportId
    saveTimer = setTimeout(() => saveReadingPosition(id, scroller.scrollTop), 250)
  }
  onCleanup(() => clearTimeout(saveTimer))

  const position = (rect: DOMRect): { top: number; left: number } => {
    const box = scroller.getBoundingClientRect()
    return {
      top: rect.bottom - box.top + scroller.scrollTop + 6,
      left: Math.max(8, Math.min(rect.left - box.left, box.width - 330)),
    }
  }
  const onMouseUp = (): void => {
    if (!article) return
    const sel = selectionOffsets(article)
    setPending(sel ? { start: sel.start, end: sel.end, ...position(sel.rect) } : null)
  }
  /** Ctrl+Shift+H: the highlight toolbar for a selection made with the keyboard (Shift+arrows). */
  const highlightFromKeyboard = (): boolean => {
    if (!article) return false
    const sel = selectionOffsets(article)
    if (!sel) return false
    setPending({ start: sel.start, end: sel.end, ...position(sel.rect) })
    requestAnimationFrame(() => toolbar?.querySelector('button')?.focus())
    return true
  }
  const hitNavigation = createHitNavigation(
    () => scroller,
    () => props.matches?.length ?? 0,
    (i) => {
      const hit = props.matches?.[i]
      if (hit) reveal(hit[0])
    }
  )
  // The text is drawn again when its highlights arrive or a search answers again: the hit being
  // read keeps the focus.
  const redrawn = new MutationObserver(() => hitNavigation.restore())
  onMount(() => redrawn.observe(scroller, { childList: true, subtree: true }))
  onCleanup(() => redrawn.disconnect())
  const onReaderKey = (e: KeyboardEvent): void => {
    const target = e.target instanceof HTMLElement ? e.target : null
    const field = target?.closest('input, textarea, select, [contenteditable]')
    const mod = e.ctrlKey || e.metaKey
    if (e.key === 'F3' && !mod) {
      e.preventDefault()
      if (props.findOpen && finds().length > 0) step(e.shiftKey ? -1 : 1)
      else hitNavigation.go(e.shiftKey ? -1 : 1)
    } else if (
      (e.key === 'n' || e.key === 'N') &&
      !mod &&
      !e.altKey &&
      !field &&
      target !== null &&
      scroller.contains(target)
    ) {
      if (hitNavigation.go(e.key === 'N' ? -1 : 1)) e.preventDefault()
    } else if (mod && e.shiftKey && e.key.toLowerCase() === 'h') {
      if (highlightFromKeyboard()) e.preventDefault()
    }
  }
  window.addEventListener('keydown', onReaderKey)
  onCleanup(() => window.removeEventListener('keydown', onReaderKey))
  const create = async (color: ColorName, withNote: boolean): Promise<void> => {
    const p = pending()
    if (!p) return
    const annotation = await api.addAnnotation({
      reportId: props.reportId,
      start: p.start,
      end: p.end,
      color,
    })
    lastCreated = annotation.id
    // The text re-renders with the new highlight before the toolbar closes, so focus can go back
    // to the highlight itself.
    await refetchAnnotations()
    window.getSelection()?.removeAllRanges()
    setPending(null)
    props.onAnnotationsChanged?.()
    if (withNote) setEditing({ annotation, top: p.top, left: p.left })
  }
  const copyCitation = async (): Promise<void> => {
    const p = pending()
    const r = report()
    if (!p || !r) return
    const quote = r.text.slice(p.start, p.end)
    const cite = [r.district, r.date, r.source].filter(Boolean).join('，')
    // Say "copied" only when the clipboard took it (a denied permission rejects).
    const ok = await (
      navigator.clipboard?.writeText(`“${quote}”（${cite}）`) ?? Promise.reject(new Error('no clipboard'))
    ).then(
      () => true,
      () => false
    )
    setCopied(ok ? 'yes' : 'failed')
    setTimeout(() => setCopied('no'), 2000)
  }
  const openEditor = (annotation: Annotation, el: HTMLElement): void => {
    setPending(null)
    setEditing({ annotation, ...position(el.getBoundingClientRect()) })
  }
  const saveEdit = async (changes: { color: ColorName; note: string; tags: string[] }): Promise<void> => {
    const e = editing()
    if (!e) return
    await api.updateAnnotation({ id: e.annotation.id, ...changes })
    await refetchAnnotations()
    setEditing(null)
    props.onAnnotationsChanged?.()
  }
  const remove = async (): Promise<void> => {
    const e = editing()
    if (!e) return
    const gone = await api.deleteAnnotation({ id: e.annotation.id })
    await refetchAnnotations()
    setEditing(null)
    setUndo(gone)
    props.onAnnotationsChanged?.()
  }
  const restore = async (): Promise<void> => {
    const u = undo()
    if (!u) return
    await api.restoreAnnotation({ id: u.id })
    setUndo(null)
    await refetchAnnotations()
    props.onAnnotationsChanged?.()
  }
  // Ctrl+Z (⌘Z) brings back a highlight just deleted, as the toast's Undo does; inside a text
  // field Ctrl+Z stays the field's own.
  const onUndoKey = (e: KeyboardEvent): void => {
    const field = e.target instanceof HTMLElement && e.target.closest('input, textarea, [contenteditable]')
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && undo() && !field) {
      e.preventDefault()
      void restore()
    }
  }
  window.addEventListener('keydown', onUndoKey)
  onCleanup(() => window.removeEventListener('keydown', onUndoKey))
  /** Scrolls to the paragraph holding a figure and flashes it. */
  const openFact = (a: Amount): void => {
    reveal(a.start)
    const lines = [...(article?.querySelectorAll<HTMLElement>('[data-offset]') ?? [])]
    const line = lines.filter((el) => Number(el.dataset.offset) <= a.start).pop()
    if (!line) return
    line.scrollIntoView({ block: 'center' })
    line.classList.remove('flash')
    void line.offsetWidth
    line.classList.add('flash')
  }
  const scrollToAnnotation = (id: number): void => {
    const placedAt = placed().find((a) => a.id === id)
    if (placedAt) reveal(placedAt.start)
    const el = scroller.querySelector<HTMLElement>(`mark[data-annotation="${id}"]`)
    el?.scrollIntoView({ block: 'center' })
    el?.focus()
  }
  createEffect(
    on(annotations, () => {
      if (props.focusAnnotation !== undefined)
        requestAnimationFrame(() => scrollToAnnotation(props.focusAnnotation!))
    })
  )

  /** One line of the report with its search hits, find matches and annotations marked. */
  const lineContent = (l: { text: string; offset: number }) => (
    <Line
      text={l.text}
      offset={l.offset}
      hits={rangesIn(props.matches ?? [], l.offset, l.offset + l.text.length)}
      finds={rangesIn(finds(), l.offset, l.offset + l.text.length)}
      annotations={placed().filter((a) => a.end > l.offset && a.start < l.offset + l.text.length)}
      fact={hoveredFact()}
      current={current()}
      onAnnotation={openEditor}
    />
  )

  const step = (delta: number): void => {
    const n = finds().length
    if (n > 0) setCurrent((c) => (c + delta + n) % n)
  }

  return (
    <section class="reader" aria-label={report()?.headline ?? t().reports}>
      <Show when={props.findOpen}>
        {(_) => {
          createFocusReturn(() => scroller)
          return (
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
          )
        }}
      </Show>
      <div class="reader-body">
        <div class="reader-scroll" ref={scroller} onScroll={onScroll} tabindex="-1">
          <Show when={pending()}>
            {(p) => (
              <HighlightToolbar
                top={p().top}
                left={p().left}
                copied={copied()}
                onPick={(c) => void create(c, false)}
                onNote={() => void create('yellow', true)}
                onCopy={() => void copyCitation()}
                onClose={() => setPending(null)}
                ref={(el) => (toolbar = el)}
                returnFocus={() =>
                  (lastCreated === null
                    ? null
                    : scroller.querySelector<HTMLElement>(`mark[data-annotation="${lastCreated}"]`)) ??
                  scroller
                }
              />
            )}
          </Show>
          <Show when={editing()} keyed>
            {(e) => (
              <AnnotationEditor
                annotation={e.annotation}
                top={e.top}
                left={e.left}
                onSave={(c) => void saveEdit(c)}
                onDelete={() => void remove()}
                onClose={() => setEditing(null)}
                returnFocus={() =>
                  scroller.querySelector<HTMLElement>(`mark[data-annotation="${e.annotation.id}"]`) ??
                  scroller
                }
              />
            )}
          </Show>
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
                <article class="report" ref={article} onMouseUp={onMouseUp}>
                  <SectionNav report={r()} onOpen={(id) => props.onOpenSection?.(id)} />
                  <header>
                    <Show when={r().kind !== 'report'}>
                      <p class="section-kind">{sectionLabel(r())}</p>
                    </Show>
                    <h1>
                      <For each={lines().filter((l) => l.headline)}>
                        {(l) => (
                          <span class="headline-line" data-offset={l.offset}>
                            {lineContent(l)}
                          </span>
                        )}
                      </For>
                    </h1>
                    <dl class="report-meta">
                      <div>
                        <dt>{t().district}</dt>
                        <dd>
                          {r().district ?? '—'}
                          <Show when={r().city}>
                            <span class="muted small"> {r().city}</span>
                          </Show>
                        </dd>
                      </div>
                      <div>
                        <dt>{t().date}</dt>
                        <dd>
                          <ReportDate date={r().date} origin={r().dateOrigin} monthDay={r().monthDay} />
                        </dd>
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
                    <Show
                      when={fixing()}
                      fallback={
                        <button type="button" class="link fix-split" onClick={() => setFixing(true)}>
                          {t().fixSplit}
                        </button>
                      }
                    >
                      <SplitEditor
                        report={r()}
                        onDone={corrected}
                        onClose={() => setFixing(false)}
                        returnFocus={() => article?.querySelector<HTMLElement>('.fix-split')}
                      />
                    </Show>
                  </header>
                  <div
                    class="line-space"
                    style={{ height: `${lineWindow.topSpace()}px` }}
                    aria-hidden="true"
                  />
                  <For each={bodyLines().slice(lineWindow.from(), lineWindow.to())}>
                    {(l) => (
                      <p data-offset={l.offset} data-line={l.index}>
                        {lineContent(l)}
                      </p>
                    )}
                  </For>
                  <div
                    class="line-space"
                    style={{ height: `${lineWindow.bottomSpace()}px` }}
                    aria-hidden="true"
                  />
                </article>
              )}
            </Show>
          </Show>
        </div>
        <div class="annotation-panel">
          <Show when={report()}>
            {(r) => (
              <FactsList
                amounts={r().amounts}
                text={r().text}
                onOpen={openFact}
                onPoint={(a) => setHoveredFact(a ? [a.start, a.end] : null)}
              />
            )}
          </Show>
          <aside aria-label={t().annotations}>
            <h2>
              {t().annotations} <span class="count">{(annotations() ?? []).length}</span>
            </h2>
            <Show
              when={(annotations() ?? []).length > 0}
              fallback={<p class="muted small">{t().noAnnotations}</p>}
            >
              <ol class="annotation-list">
                <For each={annotations()}>
                  {(a) => (
                    <li>
                      <button
                        type="button"
                        class={`annotation-item anno-edge-${a.color}`}
                        onClick={() => scrollToAnnotation(a.id)}
                      >
                        <span class="quote">{a.exact}</span>
                        <AnnotationBody annotation={a} />
                      </button>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          </aside>
        </div>
      </div>
      <Show when={undo()}>
        <div class="toast" role="status">
          {t().deleted}
          <button type="button" onClick={() => void restore()}>
            {t().undo}
          </button>
          <button type="button" class="icon" aria-label={t().close} onClick={() => setUndo(null)}>
            ✕
          </button>
        </div>
      </Show>
    </section>
  )
}
