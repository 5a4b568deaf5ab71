import type { Preset } from './preset'
import { ga4 } from './ga4'
import { gtm } from './gtm'
import { hotjar } from './hotjar'
import { metaPixel } from './meta-pixel'
import { tawkto } from './tawkto'
import { youtube } from './youtube'
import { zendeskChat } from './zendesk-chat'
import { zendeskMessaging } from './zendesk-messaging'

/**
 * Every vendor preset, by the id a manifest names in `"preset"`. Add a preset by writing
 * `src/presets/<id>.ts` and listing it here; the manifest schema and validation follow.
 * @internal
 */
export const presets: Record<string, Preset> = {
  ga4,
  gtm,
  hotjar,
  'meta-pixel': metaPixel,
  tawkto,
  youtube,
  'zendesk-chat': zendeskChat,
  'zendesk-messaging': zendeskMessaging,
}
