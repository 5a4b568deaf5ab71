import { closed, patterned } from '../schema'
import type { Preset } from './preset'

/**
 * Google Tag Manager (docs/reference.md §7). GTM itself sets no cookie; the tags it fires do, so a site lists
 * them in the manifest's `cookies` for this vendor. Consent Mode defaults come first (`googleTag`);
 * a running container cannot be unloaded: `reloadOnRevoke` is the remedy.
 */
export const gtm: Preset = {
  name: 'Google Tag Manager',
  country: 'US',
  privacyPolicy: 'https://policies.google.com/privacy',
  cookies: [],
  storage: [],
  hosts: ['www.googletagmanager.com'],
  options: closed(
    { containerId: patterned('^GTM-[A-Z0-9]+$', 'a GTM container id like "GTM-ABC123"') },
    ['containerId'],
  ),
  googleTag: true,
  // Google's install snippet: the `gtm.js` event marks the start, then the container loads.
  load({ containerId }, { window, script }) {
    ;(window.dataLayer = window.dataLayer || []).push({ 'gtm.start': Date.now(), event: 'gtm.js' })
    script(`https://www.googletagmanager.com/gtm.js?id=${containerId}`)
  },
}
