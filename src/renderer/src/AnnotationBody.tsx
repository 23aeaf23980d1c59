/** What an annotation says besides its quote: orphan status, the note (sanitised Markdown), tags. */
import { ErrorBoundary, Show } from 'solid-js'
import type { Annotation } from '../../shared/api'
import { t } from './i18n'
import { renderNote } from './note-markdown'

/**
 * The note as text, for when anything about rendering it fails: one bad note must never blank the
 * side panel or the notebook, and its annotation stays there to be opened, edited and deleted.
 */
function NoteAsText(props: { note: string }) {
  return <span class="note">{props.note.slice(0, 2_000)}</span>
}

export function AnnotationBody(props: { annotation: Annotation }) {
  return (
    <ErrorBoundary fallback={<NoteAsText note={props.annotation.note} />}>
      <Show when={props.annotation.orphan}>
        <span class="muted small">{t().orphan}</span>
      </Show>
      <Show when={props.annotation.note}>
        <ErrorBoundary fallback={<NoteAsText note={props.annotation.note} />}>
          {/* Sanitised Markdown: only harmless tags, http(s) links; escaped text if that fails. */}
          <span class="note" innerHTML={renderNote(props.annotation.note)} />
        </ErrorBoundary>
      </Show>
      <Show when={props.annotation.tags.length > 0}>
        <span class="tags">{props.annotation.tags.map((tag) => `#${tag}`).join(' ')}</span>
      </Show>
    </ErrorBoundary>
  )
}
