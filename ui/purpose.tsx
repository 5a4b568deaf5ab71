import type { Purpose as PurposeData, Vendor as VendorData } from '../src/core/types'
import type { Ui } from './ui'
import { Switch } from './switch'
import { Vendor } from './vendor'
import { classes } from './classes'

export interface PurposeProps {
  ui: Ui
  purpose: PurposeData
  on: boolean
  onToggle(): void
  vendorOn(vendor: VendorData): boolean
  onVendor(vendor: VendorData): void
}

/**
 * One purpose: its switch (required ones shown on and disabled), its description, and the
 * vendors that serve it with everything Art. 13 GDPR asks to disclose (docs/sources.md, Information duties).
 */
export const Purpose = ({ ui, purpose, on, onToggle, vendorOn, onVendor }: PurposeProps) => {
  const { manifest, t, text } = ui
  const vendors = manifest.vendors.filter((vendor) => vendor.purposes.includes(purpose.id))
  const title = `p-${purpose.id}`
  const description = `d-${purpose.id}`
  return (
    <div role="group" aria-labelledby={title} class={classes.purpose}>
      <div class={classes.row}>
        <h3 id={title}>{text(purpose.title)}</h3>
        <span class={classes.row}>
          {purpose.required && <span class={classes.muted}>{t('preferences.required')}</span>}
          <Switch checked={on} disabled={purpose.required} labelledBy={title} describedBy={description} onToggle={onToggle} />
        </span>
      </div>
      <p id={description} class={classes.muted}>
        {text(purpose.description)}
      </p>
      {vendors.length > 0 && (
        <details>
          <summary>
            {t('preferences.vendors')} ({vendors.length})
          </summary>
          <ul class={classes.vendorList}>
            {vendors.map((vendor) => (
              <Vendor
                key={vendor.id}
                ui={ui}
                vendor={vendor}
                id={`v-${purpose.id}-${vendor.id}`}
                on={vendorOn(vendor)}
                locked={vendor.purposes.every((id) => manifest.purposes.find((p) => p.id === id)?.required)}
                onToggle={() => onVendor(vendor)}
              />
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
