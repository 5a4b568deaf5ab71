import { closed } from '../core/schema'
import type { Preset } from './preset'

const YOUTUBE = /^https?:\/\/(www\.|m\.)?youtube\.com(\/embed\/.*)$/i

/**
 * YouTube embeds (docs/reference.md §2, §7). The iframe is the vendor: nothing to load, and every embed URL
 * is moved to privacy-enhanced mode, which stores nothing about the visitor until the video is
 * played (Google support answer 171780; docs/sources.md, Vendors). It still reaches Google, so it
 * stays behind consent (EDPB 2/2023). The cookies below live on youtube.com, out of the page's
 * reach: listed for the visitor, deleted by closing the iframe.
 */
export const youtube: Preset = {
  name: 'YouTube',
  country: 'US',
  privacyPolicy: 'https://policies.google.com/privacy',
  cookies: [
    { name: 'YSC', days: 0, domain: 'youtube.com' },
    { name: 'VISITOR_INFO1_LIVE', days: 180, domain: 'youtube.com' },
  ],
  storage: [],
  hosts: ['www.youtube-nocookie.com', 'www.youtube.com', 'i.ytimg.com'],
  options: closed({}),
  embed: (url) => url.replace(YOUTUBE, 'https://www.youtube-nocookie.com$2'),
  load() {},
}
