import type { GcmSettings, GcmSignal } from '../core/types'

type Grants = Partial<Record<GcmSignal, 'granted' | 'denied'>>
type Gtag = (...args: unknown[]) => void

/**
 * A local `gtag()` exactly like Google's snippet: gtag.js reads only `arguments` objects from
 * `dataLayer`, never plain arrays.
 */
const gtagOf = (window: Window & { dataLayer?: unknown[] }): Gtag => {
  const dataLayer = (window.dataLayer = window.dataLayer ?? [])
  return function (..._: unknown[]) {
    dataLayer.push(arguments)
  }
}

const DENIED: Grants = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
}

/**
 * The all-denied `consent default`, with ad click identifiers redacted. Pushed by the script tag
 * as it runs when it carries `data-google-consent-mode`, before the manifest is read, so that
 * Google tags the site loads ungated start denied (docs/reference.md §7, advanced mode).
 * @internal
 */
export const pushConsentDefault = (window: Window, redact = true): void => {
  const gtag = gtagOf(window)
  gtag('consent', 'default', { ...DENIED, wait_for_update: 500 })
  gtag('set', 'ads_data_redaction', redact)
}

/**
 * Google Consent Mode v2 (docs/reference.md §7; Google, "Set up consent mode on websites"). The
 * `consent default` is pushed before anything consentry gates can run (unless the script tag
 * pushed it already: `defaultPushed`); `consent update` follows the stored choice and every change.
 * @internal
 */
export const createGoogleConsentMode = (settings: GcmSettings, window: Window, defaultPushed = false) => {
  const gtag = gtagOf(window)
  const signals = (Object.keys(settings) as GcmSignal[]).filter((key) => Array.isArray(settings[key]))
  const redact = settings.adsDataRedaction !== false
  if (!defaultPushed) pushConsentDefault(window, redact)
  else if (!redact) gtag('set', 'ads_data_redaction', false)
  if (settings.urlPassthrough) gtag('set', 'url_passthrough', true)
  const pick = (value: (signal: GcmSignal) => 'granted' | 'denied'): Grants =>
    Object.fromEntries(signals.map((signal) => [signal, value(signal)]))
  // Nothing to update while what Google would see is still the default.
  let last = JSON.stringify(pick((signal) => DENIED[signal]!))
  return {
    /** Pushes `consent update` when what Google would see has changed. */
    update(granted: (id: string) => boolean) {
      const grants = pick((signal) => (settings[signal]!.every(granted) ? 'granted' : 'denied'))
      const key = JSON.stringify(grants)
      if (key === last) return
      last = key
      gtag('consent', 'update', grants)
      if (redact) gtag('set', 'ads_data_redaction', grants.ad_storage !== 'granted')
    },
  }
}
