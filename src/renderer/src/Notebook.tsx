/** Every annotation in the library, filterable and searchable; each jumps to its passage. */
import { createResource, createSignal, ErrorBoundary, For, Show, type JSX } from 'solid-js'
import { colorNames, type Annotation, type ColorName } from '../../shared/api'
import { api } from './api'
import { t } from './i18n'
import { AnnotationBody } from './AnnotationBody'
import { download } from './download'

/** An annotation that could not be placed: why, where it came from, and a way to delete it. */
function OrphanItem(props: { annotation: Annotation; onDelete: () => void }) {
  const a = () => props.annotation
  return (
    <div class={`notebook-item orphan anno-edge-${a().color}`}>
      <span class="result-meta">
        <span class="orphan-tag">{a().orphanReason === 'missing' ? t().orphanMissing : t().orphan}</span>
        <Show when={a().file}>
          <span title={a().file ?? ''}>{a().file?.split(/[\\/]/u).pop()}</span>
        </Show>
      </span>
      <span class="quote">“{a().exact}”</span>
      <ErrorBoundary fallback={null}>
        <AnnotationBody annotation={a()} />
      </ErrorBoundary>
      <button type="button" class="link" onClick={() => props.onDelete()}>
        {t().delete}
      </button>
    </div>
  )
}

export function Notebook(props: {
  onOpen: (a: Annotation) => void
  version: number
  children?: JSX.Element
}) {
  // Every district of the library, whatever the report list is showing: the notebook's filters
  // are its own.
  const [districts] = createResource(
    () => props.version,
    async () => [
      ...new Set((await api.search({ query: '', limit: 1, facets: true })).districts.map((d) => d.district)),
    ]
  )
  const [district, setDistrict] = createSignal('')
  const [color, setColor] = createSignal<ColorName | ''>('')
  const [tag, setTag] = createSignal('')
  const [query, setQuery] = createSignal('')
  const [message, setMessage] = createSignal<string | null>(null)
  // The notebook's own filters: they select what is listed and what every export writes.
  const filter = () => ({
    ...(district() ? { district: district() } : {}),
    ...(color() ? { color: color() as ColorName } : {}),
    ...(tag() ? { tag: tag() } : {}),
    ...(query().trim() ? { query: query() } : {}),
  })
  const [list, { refetch }] = createResource(
    () => ({ f: filter(), v: props.version }),
    ({ f }) => api.listAnnotations(f)
  )
  const remove = async (a: Annotation): Promise<void> => {
    await api.deleteAnnotation({ id: a.id })
    void refetch()
    void refetchTags()
  }
  const [tags, { refetch: refetchTags }] = createResource(
    () => props.version,
    () => api.listTags({})
  )
  let importInput!: HTMLInputElement

  const exportAs = async (format: 'md' | 'jsonld' | 'csv'): Promise<void> => {
    const content = await api.exportAnnotations({ format, ...filter() })
    const type = format === 'md' ? 'text/markdown' : format === 'csv' ? 'text/csv' : 'application/ld+json'
    download(`annotations.${format === 'jsonld' ? 'jsonld' : format}`, content, `${type};charset=utf-8`)
  }
  const importFile = async (file: File): Promise<void> => {
    try {
      const result = await api.importAnnotations({ content: await file.text() })
      setMessage(t().importedAnnotations(result.imported, result.orphans))
      void refetch()
      void refetchTags()
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    // The notebook takes the place of the list and the reader: it is the page's main content.
    <main class="notebook" aria-label={t().notebook}>
      {props.children}
      <div class="notebook-filters">
        <input
          type="search"
          aria-label={t().filterNotes}
          placeholder={t().filterNotes}
          value={query()}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <select
          aria-label={t().district}
          value={district()}
          onChange={(e) => setDistrict(e.currentTarget.value)}
        >
          <option value="">{t().allDistricts}</option>
          <For each={districts() ?? []}>{(d) => <option value={d}>{d}</option>}</For>
        </select>
        <select
          aria-label={t().highlight}
          value={color()}
          onChange={(e) => setColor(e.currentTarget.value as ColorName | '')}
        >
          <option value="">{t().allColors}</option>
          <For each={colorNames}>{(c) => <option value={c}>{t().colors[c] ?? c}</option>}</For>
        </select>
        <select aria-label={t().tags} value={tag()} onChange={(e) => setTag(e.currentTarget.value)}>
          <option value="">{t().allTags}</option>
          <For each={tags() ?? []}>{(g) => <option value={g.tag}>{`${g.tag} (${g.count})`}</option>}</For>
        </select>
        <span class="spacer" />
        <button type="button" onClick={() => void exportAs('md')}>
          {t().exportMd}
        </button>
        <button type="button" onClick={() => void exportAs('jsonld')}>
          {t().exportJsonLd}
        </button>
        <button type="button" onClick={() => void exportAs('csv')}>
          {t().exportCsv}
        </button>
        <button type="button" onClick={() => importInput.click()}>
          {t().importAnnotations}
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".jsonld,.json"
          class="visually-hidden"
          aria-label={t().importAnnotations}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0]
            if (file) void importFile(file)
            e.currentTarget.value = ''
          }}
        />
      </div>
      <Show when={message()}>
        <p class="notice" role="status">
          {message()}
        </p>
      </Show>
      <Show
        when={(list() ?? []).length > 0}
        fallback={
          <div class="state empty">
            <strong>{list.loading ? t().loading : t().notebookEmpty}</strong>
            <p>{t().notebookEmptyHint}</p>
          </div>
        }
      >
        <ol class="notebook-list" aria-label={t().notebook}>
          <For each={list()}>
            {(a) => (
              <li>
                <Show
                  when={!a.orphan}
                  fallback={<OrphanItem annotation={a} onDelete={() => void remove(a)} />}
                >
                  <button
                    type="button"
                    class={`notebook-item anno-edge-${a.color}`}
                    onClick={() => props.onOpen(a)}
                  >
                    <span class="result-meta">
                      <span class="district-tag">{a.district ?? '—'}</span>
                      <span>{a.date ?? t().noDate}</span>
                      <span>{a.headline}</span>
                    </span>
                    <span class="quote">“{a.exact}”</span>
                    {/* One note that cannot be shown must not blank the notebook: its item stays, to open. */}
                    <ErrorBoundary fallback={null}>
                      <AnnotationBody annotation={a} />
                    </ErrorBoundary>
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </main>
  )
}
