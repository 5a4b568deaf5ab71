import { closed } from '../core/schema'
import { numericId } from './ids'
import type { Preset } from './preset'

/**
 * Meta Pixel (docs/reference.md §7). Consent API: https://developers.facebook.com/docs/meta-pixel/implementation/gdpr
 * (`revoke` before `init` on every page, `grant` once consent is given). `_fbp`/`_fbc`:
 * https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/;
 * their 90-day lifetime comes from secondary sources (docs/sources.md, Vendors).
 */
export const metaPixel: Preset = {
  name: 'Meta Pixel',
  country: 'US',
  privacyPolicy: 'https://www.facebook.com/privacy/policy/',
  cookies: [
    { name: '_fbp', days: 90 },
    { name: '_fbc', days: 90 },
  ],
  storage: [],
  hosts: ['connect.facebook.net', 'www.facebook.com'],
  // Meta's base code writes `fbq('init', '123456789012345')`, a string; site owners also write the
  // id as a number. Either is accepted, and given to `init` as the string the base code uses.
  options: closed({ pixelId: numericId('a Meta pixel id (5 to 20 digits)', 20, 5) }, ['pixelId']),
  // Meta's base code, then its documented consent sequence: the pixel starts revoked, and is
  // granted only because this runs after the visitor's consent; `shutdown` revokes it again.
  load({ pixelId }, { window, script }) {
    const fbq: any = (window.fbq = window.fbq || function () {
      fbq.callMethod ? fbq.callMethod.apply(fbq, arguments) : fbq.queue.push(arguments)
    })
    if (!fbq.queue) Object.assign(fbq, { push: fbq, loaded: true, version: '2.0', queue: [] })
    window._fbq = window._fbq || fbq
    const id = String(pixelId)
    // The page's own base code, held by auto-blocking until now (docs/reference.md §9), may have
    // queued this pixel's `init` and `PageView` already: they are not sent twice.
    const pasted = fbq.queue.some((args: ArrayLike<unknown>) => args[0] === 'init' && String(args[1]) === id)
    fbq('consent', 'revoke')
    if (!pasted) {
      fbq('init', id)
      fbq('track', 'PageView')
    }
    fbq('consent', 'grant')
    script('https://connect.facebook.net/en_US/fbevents.js')
  },
  shutdown: (_, { window }) => window.fbq('consent', 'revoke'),
  resume: (_, { window }) => window.fbq('consent', 'grant'),
}
