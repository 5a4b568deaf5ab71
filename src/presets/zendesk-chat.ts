import { closed, patterned } from '../core/schema'
import type { Preset, PresetContext } from './preset'

/**
 * The `$zopim` queue of Zendesk Chat's embed code: functions given to it run once the widget's
 * API is ready, so every call below works before and after the script has loaded.
 */
const zopim = ({ window }: PresetContext, fn: (livechat: any) => void) => {
  const z: any =
    window.$zopim ||
    (window.$zopim = Object.assign((c: unknown) => z._.push(c), { _: [] as unknown[], t: +new Date() }))
  if (!z.set) z.set = Object.assign((o: unknown) => z.set._.push(o), { _: [] })
  z(() => fn(window.$zopim.livechat))
}

/**
 * Zendesk Chat, the classic Zopim widget (docs/reference.md §7). Cookies (365 days, on the site's top host):
 * https://support.zendesk.com/hc/en-us/articles/4408828505754-Enabling-cookie-consent-for-the-Chat-widget
 */
export const zendeskChat: Preset = {
  name: 'Zendesk Chat',
  country: 'US',
  privacyPolicy: 'https://www.zendesk.com/company/agreements-and-terms/privacy-notice/',
  cookies: [
    { name: '__zlcmid', days: 365 },
    { name: '__zlcprivacy', days: 365 },
  ],
  storage: [],
  hosts: ['v2.zopim.com', 'widget-mediator.zopim.com'],
  options: closed(
    {
      key: patterned('^[A-Za-z0-9]{20,40}$', 'a Zendesk Chat account key (letters and digits)'),
    },
    ['key'],
  ),
  chat: true,
  // Cookie-law mode first (`comply()`: the widget stores nothing until it is told consent was
  // given), then that consent, which the visitor has given already: this runs only after it.
  load({ key }, context) {
    zopim(context, (livechat) => {
      livechat.cookieLaw.comply()
      livechat.cookieLaw.setDefaultImplicitConsent()
    })
    context.script(`https://v2.zopim.com/?${key}`, { charset: 'utf-8' })
  },
  open: (_, context) => zopim(context, (livechat) => livechat.window.show()),
  // `hideAll()` takes every part of the widget off the page; `clearAll()` ends the session and
  // forgets the visitor (Zendesk's advice for removing visitor data: https://support.zendesk.com/hc/en-us/community/posts/360029392314).
  shutdown: (_, context) =>
    zopim(context, (livechat) => {
      livechat.hideAll()
      livechat.clearAll()
    }),
  resume: (_, context) => zopim(context, (livechat) => livechat.button.show()),
}
