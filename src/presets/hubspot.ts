import { closed } from '../core/schema'
import { numericId } from './ids'
import type { Preset, PresetContext } from './preset'

const push = ({ window }: PresetContext, queue: '_hsq' | '_hsp', ...command: unknown[]) =>
  (window[queue] = window[queue] || []).push(command)

/**
 * HubSpot tracking code (docs/reference.md §7). Its privacy API: `_hsq.push(['doNotTrack'])` stops
 * tracking, `['doNotTrack', { track: true }]` resumes it, `_hsp.push(['revokeCookieConsent'])`
 * removes its cookies (HubSpot developer docs, "Tracking code API" and "Cookie consent banner
 * API"; not reachable from here). Cookies: HubSpot's knowledge base, "Cookies set in a visitor's
 * browser by HubSpot", reached only through sites that copy it (secondary, and their lifetimes
 * differ): `__hstc` and `hubspotutk` 13 months (the longest given), `__hssc` 30 minutes,
 * `__hssrc` for the session, `messagesUtk` 13 months.
 */
export const hubspot: Preset = {
  name: 'HubSpot',
  country: 'US',
  privacyPolicy: 'https://legal.hubspot.com/privacy-policy',
  cookies: [
    { name: '__hstc', days: 395 },
    { name: 'hubspotutk', days: 395 },
    { name: '__hssc', days: 30 / 1440 },
    { name: '__hssrc', days: 0 },
    { name: 'messagesUtk', days: 395 },
  ],
  storage: [],
  hosts: [
    '*.hs-scripts.com',
    '*.hs-analytics.net',
    '*.hs-banner.com',
    '*.hscollectedforms.net',
    '*.hsadspixel.net',
    '*.usemessages.com',
    'track.hubspot.com',
  ],
  options: closed(
    {
      portalId: numericId('a HubSpot portal id (up to 20 digits)'),
      region: { enum: ['na1', 'eu1'], description: 'The data centre of the account: "eu1" for js-eu1.hs-scripts.com.' },
    },
    ['portalId'],
  ),
  // HubSpot's tracking code is one script named after the portal, `id="hs-script-loader"`.
  // A `doNotTrack` left by an earlier revocation is lifted: this runs only after consent.
  load({ portalId, region }, context) {
    push(context, '_hsq', 'doNotTrack', { track: true })
    const host = region === 'eu1' ? 'js-eu1.hs-scripts.com' : 'js.hs-scripts.com'
    context.script(`https://${host}/${portalId}.js`, { id: 'hs-script-loader' })
  },
  shutdown(_, context) {
    push(context, '_hsq', 'doNotTrack')
    push(context, '_hsp', 'revokeCookieConsent')
  },
  resume: (_, context) => push(context, '_hsq', 'doNotTrack', { track: true }),
}
