import { closed } from '../core/schema'
import { numericId } from './ids'
import type { Preset } from './preset'

/**
 * LinkedIn Insight Tag (docs/reference.md §7). LinkedIn offers no consent API for the tag: the
 * visitor's consent gates loading, and `reloadOnRevoke` is the remedy. Cookies: LinkedIn's cookie
 * table, https://www.linkedin.com/legal/l/cookie-table (reached only in part here; the lifetimes
 * below agree with sites' published tables, secondary): `li_sugr` 90 days, `li_fat_id` 30 days on
 * the site; `bcookie` one year, `lidc` one day, `UserMatchHistory` and `AnalyticsSyncHistory`
 * 30 days on linkedin.com.
 */
export const linkedinInsight: Preset = {
  name: 'LinkedIn Insight Tag',
  country: 'IE',
  privacyPolicy: 'https://www.linkedin.com/legal/privacy-policy',
  cookies: [
    { name: 'li_sugr', days: 90 },
    { name: 'li_fat_id', days: 30 },
    { name: 'bcookie', days: 365, domain: 'linkedin.com' },
    { name: 'lidc', days: 1, domain: 'linkedin.com' },
    { name: 'UserMatchHistory', days: 30, domain: 'linkedin.com' },
    { name: 'AnalyticsSyncHistory', days: 30, domain: 'linkedin.com' },
  ],
  storage: [],
  hosts: ['snap.licdn.com', 'px.ads.linkedin.com', 'www.linkedin.com'],
  options: closed({ partnerId: numericId('a LinkedIn partner id (up to 20 digits)') }, ['partnerId']),
  // LinkedIn's Insight Tag: the partner id in `_linkedin_partner_id` and
  // `_linkedin_data_partner_ids`, a `lintrk` queue, then insight.min.js.
  load({ partnerId }, { window, script }) {
    const id = String(partnerId)
    window._linkedin_partner_id = id
    const ids = (window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [])
    ids.push(id)
    if (!window.lintrk) {
      const lintrk: any = (window.lintrk = (a: unknown, b: unknown) => lintrk.q.push([a, b]))
      lintrk.q = []
    }
    script('https://snap.licdn.com/li.lms-analytics/insight.min.js')
  },
}
