import { closed, patterned } from '../core/schema'
import type { Preset } from './preset'

/** The consent cap (docs/reference.md §3 `cookie.days`), which GA's own cookies are held to below. */
const MAX_DAYS = 395

/**
 * Google Analytics 4 through gtag.js (docs/reference.md §7). Its Consent Mode defaults are pushed by
 * `integrations/google-consent-mode.ts` before this can run (`googleTag`). Cookies `_ga` and
 * `_ga_<container-id>`: https://support.google.com/analytics/answer/11397207.
 * GA cannot be stopped once running: `reloadOnRevoke` is the remedy (docs/sources.md, Withdrawal).
 */
export const ga4: Preset = {
  name: 'Google Analytics',
  country: 'US',
  privacyPolicy: 'https://policies.google.com/privacy',
  cookies: [
    { name: '_ga', days: MAX_DAYS },
    { name: '/^_ga_/', days: MAX_DAYS },
  ],
  storage: [],
  hosts: ['www.googletagmanager.com', 'www.google-analytics.com', 'region1.google-analytics.com'],
  options: closed(
    { measurementId: patterned('^G-[A-Z0-9]+$', 'a GA4 measurement id like "G-ABC123"') },
    ['measurementId'],
  ),
  googleTag: true,
  load({ measurementId }, { window, script }) {
    // Google's snippet: gtag.js reads `arguments` objects from the dataLayer, never arrays.
    const dataLayer = (window.dataLayer = window.dataLayer || [])
    const gtag = (window.gtag = window.gtag || function () {
      dataLayer.push(arguments)
    })
    gtag('js', new Date())
    // Google's default is two years; consent itself lasts at most 13 months (CNIL 2020-092,
    // docs/sources.md, Lifetime), so GA's cookies do too (`cookie_expires` in seconds:
    // https://developers.google.com/analytics/devguides/collection/gtagjs/cookies-user-id).
    gtag('config', measurementId, { cookie_expires: MAX_DAYS * 86400 })
    script(`https://www.googletagmanager.com/gtag/js?id=${measurementId}`)
  },
}
