import { createMemo, createResource, createSignal, For, onCleanup, onMount, Show } from 'solid-js'
import { ResultExport } from './ResultExport'
import { FigureSummary } from './FigureSummary'
import { Overview } from './Overview'
import { CompareDistricts } from './CompareDistricts'
import { SavedSearches } from './SavedSearches'
import { FreshReports } from './FreshReports'
import type { Annotation, ColorName, SearchHit } from '../../shared/api'
import { ColorButtons } from './AnnotationEditor'
import { api, onApiEvent } from './api'
import { setLanguage, language, t } from './i18n'
import { ImportPanel } from './ImportPanel'
import { ImportPreviewDialog } from './ImportPreviewDialog'
import { LibraryBackups } from './LibraryBackups'
import { Notebook } from './Notebook'
import { droppedFiles } from './dropped-files'
import { createImporter, IMPORTABLE } from './importing'
import { applyTheme, fontSize, setFontSize, setTheme, theme, type Theme } from './preferences'
import { Reader } from './Reader'
import { ResultList } from './ResultList'
import { createNavigation } from './navigation'
import { createSearch } from './search-state'
import { Timeline } from './Timeline'

function createPaneWidth(key: string, initial: number, min: number, max: number) {
  const [width, setWidth] = createSignal(Number(localStorage.getItem(key)) || initial)
  const startDrag = (e: PointerEvent): void => {
    const startX = e.clientX
    const start = width()
    const target = e.currentTarget as HTMLElement
    target.setPointerCapture(e.pointerId)
    const move = (ev: PointerEvent): void => {
      setWidth(Math.min(max, Math.max(min, start + ev.clientX - startX)))
    }
    const up = (): void => {
      target.removeEventListener('pointermove', move)
      target.removeEventListener('pointerup', up)
      localStorage.setItem(key, String(width()))
    }
    target.addEventListener('pointermove', move)
    target.addEventListener('pointerup', up)
  }
  const nudge = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowLeft') setWidth((w) => Math.max(min, w - 16))
    if (e.key === 'ArrowRight') setWidth((w) => Math.min(max, w + 16))
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') localStorage.setItem(key, String(width()))
  }
  return { width, startDrag, nudge, min, max }
}

/** Sits at the left edge of the pane after the one it resizes, inside that pane's landmark. */
function Splitter(props: { pane: ReturnType<typeof createPaneWidth> }) {
  return (
    <div
      class="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={t().resize}
      aria-valuenow={props.pane.width()}
      aria-valuemin={props.pane.min}
      aria-valuemax={props.pane.max}
      tabindex="0"
      onPointerDown={(e) => props.pane.startDrag(e)}
      onKeyDown={(e) => props.pane.nudge(e)}
    />
  )
}

/**
 * Districts the sidebar lists before "show all": a library of a few thousand counties laid out and
 * painted every one of them (8,800 elements) on each query's counts, and on each frame the list
 * of results changed.
 */
const DISTRICTS_SHOWN = 50

