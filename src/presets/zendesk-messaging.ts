import { closed, patterned } from '../core/schema'
import type { Preset, PresetContext } from './preset'

const src = (key: string) => `https://static.zdassets.com/ekr/snippet.js?key=${key}`

/** Calls `zE(...args)` now, or once the snippet has run: `zE` exists only after it. */
const zE = ({ window, script }: PresetContext, key: string, ...args: unknown[]) => {
  if (window.zE) return window.zE(...args)
  // The snippet finds its key through `id="ze-snippet"` (Zendesk's installation code).
  script(src(key), { id: 'ze-snippet' }).addEventListener('load', () => window.zE?.(...args))
}

/**
 * Zendesk messaging Web Widget (docs/reference.md §7), API: https://developer.zendesk.com/api-reference/widget-messaging/web/core.
 * It keeps its state in local and session storage; Zendesk names `ZD-suid` (session id) and
 * `ZD-buid` (device id) (https://support.zendesk.com/hc/en-us/articles/5742080105626), so every
 * `ZD-` key is cleared.
 */
export const zendeskMessaging: Preset = {
  name: 'Zendesk Messaging',
  country: 'US',
  privacyPolicy: 'https://www.zendesk.com/company/agreements-and-terms/privacy-notice/',
  cookies: [],
  storage: ['/^ZD-/'],
  hosts: ['static.zdassets.com', 'ekr.zdassets.com', 'widget-mediator.zopim.com'],
  options: closed(
    {
      key: patterned(
        '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
        'a Zendesk widget key (a UUID)',
      ),
    },
    ['key'],
  ),
  chat: true,
  // Live chat needs the widget's functional storage, not its analytics storage: 'functional' is
  // the narrowest range that still works, set as soon as `zE` exists, before the widget starts.
  load: ({ key }, context) => zE(context, key, 'messenger:set', 'cookies', 'functional'),
  open: ({ key }, context) => zE(context, key, 'messenger', 'open'),
  // 'none' makes the widget delete its local and session storage (as described by
  // https://c15t.com/docs/integrations/zendesk; older Zendesk pages show a boolean instead).
  shutdown({ key }, context) {
    zE(context, key, 'messenger', 'hide')
    zE(context, key, 'messenger:set', 'cookies', 'none')
  },
  resume({ key }, context) {
    zE(context, key, 'messenger:set', 'cookies', 'functional')
    zE(context, key, 'messenger', 'show')
  },
}
