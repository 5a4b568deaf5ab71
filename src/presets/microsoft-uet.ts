import { closed } from '../core/schema'
import { numericId } from './ids'
import type { Preset, PresetContext } from './preset'

/** `uetq` is an array until bat.js replaces it with its own object, which keeps `push`. */
const uetq = ({ window }: PresetContext): { push(...args: unknown[]): void } => (window.uetq = window.uetq || [])

/**
 * Microsoft Advertising Universal Event Tracking (docs/reference.md §7). UET Consent Mode has one
 * signal, `ad_storage`, pushed as `consent` `default` before the tag and `update` after:
 * https://learn.microsoft.com/en-us/advertising/msa-help/hlp_ba_conc_uet_consent (the page answered
 * with a sign-in wall here; the calls are as CMP vendors document them, secondary). Cookies
 * `_uetsid` (1 day), `_uetvid` (13 months) and `_uetmsclkid` (90 days) come from sites' published
 * tables (secondary).
 */
export const microsoftUet: Preset = {
  name: 'Microsoft Advertising',
  country: 'US',
  privacyPolicy: 'https://www.microsoft.com/en-us/privacy/privacystatement',
  cookies: [
    { name: '_uetsid', days: 1 },
    { name: '_uetvid', days: 390 },
    { name: '_uetmsclkid', days: 90 },
  ],
  storage: ['/^_uet/'],
  hosts: ['bat.bing.com', 'bat.bing.net'],
  options: closed({ tagId: numericId('a UET tag id (up to 20 digits)') }, ['tagId']),
  // The UET tag: `new UET({ ti, q })` once bat.js has loaded, then a `pageLoad`. The consent
  // default is denied and updated to granted at once: this runs only after the visitor's consent.
  load({ tagId }, context) {
    const queue = uetq(context)
    queue.push('consent', 'default', { ad_storage: 'denied' })
    queue.push('consent', 'update', { ad_storage: 'granted' })
    const { window } = context
    context.script('https://bat.bing.com/bat.js').addEventListener('load', () => {
      if (typeof window.UET !== 'function') return
      window.uetq = new window.UET({ ti: String(tagId), enableAutoSpaTracking: true, q: window.uetq })
      window.uetq.push('pageLoad')
    })
  },
  shutdown: (_, context) => uetq(context).push('consent', 'update', { ad_storage: 'denied' }),
  resume: (_, context) => uetq(context).push('consent', 'update', { ad_storage: 'granted' }),
}