export function App() {
  const search = createSearch()
  const [allDistricts, setAllDistricts] = createSignal(false)
  /** The most frequent districts (the chosen one always among them), or all of them when asked. */
  const shownFacets = createMemo(() => {
    const facets = search.facets()
    if (allDistricts() || facets.length <= DISTRICTS_SHOWN) return facets
    const first = facets.slice(0, DISTRICTS_SHOWN)
    const chosen = search.district()
    const kept =
      chosen && !first.some((f) => f.filter === chosen) ? facets.find((f) => f.filter === chosen) : null
    return kept ? [...first, kept] : first
  })
  const [info, { refetch: refetchInfo }] = createResource(() => api.libraryInfo({}))
  // The timeline is asked for once the first results are on screen: they come first.
  const [dates, { refetch: refetchDates }] = createResource(
    () => search.total() !== null,
    () => api.reportDates({})
  )
  // A dismissed notice stays dismissed across reloads.
  const [dismissedNotice, setDismissedNotice] = createSignal(localStorage.getItem('dnr-dismissed-notice'))
  const dismissNotice = (): void => {
    const notice = info()?.notice ?? ''
    localStorage.setItem('dnr-dismissed-notice', notice)
    setDismissedNotice(notice)
  }
  const [selected, setSelected] = createSignal(-1)
  const [opened, setOpened] = createSignal<{
    id: number
    matches: [number, number][] | null
    /** The query whose hits `matches` are: another query's hits are not shown. */
    query?: string
    focusAnnotation?: number
  } | null>(null)
  const [view, setView] = createSignal<'reports' | 'notebook'>('reports')
  const [annotationsVersion, setAnnotationsVersion] = createSignal(0)
  const [tags] = createResource(annotationsVersion, () => api.listTags({}))
  const openAnnotation = (a: Annotation): void => {
    if (a.reportId === null) return
    setView('reports')
    setOpened({ id: a.reportId, matches: null, focusAnnotation: a.id })
  }
  const [findOpen, setFindOpen] = createSignal(false)
  const [figuresOpen, setFiguresOpen] = createSignal(false)
  /** What the reader pane shows: the open report, the overview of the search, or districts compared. */
  const [pane, setPane] = createSignal<'reader' | 'overview' | 'compare'>('reader')
  const dateRange = (from: string, to: string): string => (from === to ? from : `${from}..${to}`)
  /** A button over the results that shows a view in the reader pane, or the report again. */
  const paneToggle = (which: 'compare' | 'overview', label: string, text: string) => (
    <button
      type="button"
      class={`result-tool ${which}-toggle`}
      aria-pressed={pane() === which}
      aria-label={label}
      title={label}
      onClick={() => setPane((p) => (p === which ? 'reader' : which))}
    >
      {text}
    </button>
  )
  /** The reports a saved search just opened finds that are new since it was last opened. */
  const [fresh, setFresh] = createSignal<{ name: string; ids: number[] } | null>(null)
  const [libraryVersion, setLibraryVersion] = createSignal(0)
  const [dragging, setDragging] = createSignal(false)
  const sidebar = createPaneWidth('dnr-sidebar', 250, 180, 420)
  const list = createPaneWidth('dnr-list', 380, 260, 640)
  let searchInput!: HTMLInputElement
  let fileInput!: HTMLInputElement
  let listBox: HTMLUListElement | undefined

  const refresh = (): void => {
    search.refresh()
    setLibraryVersion((v) => v + 1)
    // An import may have placed annotations that were waiting for their report.
    setAnnotationsVersion((v) => v + 1)
    void refetchInfo()
    void refetchDates()
  }
  const importer = createImporter(refresh)
  onCleanup(onApiEvent('libraryChanged', refresh))
  onCleanup(onApiEvent('libraryNotice', () => void refetchInfo()))

  const open = (hit: SearchHit): void => {
    setPane('reader')
    setOpened({
      id: hit.reportId,
      matches: hit.matches.length > 0 ? hit.matches : null,
      query: search.input(),
    })
  }
  createNavigation(
    search,
    () => opened()?.id ?? null,
    (id) => {
      if (id === null) setOpened(null)
      else if (id !== opened()?.id)
        // A report remembered from before a restart may be gone: open it only if it is still there.
        void api.getReport({ id }).then(
          () => setOpened({ id, matches: null }),
          () => setOpened(null)
        )
    }
  )
  const openIndex = (index: number): void => {
    const hit = search.hitAt(index)
    if (hit) open(hit)
  }
  const move = (delta: number): void => {
    const total = search.total() ?? 0
    if (total === 0) return
    setSelected((i) => Math.min(total - 1, Math.max(0, (i < 0 ? -1 : i) + delta)))
  }

  const onKey = (e: KeyboardEvent): void => {
    const mod = e.ctrlKey || e.metaKey
    const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement
    // Keys inside the reader are the reader's (scrolling, selecting text, its own shortcuts).
    const inReader = e.target instanceof Element && e.target.closest('.reader-pane') !== null
    // Other controls keep their own keys (Enter on a button presses it, arrows change a select).
    const inControl =
      e.target instanceof Element &&
      e.target !== listBox &&
      e.target.closest('button, select, a, [role=button], [role=separator]') !== null
    if (mod && e.key.toLowerCase() === 'k') {
      e.preventDefault()
      searchInput.focus()
      searchInput.select()
    } else if (mod && e.key.toLowerCase() === 'f' && opened()) {
      e.preventDefault()
      setFindOpen(true)
    } else if (e.key === 'Escape') {
      if (findOpen()) setFindOpen(false)
      else if (importer.summary() || importer.error()) importer.dismiss()
      else if (document.activeElement === searchInput && search.input() !== '') search.setInput('')
      else if (opened()) setOpened(null)
    } else if (!inField && e.key === '/') {
      e.preventDefault()
      searchInput.focus()
    } else if ((!inField || e.target === searchInput) && !e.shiftKey && !inReader && !inControl) {
      if (e.key === 'ArrowDown' || (!inField && e.key === 'j')) {
        e.preventDefault()
        move(1)
        if (e.target === searchInput) listBox?.focus({ preventScroll: true })
      } else if (e.key === 'ArrowUp' || (!inField && e.key === 'k')) {
        e.preventDefault()
        move(-1)
      } else if (e.key === 'Enter' && selected() >= 0) {
        e.preventDefault()
        openIndex(selected())
      }
    }
  }
  onMount(() => {
    applyTheme(theme())
    const media = matchMedia('(prefers-color-scheme: dark)')
    const follow = (): void => applyTheme(theme())
    media.addEventListener('change', follow)
    window.addEventListener('keydown', onKey)
    onCleanup(() => {
      media.removeEventListener('change', follow)
      window.removeEventListener('keydown', onKey)
    })
  })

  const onDrop = (e: DragEvent): void => {
    e.preventDefault()
    setDragging(false)
    // Every dropped file goes to the library, which refuses what it cannot read with a reason;
    // folders are walked. Inside folders only importable files are taken, as the CLI does.
    const direct = new Set([...(e.dataTransfer?.files ?? [])].map((f) => f.name))
    void droppedFiles(e.dataTransfer).then((files) =>
      importer.chooseFiles(files.filter((f) => direct.has(f.name) || IMPORTABLE.test(f.name)))
    )
  }

  /** district:鼓楼区 city:南京市 → 鼓楼区（南京市） */
  const districtLabel = (filter: string): string => {
    const m = /^district:(\S+)(?: city:(\S+))?$/u.exec(filter)
    return m ? (m[2] ? `${m[1]}（${m[2]}）` : (m[1] ?? filter)) : filter
  }

  const chips = (): { label: string; clear: () => void }[] => [
    ...(search.district()
      ? [
          {
            label: `${t().district}: ${districtLabel(search.district()!)}`,
            clear: () => search.setDistrict(null),
          },
        ]
      : []),
    ...(search.month()
      ? [{ label: `${t().date}: ${search.month()}`, clear: () => search.setMonth(null) }]
      : []),
    ...(search.tag() ? [{ label: `${t().tags}: ${search.tag()}`, clear: () => search.setTag(null) }] : []),
    ...(search.color()
      ? [
          {
            label: `${t().highlight}: ${t().colors[search.color()!] ?? search.color()}`,
            clear: () => search.setColor(null),
          },
        ]
      : []),
  ]

  return (
    <div
      class="app"
      style={{ '--reader-font-size': `${fontSize()}px` }}
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={(e) => {
        if (e.relatedTarget === null) setDragging(false)
      }}
      onDrop={onDrop}
    >
      <header class="toolbar">
        <h1 class="brand">{t().appName}</h1>
        <input
          ref={searchInput}
          class="search-box"
          type="search"
          role="searchbox"
          aria-label={t().search}
          placeholder={t().searchPlaceholder}
          value={search.input()}
          onInput={(e) => {
            search.setInput(e.currentTarget.value)
            setSelected(-1)
          }}
        />
        <label class="sort">
          <span class="visually-hidden">{t().sortLabel}</span>
          <select
            aria-label={t().sortLabel}
            value={search.sort()}
            onChange={(e) => search.setSort(e.currentTarget.value === 'date' ? 'date' : 'relevance')}
          >
            <option value="relevance">{t().sortRelevance}</option>
            <option value="date">{t().sortDate}</option>
          </select>
        </label>
        <button
          type="button"
          classList={{ 'active-view': view() === 'notebook' }}
          aria-pressed={view() === 'notebook'}
          onClick={() => setView(view() === 'notebook' ? 'reports' : 'notebook')}
        >
          {view() === 'notebook' ? t().backToReports : t().notebook}
        </button>
        <button type="button" class="primary" title={t().importTitle} onClick={() => fileInput.click()}>
          {t().import}
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".txt,.text,.md,.markdown,.html,.htm,.xhtml,.shtml,.docx,.pdf"
          class="visually-hidden"
          aria-label={t().importTitle}
          onChange={(e) => {
            const files = e.currentTarget.files
            if (files) void importer.chooseFiles(files)
            e.currentTarget.value = ''
          }}
        />
        <div class="tools">
          <button
            type="button"
            class="icon"
            aria-label={`A− ${t().fontSmaller}`}
            title={t().fontSmaller}
            onClick={() => setFontSize(fontSize() - 1)}
          >
            A−
          </button>
          <button
            type="button"
            class="icon"
            aria-label={`A+ ${t().fontLarger}`}
            title={t().fontLarger}
            onClick={() => setFontSize(fontSize() + 1)}
          >
            A+
          </button>
          <select
            aria-label={t().theme}
            value={theme()}
            onChange={(e) => setTheme(e.currentTarget.value as Theme)}
          >
            <option value="system">{t().themeSystem}</option>
            <option value="light">{t().themeLight}</option>
            <option value="dark">{t().themeDark}</option>
          </select>
          {/* The name starts with the visible text (speech input users say what they see). */}
          <button
            type="button"
            aria-label={`${t().language} · ${t().languageLabel}`}
            title={t().languageLabel}
            onClick={() => setLanguage(language() === 'zh' ? 'en' : 'zh')}
          >
            <span lang={language() === 'zh' ? 'en' : 'zh-CN'}>{t().language}</span>
          </button>
        </div>
      </header>

      <Show when={info()?.notice && info()?.notice !== dismissedNotice()}>
        <div class="notice" role="status">
          <span>
            {info()?.notice?.startsWith('Welcome') ? t().welcome(info()?.sampleReports ?? 0) : info()?.notice}
          </span>
          <button type="button" onClick={dismissNotice}>
            {t().dismiss}
          </button>
        </div>
      </Show>
      <ImportPanel
        importer={importer}
        onOpenAnnotation={(reportId, annotationId) => {
          setView('reports')
          setOpened({ id: reportId, matches: null, focusAnnotation: annotationId })
        }}
      />
      <ImportPreviewDialog importer={importer} />

      <div
        class="panes"
        style={{ 'grid-template-columns': `${sidebar.width()}px ${list.width()}px minmax(0, 1fr)` }}
      >
        <aside class="sidebar" aria-label={t().districts}>
          <SavedSearches
            query={search.query()}
            version={libraryVersion()}
            onOpen={(saved, ids) => {
              search.setDistrict(null)
              search.setMonth(null)
              search.setTag(null)
              search.setColor(null)
              search.setInput(saved.query)
              setView('reports')
              setFresh(ids.length > 0 ? { name: saved.name, ids } : null)
            }}
          />
          <h2>{t().districts}</h2>
          <ul
            class="facets district-facets"
            classList={{ stale: !search.facetsCurrent() }}
            aria-busy={!search.facetsCurrent()}
          >
            <li>
              <button
                type="button"
                classList={{ active: !search.district() }}
                aria-pressed={!search.district()}
                onClick={() => search.setDistrict(null)}
              >
                <span>{t().allDistricts}</span>
              </button>
            </li>
            <For each={shownFacets()}>
              {(f) => (
                <li>
                  <button
                    type="button"
                    classList={{ active: search.district() === f.filter }}
                    aria-pressed={search.district() === f.filter}
                    onClick={() => search.setDistrict(search.district() === f.filter ? null : f.filter)}
                  >
                    <span>
                      {f.district}
                      <Show when={f.filter.includes(' city:')}>
                        <span class="muted small"> {f.city}</span>
                      </Show>
                    </span>
                    <span class="count">{f.count}</span>
                  </button>
                </li>
              )}
            </For>
            <Show when={search.facets().length > DISTRICTS_SHOWN}>
              <li>
                <button
                  type="button"
                  class="more-districts"
                  aria-expanded={allDistricts()}
                  onClick={() => setAllDistricts(!allDistricts())}
                >
                  <span>
                    {allDistricts()
                      ? t().fewerDistricts(DISTRICTS_SHOWN)
                      : t().moreDistricts(search.facets().length)}
                  </span>
                </button>
              </li>
            </Show>
          </ul>
          <h2>{t().tags}</h2>
          <Show when={(tags() ?? []).length > 0} fallback={<p class="muted small">{t().noTags}</p>}>
            <ul class="facets">
              <For each={tags()}>
                {(g) => (
                  <li>
                    <button
                      type="button"
                      classList={{ active: search.tag() === g.tag }}
                      aria-pressed={search.tag() === g.tag}
                      onClick={() => search.setTag(search.tag() === g.tag ? null : g.tag)}
                    >
                      <span>#{g.tag}</span>
                      <span class="count">{g.count}</span>
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <div class="swatches sidebar-colors" role="group" aria-label={t().highlight}>
            <ColorButtons
              current={(search.color() as ColorName | null) ?? undefined}
              onPick={(c) => search.setColor(search.color() === c ? null : c)}
            />
          </div>
          <Timeline
            dates={dates() ?? []}
            month={search.month()}
            district={search.district() ? (districtLabel(search.district()!).split('（')[0] ?? null) : null}
            onMonth={search.setMonth}
          />
          <LibraryBackups
            onRestored={() => {
              setOpened(null)
              setAnnotationsVersion((v) => v + 1)
              refresh()
            }}
          />
        </aside>
        <Show
          when={view() === 'reports'}
          fallback={
            <Notebook onOpen={openAnnotation} version={annotationsVersion()}>
              <Splitter pane={sidebar} />
            </Notebook>
          }
        >
          <section class="results" aria-label={t().reports}>
            <Splitter pane={sidebar} />
            <div class="results-head" data-query={search.shownQuery() ?? undefined}>
              <span role="status" aria-live="polite" aria-atomic="true">
                {search.total() === null ? t().loading : t().results(search.total() ?? 0)}
              </span>
              <Show when={(search.total() ?? 0) > 0}>
                <span class="result-tools">
                  <Show when={search.facets().length >= 2}>
                    {paneToggle('compare', t().compareToggle, t().compare)}
                  </Show>
                  {paneToggle('overview', t().overviewToggle, t().overview)}
                  <button
                    type="button"
                    class="result-tool figures-toggle"
                    aria-expanded={figuresOpen()}
                    aria-label={t().figuresToggle}
                    title={t().figuresToggle}
                    onClick={() => setFiguresOpen((v) => !v)}
                  >
                    {t().figures}
                  </button>
                  <ResultExport query={search.query()} />
                </span>
              </Show>
              <For each={chips()}>
                {(chip) => (
                  <button
                    type="button"
                    class="chip"
                    aria-label={t().removeFilter(chip.label)}
                    onClick={chip.clear}
                  >
                    {chip.label} ✕
                  </button>
                )}
              </For>
            </div>
            <Show when={search.namedDistricts().length > 0 && !search.district()}>
              <p class="named-districts">
                {t().namedDistricts}
                <For each={search.namedDistricts()}>
                  {(d) => (
                    <button
                      type="button"
                      class="chip"
                      aria-label={t().listDistrict(d.district, d.count)}
                      onClick={() => search.showDistrict(d.filter)}
                    >
                      {d.district} · {d.count}
                    </button>
                  )}
                </For>
              </p>
            </Show>
            <Show when={fresh()}>
              {(f) => (
                <FreshReports
                  name={f().name}
                  ids={f().ids}
                  onOpen={(id) => setOpened({ id, matches: null })}
                  onClose={() => setFresh(null)}
                />
              )}
            </Show>
            <Show when={figuresOpen() && (search.total() ?? 0) > 0}>
              <FigureSummary
                query={search.query()}
                onFilter={(filter) => search.setDistrict(filter)}
                onOpen={(id, range) => setOpened({ id, matches: [range], query: search.input() })}
              />
            </Show>
            <Show when={search.indexing()}>
              {(progress) => (
                <p class="state indexing" role="status">
                  {t().indexing(Math.floor((100 * progress().done) / Math.max(1, progress().total)))}
                </p>
              )}
            </Show>
            <Show when={search.error()}>
              <div class="state error" role="alert">
                {t().error}: {search.error()}{' '}
                <button type="button" onClick={() => search.refresh()}>
                  {t().retry}
                </button>
              </div>
            </Show>
            <Show when={search.total() === 0 && !search.loading()}>
              <div class="state empty">
                <Show
                  when={search.hasQuery()}
                  fallback={
                    <>
                      <strong>{t().emptyLibrary}</strong>
                      <p>{t().emptyLibraryHint}</p>
                    </>
                  }
                >
                  <strong>{t().noResults}</strong>
                  <p>{t().noResultsHint}</p>
                  <Show when={chips().length > 0}>
                    <button
                      type="button"
                      onClick={() => {
                        search.setDistrict(null)
                        search.setMonth(null)
                      }}
                    >
                      {t().clearFilters}
                    </button>
                  </Show>
                </Show>
              </div>
            </Show>
            <ResultList
              search={search}
              selected={selected()}
              openedId={opened()?.id ?? null}
              onSelect={setSelected}
              onOpen={open}
              namesakes={
                new Set(
                  search
                    .facets()
                    .filter((f) => f.filter.includes(' city:'))
                    .map((f) => f.district)
                )
              }
              ref={(el) => {
                listBox = el
                el.tabIndex = 0
              }}
            />
          </section>
          <main class="reader-pane">
            <Splitter pane={list} />
            <Show when={pane() === 'compare'}>
              <CompareDistricts
                query={search.query()}
                districts={search.facets()}
                onOpen={open}
                onClose={() => setPane('reader')}
              />
            </Show>
            <Show when={pane() === 'overview'}>
              <Overview
                query={search.query()}
                onClose={() => setPane('reader')}
                onRange={(from, to) => search.setMonth(dateRange(from, to))}
                onCell={(filter, from, to) => {
                  search.setDistrict(filter)
                  search.setMonth(dateRange(from, to))
                }}
                onDistrict={(filter) => search.setDistrict(filter)}
              />
            </Show>
            <Show when={pane() === 'reader'}>
              <Show
                when={opened()}
                keyed
                fallback={
                  <div class="state welcome">
                    <strong>{t().selectReport}</strong>
                    <p>{t().selectReportHint}</p>
                  </div>
                }
              >
                {(o) => (
                  <Reader
                    reportId={o.id}
                    matches={o.query === search.input() ? o.matches : null}
                    findOpen={findOpen()}
                    onCloseFind={() => setFindOpen(false)}
                    focusAnnotation={o.focusAnnotation}
                    onAnnotationsChanged={() => setAnnotationsVersion((v) => v + 1)}
                    onOpenSection={(id) => setOpened({ id, matches: null })}
                    onReportChanged={refresh}
                  />
                )}
              </Show>
            </Show>
          </main>
        </Show>
      </div>
      <Show when={dragging()}>
        <div class="drop-overlay" aria-hidden="true">
          {t().dropHere}
        </div>
      </Show>
    </div>
  )
}
