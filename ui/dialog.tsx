import type { ComponentChildren } from 'preact'
import { classes } from './classes'

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),summary,[tabindex]:not([tabindex="-1"])'

/** Moves focus into a dialog that just opened (WAI-ARIA APG, dialog pattern). */
export const focusInto = (dialog: Element): void => dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus()

/** Escape closes; Tab and Shift+Tab wrap around inside the dialog (WAI-ARIA APG, dialog pattern). */
const onKeyDown = (event: KeyboardEvent, onClose: () => void) => {
  if (event.key === 'Escape') {
    event.preventDefault()
    event.stopPropagation()
    return onClose()
  }
  if (event.key !== 'Tab') return
  const dialog = event.currentTarget as HTMLElement
  const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE))
  const active = (dialog.getRootNode() as ShadowRoot).activeElement
  const [first, last] = [items[0], items[items.length - 1]]
  if (event.shiftKey ? active === first || !dialog.contains(active) : active === last) {
    event.preventDefault()
    ;(event.shiftKey ? last : first)?.focus()
  }
}

export interface DialogProps {
  title: string
  closeLabel: string
  small?: boolean
  onClose(): void
  children: ComponentChildren
  /** The dialog's buttons, in a footer that stays in view while the rest scrolls. */
  actions: ComponentChildren
}

/**
 * A modal dialog: `role="dialog"`, `aria-modal`, named by its heading, over a backdrop.
 * Only its body scrolls: the heading with Close and the buttons stay in view on any screen
 * (docs/reference.md §6, Small screens). Focus moving in and back out is the mount's job, which
 * knows where it came from.
 */
export const Dialog = ({ title, closeLabel, small, onClose, children, actions }: DialogProps) => (
  <div class={classes.backdrop}>
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="dialog-title"
      class={small ? `${classes.dialog} ${classes.smallDialog}` : classes.dialog}
      onKeyDown={(event) => onKeyDown(event, onClose)}
    >
      <div class={classes.row}>
        <h2 id="dialog-title">{title}</h2>
        <button type="button" class={classes.close} aria-label={closeLabel} onClick={onClose}>
          ×
        </button>
      </div>
      <div class={classes.dialogBody}>{children}</div>
      <div class={classes.actions}>{actions}</div>
    </div>
  </div>
)
