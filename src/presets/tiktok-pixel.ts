import { closed, patterned } from '../core/schema'
import type { Preset, PresetContext } from './preset'

const EVENTS = 'https://analytics.tiktok.com/i18n/pixel/events.js'
/** The `ttq` methods the base code queues until events.js has loaded. */
const METHODS = ['page', 'track', 'identify', 'instances', 'debug', 'on', 'off', 'once', 'ready', 'alias', 'group',
  'enableCookie', 'disableCookie', 'holdConsent', 'revokeConsent', 'grantConsent']

/** TikTok's queue: an array whose methods push `[name, ...args]` until events.js takes over. */
const ttq = ({ window }: PresetContext): any => {
  if (window.ttq) return window.ttq
  window.TiktokAnalyticsObject = 'ttq'
  const queue: any = (window.ttq = [])
  for (const name of METHODS) queue[name] = (...args: unknown[]) => queue.push([name, ...args])
  return queue
}

/**
 * TikTok Pixel (docs/reference.md §7). Consent: `holdConsent` before `load`, then `grantConsent`
 * or `revokeConsent` (TikTok for Business, "Cookie consent" of the pixel's developer guide; not
 * reachable from here, the calls are as TikTok's own base code and GTM template name them).
 * Cookies "expire after 13 months from being set or last used": TikTok Ads help, "About using
 * cookies with TikTok Pixel" (https://ads.tiktok.com/help/article?aid=10007540); the names `_ttp`,
 * `_tt_enable_cookie` and `ttcsid` come from sites' published tables (secondary).
 */
export const tiktokPixel: Preset = {
  name: 'TikTok Pixel',
  country: 'IE',
  privacyPolicy: 'https://www.tiktok.com/legal/page/eea/privacy-policy/en',
  cookies: [
    { name: '_ttp', days: 395 },
    { name: '_tt_enable_cookie', days: 395 },
    { name: '/^ttcsid/', days: 395 },
    { name: 'ttclid', days: 395 },
  ],
  storage: ['/^tt_/'],
  hosts: ['analytics.tiktok.com'],
  options: closed(
    { pixelId: patterned('^[A-Z0-9]{15,25}$', 'a TikTok pixel id like "CABCDE1234567890FGHI"') },
    ['pixelId'],
  ),
  // TikTok's base code (its `ttq.load` sets `_i`, `_t`, `_o` for the pixel, then appends
  // events.js with `sdkid` and `lib`), with the consent calls around it.
  load({ pixelId }, context) {
    const queue = ttq(context)
    queue.holdConsent()
    queue._i = queue._i || {}
    queue._i[pixelId] = Object.assign([], { _u: EVENTS })
    ;(queue._t = queue._t || {})[pixelId] = +new Date()
    ;(queue._o = queue._o || {})[pixelId] = {}
    queue.page()
    queue.grantConsent()
    context.script(`${EVENTS}?sdkid=${pixelId}&lib=ttq`)
  },
  shutdown: (_, context) => ttq(context).revokeConsent(),
  resume: (_, context) => ttq(context).grantConsent(),
}
