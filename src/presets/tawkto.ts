import { closed, patterned } from '../core/schema'
import type { Preset, PresetContext } from './preset'

/** Runs `fn` with `Tawk_API` once the widget is up, queued on its `onLoad` until then. */
const whenLoaded = ({ window }: PresetContext, fn: (tawk: any) => void) => {
  const tawk = window.Tawk_API
  // `onLoaded` is the widget's own "has loaded" flag (https://developer.tawk.to/jsapi/).
  if (tawk.onLoaded) return fn(tawk)
  const before = tawk.onLoad
  tawk.onLoad = () => {
    before?.()
    fn(tawk)
  }
}

/**
 * tawk.to live chat (docs/reference.md §7). Cookies and storage: https://help.tawk.to/article/what-are-tawkto-cookies-and-what-do-they-do
 * (`tawk_uuid_<propertyId>` 6 months, `twk_idm_key` and `TawkConnectionTime` for the session,
 * `twk_token_*` in localStorage).
 */
export const tawkto: Preset = {
  name: 'tawk.to',
  country: 'US',
  privacyPolicy: 'https://www.tawk.to/privacy-policy/',
  cookies: [
    { name: '/^tawk_uuid_/', days: 182 },
    { name: 'twk_idm_key', days: 0 },
    { name: 'TawkConnectionTime', days: 0 },
  ],
  storage: ['/^twk_/'],
  hosts: ['embed.tawk.to', 'va.tawk.to'],
  options: closed(
    {
      propertyId: patterned('^[0-9a-f]{24}$', 'a tawk.to property id (24 hex digits)'),
      widgetId: patterned('^(default|[a-z0-9]{5,16})$', 'a tawk.to widget id like "1abc2def3" or "default"'),
    },
    ['propertyId', 'widgetId'],
  ),
  chat: true,
  // The embed code of https://developer.tawk.to/jsapi/: `Tawk_API` and `Tawk_LoadStart` exist
  // before the script. `autoStart` stays on: this runs only once the visitor has consented.
  load({ propertyId, widgetId }, context) {
    const { window } = context
    window.Tawk_API = window.Tawk_API || {}
    window.Tawk_LoadStart = new Date()
    context.script(`https://embed.tawk.to/${propertyId}/${widgetId}`, { charset: 'UTF-8', crossorigin: '*' })
  },
  open: (_, context) => whenLoaded(context, (tawk) => tawk.maximize()),
  // `shutdown()` closes the widget's connection, `hideWidget()` takes it off the page
  // (https://developer.tawk.to/jsapi/); `start()` reconnects if consent comes back.
  shutdown: (_, context) =>
    whenLoaded(context, (tawk) => {
      tawk.hideWidget()
      tawk.shutdown()
    }),
  resume: (_, context) => whenLoaded(context, (tawk) => tawk.start({ showWidget: true })),
}
