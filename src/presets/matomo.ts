import { closed, patterned } from '../core/schema'
import { numericId } from './ids'
import type { Preset, PresetContext } from './preset'

const paq = ({ window }: PresetContext, ...command: unknown[]) => (window._paq = window._paq || []).push(command)

/**
 * Matomo (docs/reference.md §7), self-hosted or Matomo Cloud. Consent API: `requireConsent` before
 * anything is tracked, `setConsentGiven` for this page view (consentry remembers the choice, so
 * Matomo's own `mtm_consent` cookie is never written), `forgetConsentGiven` to stop and delete its
 * cookies: https://developer.matomo.org/guides/tracking-consent. Cookies and lifetimes:
 * https://matomo.org/faq/general/faq_146/ (`_pk_id` 13 months, `_pk_ref` 6 months, `_pk_ses`,
 * `_pk_cvar` and `_pk_hsr` 30 minutes). Cookieless tracking is the site's choice (`cookieless`);
 * the tracker still waits for consent here. Matomo's own host is the site's: add it to the
 * vendor's `hosts` for auto-blocking (docs/reference.md §9).
 */
export const matomo: Preset = {
  name: 'Matomo',
  country: 'NZ',
  privacyPolicy: 'https://matomo.org/privacy-policy/',
  cookies: [
    { name: '/^_pk_id\\./', days: 395 },
    { name: '/^_pk_ref\\./', days: 182 },
    { name: '/^_pk_(ses|cvar|hsr)\\./', days: 30 / 1440 },
  ],
  storage: [],
  hosts: ['cdn.matomo.cloud', '*.matomo.cloud'],
  options: closed(
    {
      url: patterned('^https://[^\\s?#]+$', 'the https address of your Matomo, like "https://analytics.example.com/"'),
      siteId: numericId('a Matomo site id (up to 20 digits)'),
      cookieless: { type: 'boolean', description: "Matomo's disableCookies: track without cookies." },
    },
    ['url', 'siteId'],
  ),
  // Matomo's tracking code: `_paq` commands, then matomo.js from the Matomo server.
  load({ url, siteId, cookieless }, context) {
    const base = url.endsWith('/') ? url : `${url}/`
    paq(context, 'requireConsent')
    if (cookieless) paq(context, 'disableCookies')
    paq(context, 'setConsentGiven')
    paq(context, 'trackPageView')
    paq(context, 'enableLinkTracking')
    paq(context, 'setTrackerUrl', `${base}matomo.php`)
    paq(context, 'setSiteId', String(siteId))
    context.script(`${base}matomo.js`)
  },
  shutdown: (_, context) => paq(context, 'forgetConsentGiven'),
  resume: (_, context) => paq(context, 'setConsentGiven'),
}
