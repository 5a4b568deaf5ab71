import { closed } from '../core/schema'
import type { Preset } from './preset'

const PLAYER = /^https?:\/\/player\.vimeo\.com\/video\//i

/** Adds `dnt=1` to a Vimeo player address, replacing any `dnt` it had. */
const doNotTrack = (url: string): string => {
  if (!PLAYER.test(url)) return url
  const [address, hash = ''] = url.split('#', 2)
  const [path, query = ''] = address!.split('?', 2)
  const params = query.split('&').filter((pair) => pair && !/^dnt(=|$)/i.test(pair))
  return `${path}?${[...params, 'dnt=1'].join('&')}${hash ? `#${hash}` : ''}`
}

/**
 * Vimeo embeds (docs/reference.md §2, §7). The iframe is the vendor: nothing to load, and every
 * player address gets `dnt=1`, with which the player sets no new cookie during the view (Vimeo
 * help centre, "Vimeo cookies on the embeddable player", https://help.vimeo.com/hc/en-us/articles/26080940921361).
 * It still reaches Vimeo, so it stays behind consent. The cookies below are that article's, set on
 * vimeo.com without `dnt`: listed for the visitor, out of the page's reach.
 */
export const vimeo: Preset = {
  name: 'Vimeo',
  country: 'US',
  privacyPolicy: 'https://vimeo.com/privacy',
  cookies: [
    { name: 'vuid', days: 730, domain: 'vimeo.com' },
    { name: 'player', days: 365, domain: 'vimeo.com' },
  ],
  storage: [],
  hosts: ['player.vimeo.com', 'i.vimeocdn.com', 'f.vimeocdn.com'],
  options: closed({}),
  embed: doNotTrack,
  load() {},
}
