import { closed, patterned } from '../core/schema'
import type { Preset, PresetContext } from './preset'

/** `$crisp` is an array of commands until the chatbox takes it over; `push` works on both. */
const crispDo = ({ window }: PresetContext, action: string) => (window.$crisp = window.$crisp || []).push(['do', action])

/**
 * Crisp chatbox (docs/reference.md §7). The session cookie lasts 6 months by default, renewed on
 * each visit: Crisp's "Cookie Policies" (https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/cookie-policies/)
 * and "Crisp Cookie Policy" (https://help.crisp.chat/en/article/crisp-cookie-policy-1147xor/). Its
 * name, `crisp-client/session/<website>` (URL-encoded), is from sites' published tables
 * (secondary). Actions `chat:open`, `chat:hide`, `chat:show` and `session:reset`:
 * https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp/.
 */
export const crisp: Preset = {
  name: 'Crisp',
  country: 'FR',
  privacyPolicy: 'https://crisp.chat/en/privacy/',
  cookies: [{ name: '/^crisp-client/', days: 182 }],
  storage: [],
  hosts: ['client.crisp.chat', '*.crisp.chat'],
  options: closed(
    {
      websiteId: patterned(
        '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
        'a Crisp website id (a UUID)',
      ),
    },
    ['websiteId'],
  ),
  chat: true,
  // Crisp's chatbox code: `$crisp` and `CRISP_WEBSITE_ID`, then l.js.
  load({ websiteId }, { window, script }) {
    window.$crisp = window.$crisp || []
    window.CRISP_WEBSITE_ID = websiteId
    script('https://client.crisp.chat/l.js')
  },
  open: (_, context) => crispDo(context, 'chat:open'),
  // Hidden, and the browser unbound from its chat session (whose cookie consentry deletes).
  shutdown(_, context) {
    crispDo(context, 'chat:hide')
    crispDo(context, 'session:reset')
  },
  resume: (_, context) => crispDo(context, 'chat:show'),
}
