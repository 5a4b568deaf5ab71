import type { Preset } from './preset'
import { clarity } from './clarity'
import { crisp } from './crisp'
import { ga4 } from './ga4'
import { googleMaps } from './google-maps'
import { gtm } from './gtm'
import { hotjar } from './hotjar'
import { hubspot } from './hubspot'
import { intercom } from './intercom'
import { linkedinInsight } from './linkedin-insight'
import { matomo } from './matomo'
import { metaPixel } from './meta-pixel'
import { microsoftUet } from './microsoft-uet'
import { tawkto } from './tawkto'
import { tiktokPixel } from './tiktok-pixel'
import { vimeo } from './vimeo'
import { youtube } from './youtube'
import { zendeskChat } from './zendesk-chat'
import { zendeskMessaging } from './zendesk-messaging'

/**
 * Every vendor preset, by the id a manifest names in `"preset"`. Add a preset by writing
 * `src/presets/<id>.ts` and listing it here; the manifest schema and validation follow.
 * @internal
 */
export const presets: Record<string, Preset> = {
  clarity,
  crisp,
  ga4,
  'google-maps': googleMaps,
  gtm,
  hotjar,
  hubspot,
  intercom,
  'linkedin-insight': linkedinInsight,
  matomo,
  'meta-pixel': metaPixel,
  'microsoft-uet': microsoftUet,
  tawkto,
  'tiktok-pixel': tiktokPixel,
  vimeo,
  youtube,
  'zendesk-chat': zendeskChat,
  'zendesk-messaging': zendeskMessaging,
}
