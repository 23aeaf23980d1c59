/** What an annotation says besides its quote: orphan status, the note (sanitised Markdown), tags. */
import { Show } from 'solid-js'
import type { Annotation } from '../../shared/api'
import { t } from './i18n'
import { renderNote } from './note-markdown'

export function AnnotationBody(props: { annotation: Annotation }) {
  return (
    <>
      <Show when={props.annotation.orphan}>
        <span class="muted small">{t().orphan}</span>
      </Show>
      <Show when={props.annotation.note}>
        {/* Sanitised Markdown: only harmless tags, http(s) links. */}
        <span class="note" innerHTML={renderNote(props.annotation.note)} />
      </Show>
      <Show when={props.annotation.tags.length > 0}>
        <span class="tags">{props.annotation.tags.map((tag) => `#${tag}`).join(' ')}</span>
      </Show>
    </>
  )
}
