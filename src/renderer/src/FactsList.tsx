/** The figures of a report (1.6亿元, 30000平方米, 增长6.8%) beside its text, each opening its passage. */
import { For, Show } from 'solid-js'
import type { Amount } from '../../shared/api'
import { language, t } from './i18n'

/** 1.6亿元 → "160,000,000 元"; 6.8% stays "6.8%". */
function normalised(a: Amount): string {
  const number = a.value.toLocaleString(language() === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 6 })
  return a.unit === '%' ? `${number}%` : `${number} ${a.unit}`
}

/** The words just before a figure, up to the start of its clause (its qualifier, 超 or 近, included). */
function lead(text: string, a: Amount): string {
  const before = text.slice(Math.max(0, a.start - 12), a.start)
  const cut = Math.max(...['，', '。', '；', '、', '\n', ',', ';'].map((p) => before.lastIndexOf(p)))
  return before.slice(cut + 1)
}

export function FactsList(props: {
  amounts: Amount[]
  text: string
  onOpen: (a: Amount) => void
  /** A figure pointed at (hovered or focused), or null when none is: the reader marks it. */
  onPoint?: (a: Amount | null) => void
}) {
  return (
    <aside class="facts" aria-label={t().facts}>
      <h2>
        {t().facts} <span class="count">{props.amounts.length}</span>
      </h2>
      <Show when={props.amounts.length > 0} fallback={<p class="muted small">{t().noFacts}</p>}>
        <ol class="fact-list">
          <For each={props.amounts}>
            {(a) => (
              <li>
                <button
                  type="button"
                  class={`fact-item fact-${a.kind}`}
                  title={normalised(a)}
                  onClick={() => props.onOpen(a)}
                  onMouseEnter={() => props.onPoint?.(a)}
                  onMouseLeave={() => props.onPoint?.(null)}
                  onFocus={() => props.onPoint?.(a)}
                  onBlur={() => props.onPoint?.(null)}
                >
                  <span class="fact-kind">{t().factKinds[a.kind]}</span>
                  <span class="fact-text">
                    <span class="muted">{lead(props.text, a)}</span>
                    <strong>{a.text}</strong>
                  </span>
                  <span class="fact-value muted">{normalised(a)}</span>
                </button>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </aside>
  )
}
