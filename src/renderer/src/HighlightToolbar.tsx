/** The small toolbar over a selection in the reader: a colour, a note, or a citation to copy. */
import type { ColorName } from '../../shared/api'
import { ColorButtons } from './AnnotationEditor'
import { createFocusReturn } from './focus-return'
import { t } from './i18n'

export function HighlightToolbar(props: {
  top: number
  left: number
  copied: 'no' | 'yes' | 'failed'
  onPick: (color: ColorName) => void
  onNote: () => void
  onCopy: () => void
  onClose: () => void
  /** Where focus goes when the toolbar closes and what had it has gone (the text re-rendered). */
  returnFocus: () => HTMLElement | null | undefined
  ref?: (el: HTMLDivElement) => void
}) {
  createFocusReturn(() => props.returnFocus())
  return (
    <div
      class="popover toolbar-pop"
      role="toolbar"
      aria-label={t().highlight}
      ref={(el) => props.ref?.(el)}
      style={{ top: `${props.top}px`, left: `${props.left}px` }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation()
          props.onClose()
        }
      }}
    >
      <ColorButtons onPick={(c) => props.onPick(c)} />
      <button type="button" onClick={() => props.onNote()}>
        {t().addNote}
      </button>
      <button type="button" onClick={() => props.onCopy()}>
        {props.copied === 'yes' ? t().copied : props.copied === 'failed' ? t().copyFailed : t().copyCitation}
      </button>
    </div>
  )
}
