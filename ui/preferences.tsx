import type { Vendor as VendorData } from '../src/core/types'
import type { Ui } from './ui'
import { Dialog } from './dialog'
import { dateTime } from './intl'
import { Purpose } from './purpose'
import { classes } from './classes'

/** The switches of the dialog: purposes on, and vendors not switched off one by one. */
export interface Choices {
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
}

export interface PreferencesProps {
  ui: Ui
  draft: Choices
  onChange(draft: Choices): void
}

/**
 * The second layer (docs/reference.md §6): a switch per purpose and per vendor, starting from the visitor's
 * current choices (all optional ones off on a first visit, GDPR Art. 4(11): no pre-ticked boxes).
 * Nothing is stored until a button says so; closing keeps everything as it was.
 */
export const Preferences = ({ ui, draft, onChange }: PreferencesProps) => {
  const { manifest, internals, t, text } = ui
  const { consent } = internals
  const vendorOn = (vendor: VendorData) =>
    draft.vendors[vendor.id] !== false && vendor.purposes.every((id) => draft.purposes[id])
  const togglePurpose = (id: string) => onChange({ ...draft, purposes: { ...draft.purposes, [id]: !draft.purposes[id] } })
  // Switching a vendor on switches on what it needs; switching it off leaves its purposes to the others.
  const toggleVendor = (vendor: VendorData) => {
    const on = !vendorOn(vendor)
    const purposes = { ...draft.purposes }
    if (on) for (const id of vendor.purposes) purposes[id] = true
    onChange({ purposes, vendors: { ...draft.vendors, [vendor.id]: on } })
  }
  const save = () =>
    internals.choose(
      {
        ...Object.fromEntries(manifest.purposes.filter((p) => !p.required).map((p) => [p.id, !!draft.purposes[p.id]])),
        ...draft.vendors,
      },
      'preferences',
    )
  const close = () => (consent.hasDecided() ? consent.hide() : consent.showBanner())
  // The id the visitor can quote to the site owner, who finds it in the consent records (docs/reference.md §7).
  const record = consent.record()
  return (
    <Dialog
      title={t('preferences.title')}
      closeLabel={t('preferences.close')}
      onClose={close}
      actions={
        <>
          <button type="button" class={classes.button} onClick={() => internals.acceptAll('preferences')}>
            {t('preferences.acceptAll')}
          </button>
          <button type="button" class={classes.button} onClick={() => internals.rejectAll('preferences')}>
            {t('preferences.rejectAll')}
          </button>
          <button type="button" class={classes.button} onClick={save}>
            {t('preferences.save')}
          </button>
        </>
      }
    >
      <p>{t('preferences.text', { controller: text(manifest.controller) })}</p>
      {consent.$state.get().gpc && <p class={classes.muted}>{t('preferences.gpc')}</p>}
      {record && (
        <p class={classes.muted}>
          {t('preferences.record', { id: record.id, date: dateTime(record.timestamp, ui.locale) })}
        </p>
      )}
      {manifest.purposes.map((purpose) => (
        <Purpose
          key={purpose.id}
          ui={ui}
          purpose={purpose}
          on={purpose.required || !!draft.purposes[purpose.id]}
          onToggle={() => togglePurpose(purpose.id)}
          vendorOn={vendorOn}
          onVendor={toggleVendor}
        />
      ))}
    </Dialog>
  )
}

/** The dialog's component, as the UI is given it (ui/mount.tsx). */
export type PreferencesView = typeof Preferences
