import type { ManifestInput } from '../src/core/types'

/** A small valid manifest: one required purpose, three optional ones, three vendors. */
export const manifest = (overrides: Partial<ManifestInput> = {}): ManifestInput => ({
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: { en: 'Analytics', ro: 'Analiză' }, description: 'Counts visits.' },
    { id: 'livechat', title: 'Live chat', description: 'Talk to us.' },
    { id: 'marketing', title: 'Marketing', description: 'Ads.', gpc: true },
  ],
  vendors: [
    {
      id: 'stats',
      name: 'Stats Inc',
      purposes: ['analytics'],
      cookies: [{ name: 'st_id', days: 365 }, { name: '/^st_s_/', days: 1 }],
      storage: ['st_cache'],
    },
    { id: 'chatco', name: 'ChatCo', purposes: ['livechat'], cookies: [] },
    { id: 'adco', name: 'AdCo', purposes: ['marketing'], cookies: [{ name: 'ad_id', days: 90 }] },
  ],
  ...overrides,
})

/** Removes every cookie of the test document. */
export const clearCookies = () => {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]!.trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}

/** A built file, as `npm test` builds it before the tests run. */
export const distFile = (name: string): string => `${process.cwd()}/dist/${name}`
