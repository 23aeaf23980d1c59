import { createResource, For, Show, createSignal } from 'solid-js'
import { api } from './api'

export function App() {
  const [reports] = createResource(() => api.listReports({}))
  const [selected, setSelected] = createSignal<number | null>(null)
  const [report] = createResource(selected, (id) => api.getReport({ id }))
  return (
    <main class="app">
      <ul role="list" aria-label="报告">
        <For each={reports()}>
          {(r) => (
            <li>
              <button onClick={() => setSelected(r.id)}>
                {r.district} {r.headline} {r.date}
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={report()}>{(r) => <article>{r().text}</article>}</Show>
    </main>
  )
}
