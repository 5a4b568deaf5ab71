import { expect, test } from 'vitest'
import { formatIssue, validateManifest, type VendorInput } from '../../src/index'
import { withVendor } from './harness'

// Every preset id option, in the forms site owners write: where the vendor's own snippet or URL
// is digits, a JSON number is as good as the string; every refusal says what is expected and
// shows the value as it was written (src/presets/ids.ts).

const issues = (vendor: VendorInput): string[] => {
  const result = validateManifest(withVendor(vendor))
  return result.ok ? [] : result.issues.map(formatIssue)
}

/** Preset, the option, other options it needs, and how the expected form is named. */
const NUMERIC: [string, string, Record<string, unknown>, string][] = [
  ['hotjar', 'siteId', {}, 'a Hotjar site id (up to 12 digits)'],
  ['meta-pixel', 'pixelId', {}, 'a Meta pixel id (5 to 20 digits)'],
  ['linkedin-insight', 'partnerId', {}, 'a LinkedIn partner id (up to 20 digits)'],
  ['microsoft-uet', 'tagId', {}, 'a UET tag id (up to 20 digits)'],
  ['matomo', 'siteId', { url: 'https://stats.example.org/' }, 'a Matomo site id (up to 20 digits)'],
  ['hubspot', 'portalId', {}, 'a HubSpot portal id (up to 20 digits)'],
]

test.each(NUMERIC)('%s accepts %s as digits in a string and as a number', (preset, option, others) => {
  const vendor = (value: unknown) => ({ id: 'v', preset, purposes: ['marketing'], options: { ...others, [option]: value } })
  expect([issues(vendor('1234567')), issues(vendor(1234567)), issues(vendor(Number.MAX_SAFE_INTEGER))].flat()).toEqual(
    preset === 'hotjar' ? [`vendors[0].options.${option}: expected ${NUMERIC[0]![3]}, got 9007199254740991`] : [],
  )
})

test.each(NUMERIC)('%s refuses a %s that is no id, saying which form is expected and showing the value', (preset, option, others, expected) => {
  const vendor = (value: unknown) => ({ id: 'v', preset, purposes: ['marketing'], options: { ...others, [option]: value } })
  const at = `vendors[0].options.${option}`
  expect([-7, 1.5, true, 'id-7', '', null].map((value) => issues(vendor(value))).flat()).toEqual([
    `${at}: expected ${expected}, got -7`,
    `${at}: expected ${expected}, got 1.5`,
    `${at}: expected ${expected}, got true`,
    `${at}: expected ${expected}, got "id-7"`,
    `${at}: expected ${expected}, got ""`,
    `${at}: expected ${expected}, got null`,
  ])
  // 21 digits, as text and as the number JSON makes of them.
  expect(issues(vendor('123456789012345678901'))).toEqual([`${at}: expected ${expected}, got "123456789012345678901"`])
  expect(issues(vendor(JSON.parse('123456789012345678901')))).toEqual([
    `${at}: expected ${expected}, got a number too large to be read exactly (it reads as 123456789012345680000): write it in quotes`,
  ])
})

test('hotjar refuses a site id of 13 digits, as text or as a number', () => {
  const vendor = (siteId: unknown) => ({ id: 'v', preset: 'hotjar', purposes: ['analytics'], options: { siteId } })
  expect([issues(vendor('1234567890123')), issues(vendor(1234567890123))].flat()).toEqual([
    'vendors[0].options.siteId: expected a Hotjar site id (up to 12 digits), got "1234567890123"',
    'vendors[0].options.siteId: expected a Hotjar site id (up to 12 digits), got 1234567890123',
  ])
})

/**
 * Ids that are not only digits: their vendors' snippets write them as strings (`'G-…'`,
 * `'GTM-…'`, Clarity's project id, TikTok's pixel code, Intercom's app id, Crisp's and Zendesk's
 * UUID keys, tawk.to's property id), so a number is refused, and the message shows it.
 */
const TEXTUAL: [string, string, Record<string, unknown>, string][] = [
  ['ga4', 'measurementId', {}, 'a GA4 measurement id like "G-ABC123"'],
  ['gtm', 'containerId', {}, 'a GTM container id like "GTM-ABC123"'],
  ['clarity', 'projectId', {}, 'a Clarity project id like "abcde12345"'],
  ['tiktok-pixel', 'pixelId', {}, 'a TikTok pixel id like "CABCDE1234567890FGHI"'],
  ['intercom', 'appId', {}, 'an Intercom app id like "abc12def"'],
  ['tawkto', 'propertyId', { widgetId: 'default' }, 'a tawk.to property id (24 hex digits)'],
  ['zendesk-messaging', 'key', {}, 'a Zendesk widget key (a UUID)'],
  ['zendesk-chat', 'key', {}, 'a Zendesk Chat account key (letters and digits)'],
]

test.each(TEXTUAL)('%s refuses a number for %s with the expected form and the value', (preset, option, others, expected) => {
  const vendor = { id: 'v', preset, purposes: ['marketing'], options: { ...others, [option]: 12345678 } }
  expect(issues(vendor)).toEqual([`vendors[0].options.${option}: expected ${expected}, got 12345678`])
})

test('crisp refuses a number for websiteId with the expected form and the value', () => {
  const [issue] = issues({ id: 'v', preset: 'crisp', purposes: ['livechat'], options: { websiteId: 12345678 } })
  expect(issue).toMatch(/^vendors\[0\]\.options\.websiteId: expected .*Crisp.*, got 12345678$/)
})
