// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { freshPage, onScriptAppended, scriptsFrom, withVendor } from './harness'

const gtm = { id: 'gtm', preset: 'gtm', purposes: ['analytics'], options: { containerId: 'GTM-ABC123' } }

/** dataLayer entries by name: the `event` of an object, the command of a gtag call. */
const entries = (): string[] =>
  ((window as any).dataLayer as unknown[]).map((entry: any) =>
    entry.event ? `event ${entry.event}` : `${entry[0]} ${entry[1]}`,
  )

freshPage('dataLayer')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(gtm)).ready
  expect(scriptsFrom('www.googletagmanager.com')).toEqual([])
  expect(entries()).toEqual(['consent default', 'set ads_data_redaction'])
})

test('starts the container once after consent, after the Consent Mode default and update', () => {
  let atAppend: string[] = []
  onScriptAppended(() => (atAppend = entries()))
  const consent = createConsent(withVendor(gtm))
  consent.acceptAll()
  consent.rejectAll()
  consent.acceptAll()
  expect(atAppend).toEqual([
    'consent default',
    'set ads_data_redaction',
    'consent update',
    'set ads_data_redaction',
    'event gtm.js',
  ])
  expect(typeof (window as any).dataLayer[4]['gtm.start']).toBe('number')
  expect(scriptsFrom('www.googletagmanager.com').map((script) => script.src)).toEqual([
    'https://www.googletagmanager.com/gtm.js?id=GTM-ABC123',
  ])
})

test("marks the start once when the page's container snippet has already marked it", () => {
  // What Google's container snippet leaves when auto-blocking holds its gtm.js.
  ;(window as any).dataLayer = [{ 'gtm.start': 1, event: 'gtm.js' }]
  createConsent(withVendor(gtm)).acceptAll()
  expect(entries()).toEqual(['event gtm.js', 'consent default', 'set ads_data_redaction', 'consent update', 'set ads_data_redaction'])
  expect(scriptsFrom('www.googletagmanager.com')).toHaveLength(1)
})

test('rejects a malformed container id with its path', () => {
  const result = validateManifest(withVendor({ ...gtm, options: { containerId: 'G-ABC123' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.containerId: expected a GTM container id like "GTM-ABC123", got "G-ABC123"',
  ])
})
