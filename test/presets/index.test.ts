import { expect, test } from 'vitest'
import { validateManifest, type Vendor } from '../../src/index'
import { presets } from '../../src/presets/index'
import { manifest } from '../helpers'
import { HOST_PATTERN } from '../../src/manifest/manifest-schema'

const ENTRIES = [
  { id: 'zendesk', preset: 'zendesk-messaging', purposes: ['livechat'], options: { key: '01234567-89ab-cdef-0123-456789abcdef' } },
  { id: 'zopim', preset: 'zendesk-chat', purposes: ['livechat'], options: { key: '3lzCXt8e7c7sLy5Ms0TOKhsQIhlKwXdv' } },
  { id: 'tawkto', preset: 'tawkto', purposes: ['livechat'], options: { propertyId: '5e8f1b2c3d4e5f6a7b8c9d0e', widgetId: 'default' } },
  { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-ABC123' } },
  { id: 'gtm', preset: 'gtm', purposes: ['analytics'], options: { containerId: 'GTM-ABC123' } },
  { id: 'meta', preset: 'meta-pixel', purposes: ['marketing'], options: { pixelId: '123456789012345' } },
  { id: 'hotjar', preset: 'hotjar', purposes: ['analytics'], options: { siteId: '1234567' } },
  { id: 'youtube', preset: 'youtube', purposes: ['marketing'] },
]

const vendorsOf = (entries: object[]): Vendor[] => {
  const result = validateManifest(manifest({ vendors: entries as never }))
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.manifest.vendors
}

test('offers the eighteen presets of docs/reference.md §3', () => {
  expect(Object.keys(presets).sort()).toEqual([
    'clarity',
    'crisp',
    'ga4',
    'google-maps',
    'gtm',
    'hotjar',
    'hubspot',
    'intercom',
    'linkedin-insight',
    'matomo',
    'meta-pixel',
    'microsoft-uet',
    'tawkto',
    'tiktok-pixel',
    'vimeo',
    'youtube',
    'zendesk-chat',
    'zendesk-messaging',
  ])
})

test('fills in name, country, policy, cookies and storage from a few lines of manifest', () => {
  const vendors = vendorsOf(ENTRIES)
  for (const vendor of vendors) {
    const preset = presets[vendor.preset!]!
    expect(vendor).toMatchObject({
      name: preset.name,
      country: preset.country,
      privacyPolicy: preset.privacyPolicy,
      cookies: preset.cookies,
      storage: preset.storage,
    })
  }
  expect(vendors.map((vendor) => vendor.name)).toEqual([
    'Zendesk Messaging',
    'Zendesk Chat',
    'tawk.to',
    'Google Analytics',
    'Google Tag Manager',
    'Meta Pixel',
    'Hotjar',
    'YouTube',
  ])
})

test('lets the fields written in the manifest override the preset', () => {
  const [gtm] = vendorsOf([
    {
      ...ENTRIES[4],
      name: { en: 'Tags', ro: 'Etichete' },
      country: 'IE',
      privacyPolicy: 'https://example.com/google',
      cookies: [{ name: '_ga', days: 395 }],
      storage: ['tags_cache'],
    },
  ])
  expect(gtm).toMatchObject({
    name: { en: 'Tags', ro: 'Etichete' },
    country: 'IE',
    privacyPolicy: 'https://example.com/google',
    cookies: [{ name: '_ga', days: 395 }],
    storage: ['tags_cache'],
    options: { containerId: 'GTM-ABC123' },
  })
})

test('declares every cookie with a lifetime and only patterns that compile', () => {
  for (const [id, preset] of Object.entries(presets)) {
    for (const cookie of preset.cookies) {
      expect(cookie.days, `${id} ${cookie.name}`).toBeGreaterThanOrEqual(0)
      if (cookie.name.startsWith('/')) expect(() => new RegExp(cookie.name.slice(1, -1))).not.toThrow()
    }
    expect(preset.hosts.length, id).toBeGreaterThan(0)
    for (const host of preset.hosts) expect(host, id).toMatch(new RegExp(HOST_PATTERN))
    expect(preset.privacyPolicy).toMatch(/^https:\/\//)
  }
})

test('turns Consent Mode on by default for the Google tags only', () => {
  const mode = (entry: object) => {
    const result = validateManifest(manifest({ vendors: [entry as never] }))
    return result.ok && result.manifest.googleConsentMode !== null
  }
  expect(ENTRIES.map(mode)).toEqual([false, false, false, true, true, false, false, false])
})
