import type { Vendor as VendorData } from '../src/core/types'
import type { Ui } from './ui'
import { Switch } from './switch'
import { countryName, lifetime, readable } from './intl'
import { classes } from './classes'

export interface VendorProps {
  ui: Ui
  vendor: VendorData
  /** Unique in the dialog: a vendor of two purposes is listed under both. */
  id: string
  on: boolean
  /** Serves only required purposes: always on. */
  locked: boolean
  onToggle(): void
}

/**
 * A vendor: name, country, privacy policy, cookies with their lifetimes, and its own switch.
 * Names are isolated in `<bdi>`, or an Arabic line would reorder `twk_*` into `*_twk`.
 */
export const Vendor = ({ ui, vendor, id, on, locked, onToggle }: VendorProps) => {
  const { t, text, locale } = ui
  const name = text(vendor.name)
  return (
    <li class={classes.vendor}>
      <div class={classes.row}>
        <strong id={id}>{name}</strong>
        <Switch checked={on || locked} disabled={locked} labelledBy={id} onToggle={onToggle} />
      </div>
      {vendor.description && <p class={classes.muted}>{text(vendor.description)}</p>}
      {vendor.country && (
        <p class={classes.muted}>{t('vendor.country', { country: countryName(vendor.country, locale) })}</p>
      )}
      {vendor.privacyPolicy && (
        <p>
          <a href={vendor.privacyPolicy} target="_blank" rel="noopener">
            {t('vendor.policy', { vendor: name })}
          </a>
        </p>
      )}
      <p class={classes.muted}>
        {t('vendor.cookies')}: {vendor.cookies.length ? '' : t('vendor.none')}
      </p>
      {vendor.cookies.length > 0 && (
        <ul class={classes.muted}>
          {vendor.cookies.map((cookie) => (
            <li key={cookie.name}>
              <bdi>{readable(cookie.name)}</bdi>: {lifetime(cookie.days, locale, t('cookie.session'))}
            </li>
          ))}
        </ul>
      )}
      {vendor.storage.length > 0 && (
        <p class={classes.muted}>
          {t('vendor.storage')}:{' '}
          {vendor.storage.map((key, index) => (
            <>
              {index > 0 && ', '}
              <bdi>{readable(key)}</bdi>
            </>
          ))}
        </p>
      )}
    </li>
  )
}
