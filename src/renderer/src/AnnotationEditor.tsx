/** Editing one annotation: colour, note (Markdown), tags; delete. */
import { createMemo, createSignal, For, Show } from 'solid-js'
import {
  colorNames,
  NOTE_MAX_CHARS,
  TAG_MAX_CHARS,
  TAGS_MAX,
  type Annotation,
  type ColorName,
} from '../../shared/api'
import { t } from './i18n'
import { createFocusReturn } from './focus-return'

export function ColorButtons(props: { current?: ColorName; onPick: (c: ColorName) => void }) {
  return (
    <For each={colorNames}>
      {(c) => (
        <button
          type="button"
          class={`swatch swatch-${c}`}
          classList={{ current: props.current === c }}
          aria-label={`${t().highlight} ${t().colors[c] ?? c}`}
          title={t().colors[c] ?? c}
          onClick={() => props.onPick(c)}
        />
      )}
    </For>
  )
}

export function AnnotationEditor(props: {
  annotation: Annotation
  top: number
  left: number
  onSave: (changes: { color: ColorName; note: string; tags: string[] }) => void
  onDelete: () => void
  onClose: () => void
  /** Where focus goes when the editor closes and what opened it has gone (re-rendered). */
  returnFocus?: () => HTMLElement | null | undefined
}) {
  createFocusReturn(() => props.returnFocus?.())
  const [color, setColor] = createSignal<ColorName>(props.annotation.color)
  const [note, setNote] = createSignal(props.annotation.note)
  const [tags, setTags] = createSignal(props.annotation.tags.join(', '))
  const tagList = createMemo(() => [
    ...new Set(
      tags()
        .split(/[,，、\s]+/u)
        .map((x) => x.trim())
        .filter(Boolean)
    ),
  ])
  // The API's limits, shown before saving: a note imported before they existed may exceed them,
  // and must still be editable down to size (or deleted).
  const noteTooLong = (): boolean => note().length > NOTE_MAX_CHARS
  const tagsTooMany = (): boolean =>
    tagList().length > TAGS_MAX || tagList().some((tag) => tag.length > TAG_MAX_CHARS)
  const save = (): void => {
    if (noteTooLong() || tagsTooMany()) return
    props.onSave({ color: color(), note: note(), tags: tagList() })
  }
  return (
    <div
      class="popover editor"
      role="dialog"
      aria-label={t().note}
      style={{ top: `${props.top}px`, left: `${props.left}px` }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          props.onClose()
        }
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save()
      }}
    >
      <blockquote class="quote">{props.annotation.exact}</blockquote>
      <div class="swatches">
        <ColorButtons current={color()} onPick={setColor} />
      </div>
      <label>
        <span class="visually-hidden">{t().note}</span>
        <textarea
          aria-label={t().note}
          placeholder={t().notePlaceholder}
          rows="4"
          value={note()}
          onInput={(e) => setNote(e.currentTarget.value)}
          ref={(el) => queueMicrotask(() => el.focus())}
        />
      </label>
      <Show when={noteTooLong()}>
        <span class="muted small" role="status">{`${note().length} / ${NOTE_MAX_CHARS}`}</span>
      </Show>
      <input
        type="text"
        aria-label={t().tags}
        placeholder={t().tagsPlaceholder}
        value={tags()}
        onInput={(e) => setTags(e.currentTarget.value)}
      />
      <Show when={tagsTooMany()}>
        <span
          class="muted small"
          role="status"
        >{`#${tagList().length} / ${TAGS_MAX} · ≤ ${TAG_MAX_CHARS}`}</span>
      </Show>
      <div class="editor-actions">
        <button type="button" class="danger" onClick={() => props.onDelete()}>
          {t().delete}
        </button>
        <span class="spacer" />
        <button type="button" onClick={() => props.onClose()}>
          {t().close}
        </button>
        <button type="button" class="primary" disabled={noteTooLong() || tagsTooMany()} onClick={save}>
          {t().save}
        </button>
      </div>
    </div>
  )
}
