import { closed, patterned } from '../core/schema'
import type { Preset, PresetContext } from './preset'

/** Intercom's queue: `Intercom(...)` calls made before its script are kept in `Intercom.q`. */
const call = ({ window }: PresetContext, ...args: unknown[]) => {
  if (typeof window.Intercom !== 'function') {
    const queue: any = (...call: unknown[]) => queue.q.push(call)
    queue.q = []
    window.Intercom = queue
  }
  window.Intercom(...args)
}

/**
 * Intercom Messenger (docs/reference.md §7). Cookies and lifetimes: Intercom's help centre,
 * "Intercom Messenger Cookies" (https://www.intercom.com/help/en/articles/2361922):
 * `intercom-id-<app>` and `intercom-device-id-<app>` 9 months, `intercom-session-<app>` one week.
 * `Intercom('shutdown')` ends the session and clears its cookie; `boot` starts a fresh one
 * (https://www.intercom.com/help/en/articles/16845-how-do-i-end-a-session).
 */
export const intercom: Preset = {
  name: 'Intercom',
  country: 'US',
  privacyPolicy: 'https://www.intercom.com/legal/privacy',
  cookies: [
    { name: '/^intercom-id-/', days: 274 },
    { name: '/^intercom-device-id-/', days: 274 },
    { name: '/^intercom-session-/', days: 7 },
  ],
  storage: ['/^intercom\\./'],
  hosts: ['widget.intercom.io', 'js.intercomcdn.com', '*.intercom.io', '*.intercomcdn.com'],
  options: closed({ appId: patterned('^[a-z0-9]{8}$', 'an Intercom app id like "abc12def"') }, ['appId']),
  chat: true,
  // Intercom's installation code: `intercomSettings`, the queue, then the widget script named
  // after the app; it boots from `intercomSettings` when it loads.
  load({ appId }, context) {
    context.window.intercomSettings = { app_id: appId }
    call(context, 'boot', { app_id: appId })
    context.script(`https://widget.intercom.io/widget/${appId}`)
  },
  open: (_, context) => call(context, 'show'),
  shutdown: (_, context) => call(context, 'shutdown'),
  resume: ({ appId }, context) => call(context, 'boot', { app_id: appId }),
}
