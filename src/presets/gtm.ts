import { closed, patterned } from '../core/schema'
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
    const layer: unknown[] = (window.dataLayer = window.dataLayer || [])
    // The page's own container snippet, its gtm.js held by auto-blocking until now
    // (docs/reference.md §9), may have marked the start already: it is not marked twice.
    if (!layer.some((entry) => (entry as { event?: unknown } | null)?.event === 'gtm.js'))
      layer.push({ 'gtm.start': Date.now(), event: 'gtm.js' })
    script(`https://www.googletagmanager.com/gtm.js?id=${containerId}`)
  },
}
