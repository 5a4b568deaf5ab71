import type { GcmSignal } from '../manifest'

type Grants = Partial<Record<GcmSignal, 'granted' | 'denied'>>

/**
 * Google Consent Mode v2 (docs/reference.md §7; Google, "Set up consent mode on websites"). The `consent default` is pushed
 * before anything consentry gates can run; `consent update` follows the stored choice and every
 * change. gtag.js reads only `arguments` objects from `dataLayer`, never plain arrays, so the
 * commands go through a local `gtag()` exactly like Google's snippet.
 * @internal
 */
export const createGoogleConsentMode = (
  mapping: Partial<Record<GcmSignal, string[]>>,
  window: Window & { dataLayer?: unknown[] },
) => {
  const dataLayer = (window.dataLayer = window.dataLayer ?? [])
  const gtag = function (..._: unknown[]) {
    dataLayer.push(arguments)
  }
  const signals = Object.keys(mapping) as GcmSignal[]
  const denied: Grants = {
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    analytics_storage: 'denied',
    functionality_storage: 'denied',
    personalization_storage: 'denied',
    security_storage: 'granted',
  }
  gtag('consent', 'default', { ...denied, wait_for_update: 500 })
  gtag('set', 'ads_data_redaction', true)
  const pick = (value: (signal: GcmSignal) => 'granted' | 'denied'): Grants =>
    Object.fromEntries(signals.map((signal) => [signal, value(signal)]))
  // Nothing to update while what Google would see is still the default.
  let last = JSON.stringify(pick((signal) => denied[signal]!))
  return {
    /** Pushes `consent update` when what Google would see has changed. */
    update(granted: (id: string) => boolean) {
      const grants = pick((signal) => (mapping[signal]!.every(granted) ? 'granted' : 'denied'))
      const key = JSON.stringify(grants)
      if (key === last) return
      last = key
      gtag('consent', 'update', grants)
      gtag('set', 'ads_data_redaction', grants.ad_storage !== 'granted')
    },
  }
}
