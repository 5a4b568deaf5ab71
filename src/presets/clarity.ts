import { closed, patterned } from '../core/schema'
import type { Preset, PresetContext } from './preset'

/** Clarity's queue: `clarity(...)` calls made before its script are kept in `clarity.q`. */
const call = ({ window }: PresetContext, ...args: unknown[]) => {
  window.clarity =
    window.clarity ||
    function () {
      // The `arguments` object itself, as Clarity's own snippet queues it.
      ;(window.clarity.q = window.clarity.q || []).push(arguments)
    }
  window.clarity(...args)
}

/**
 * Microsoft Clarity (docs/reference.md §7). Consent API `consentv2` with `ad_Storage` and
 * `analytics_Storage`: https://learn.microsoft.com/en-us/clarity/setup-and-installation/clarity-consent-api-v2
 * (without consent Clarity sets no cookie). Cookie names: Microsoft's cookie list,
 * https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-list, which gives no
 * lifetimes; `_clck` one year and `_clsk` one day are from sites' published tables (secondary).
 * `CLID` and `MUID` live on clarity.ms, out of the page's reach: listed for the visitor.
 */
export const clarity: Preset = {
  name: 'Microsoft Clarity',
  country: 'US',
  privacyPolicy: 'https://www.microsoft.com/en-us/privacy/privacystatement',
  cookies: [
    { name: '_clck', days: 365 },
    { name: '_clsk', days: 1 },
    { name: 'CLID', days: 365, domain: 'clarity.ms' },
    { name: 'MUID', days: 390, domain: 'clarity.ms' },
  ],
  storage: [],
  hosts: ['www.clarity.ms', '*.clarity.ms'],
  options: closed(
    { projectId: patterned('^[a-z0-9]{8,12}$', 'a Clarity project id like "abcde12345"') },
    ['projectId'],
  ),
  // Clarity's tracking code: the queue, then `https://www.clarity.ms/tag/<project>`. Its consent
  // signal goes first, so Clarity starts with analytics storage granted and ads storage denied:
  // the visitor agreed to analytics, not to Clarity's sharing with Microsoft Advertising.
  load({ projectId }, context) {
    call(context, 'consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' })
    context.script(`https://www.clarity.ms/tag/${projectId}`)
  },
  shutdown: (_, context) => call(context, 'consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }),
  resume: (_, context) => call(context, 'consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }),
}
