import { closed } from '../core/schema'
import type { Preset } from './preset'

/**
 * Google Maps embeds (docs/reference.md §2, §7): the Maps Embed API iframe,
 * `https://www.google.com/maps/embed…` (https://developers.google.com/maps/documentation/embed),
 * behind a placeholder until consent; nothing to load. `NID` (6 months, google.com) is from
 * Google's "How Google uses cookies" (https://policies.google.com/technologies/cookies; not
 * reachable from here): listed for the visitor, out of the page's reach.
 */
export const googleMaps: Preset = {
  name: 'Google Maps',
  country: 'US',
  privacyPolicy: 'https://policies.google.com/privacy',
  cookies: [{ name: 'NID', days: 182, domain: 'google.com' }],
  storage: [],
  hosts: ['www.google.com', 'maps.google.com', 'maps.googleapis.com', 'maps.gstatic.com'],
  options: closed({}),
  embed: (url) => url,
  load() {},
}
