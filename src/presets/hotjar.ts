import { closed } from '../core/schema'
import { numericId } from './ids'
import type { Preset } from './preset'

/**
 * Hotjar (docs/reference.md §7). Hotjar has no consent API and cannot be stopped once loaded: the visitor's
 * consent gates loading, and `reloadOnRevoke` is the remedy on revocation. Cookies and storage
 * from sites' published tables (docs/sources.md, Vendors; secondary): `_hjSessionUser_<site>` 365 days,
 * `_hjSession_<site>` 30 minutes, the other `_hj*` flags 30 minutes to a year.
 */
export const hotjar: Preset = {
  name: 'Hotjar',
  country: 'MT',
  privacyPolicy: 'https://www.hotjar.com/legal/policies/privacy/',
  cookies: [
    { name: '/^_hjSessionUser_/', days: 365 },
    { name: '/^_hjSession_/', days: 30 / 1440 },
    { name: '/^_hj/', days: 365 },
  ],
  storage: ['/^_hj/', 'hjViewportId', 'hjActiveViewportIds'],
  hosts: ['static.hotjar.com', 'script.hotjar.com'],
  // Hotjar's own snippet writes the id as a number (`hjid:1234567`): digits as text or a number.
  options: closed({ siteId: numericId('a Hotjar site id (up to 12 digits)', 12) }, ['siteId']),
  // Hotjar's tracking code: the `hj` queue and `_hjSettings`, then its script.
  load({ siteId }, { window, script }) {
    window.hj =
      window.hj ||
      function () {
        ;(window.hj.q = window.hj.q || []).push(arguments)
      }
    window._hjSettings = { hjid: +siteId, hjsv: 6 }
    script(`https://static.hotjar.com/c/hotjar-${siteId}.js?sv=6`)
  },
}
