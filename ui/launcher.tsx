import type { Vendor } from '../src/core/types'
import type { Ui } from './ui'
import { Dialog } from './dialog'
import { classes } from './classes'

export interface LauncherProps {
  ui: Ui
  vendor: Vendor
  open: boolean
  onOpen(): void
  onClose(): void
}

/**
 * Stands where the chat bubble would be while the chat vendor is not granted (docs/reference.md §7). It asks
 * just in time, naming who runs the chat; "Start chat" grants that one vendor, then opens it:
 * two activations for a visitor who rejected everything.
 */
export const Launcher = ({ ui, vendor, open, onOpen, onClose }: LauncherProps) => {
  const { internals, t, text } = ui
  const name = text(vendor.name)
  const start = () => {
    onClose()
    internals.allow(vendor.id, 'launcher')
    internals.open(vendor.id)
  }
  return (
    <>
      <button
        type="button"
        class={`${classes.button} ${classes.chatLauncher}`}
        aria-haspopup="dialog"
        onClick={onOpen}
      >
        {t('launcher.label')}
      </button>
      {open && (
        <Dialog
          small
          title={t('launcher.title')}
          closeLabel={t('preferences.close')}
          onClose={onClose}
          actions={
            <>
              <button type="button" class={classes.button} onClick={start}>
                {t('launcher.start')}
              </button>
              <button type="button" class={classes.button} onClick={onClose}>
                {t('launcher.cancel')}
              </button>
            </>
          }
        >
          <p>{t('launcher.text', { vendor: name })}</p>
          {vendor.privacyPolicy && (
            <p>
              <a href={vendor.privacyPolicy} target="_blank" rel="noopener">
                {t('vendor.policy', { vendor: name })}
              </a>
            </p>
          )}
        </Dialog>
      )}
    </>
  )
}
