// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const ga4 = { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-ABC123' } }

/** The dataLayer as gtag.js reads it: each entry's arguments as a plain list. */
const commands = () =>
  ((window as any).dataLayer as IArguments[]).map((entry) => {
    expect(Object.prototype.toString.call(entry)).toBe('[object Arguments]')
    return Array.from(entry)
  })

freshPage('dataLayer', 'gtag')

test('loads nothing before the visitor consents, but sets the Consent Mode defaults', async () => {
  await createConsent(withVendor(ga4)).ready
  expect(scriptsFrom('www.googletagmanager.com')).toEqual([])
  expect((window as any).gtag).toBeUndefined()
  expect(commands().map(([command, kind]) => `${command} ${kind}`)).toEqual([
    'consent default',
    'set ads_data_redaction',
  ])
})

test('loads gtag.js once after consent', () => {
  const consent = createConsent(withVendor(ga4))
  consent.acceptAll()
  consent.rejectAll()
  consent.set({ analytics: true })
  expect(scriptsFrom('www.googletagmanager.com').map((script) => script.src)).toEqual([
    'https://www.googletagmanager.com/gtag/js?id=G-ABC123',
  ])
  expect(commands().filter(([command]) => command === 'config')).toHaveLength(1)
})

test('pushes consent default, then the update, then js and config, all before gtag.js is appended', () => {
  let atAppend: unknown[][] = []
  onScriptAppended(() => (atAppend = commands()))
  createConsent(withVendor(ga4)).acceptAll()
  expect(atAppend.map(([command, kind]) => `${command} ${typeof kind === 'string' ? kind : ''}`.trim())).toEqual([
    'consent default',
    'set ads_data_redaction',
    'consent update',
    'set ads_data_redaction',
    'js',
    'config G-ABC123',
  ])
  expect(atAppend[2]![2]).toMatchObject({ analytics_storage: 'granted' })
  // GA's own two-year cookies are held to the 13 months consent lasts.
  expect(atAppend[5]![2]).toEqual({ cookie_expires: 395 * 86400 })
})

test("keeps the site's own gtag and dataLayer", () => {
  const early = ['site entry']
  ;(window as any).dataLayer = early
  createConsent(withVendor(ga4)).acceptAll()
  expect((window as any).dataLayer).toBe(early)
  expect((window as any).dataLayer[0]).toBe('site entry')
})

test('deletes the _ga cookies on revocation', () => {
  const consent = createConsent(withVendor(ga4))
  consent.acceptAll()
  for (const name of ['_ga', '_ga_ABC123', 'site_pref']) setCookie(name)
  consent.rejectAll()
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
})

test('rejects a missing or malformed measurement id with its path', () => {
  const manifest = withVendor(ga4)
  manifest.vendors = [
    { id: 'stats', name: 'Stats', purposes: ['analytics'] },
    { ...ga4, options: {} },
    { ...ga4, id: 'ga_old', options: { measurementId: 'UA-1' } },
  ]
  const result = validateManifest(manifest)
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[1].options: missing "measurementId"',
    'vendors[2].options.measurementId: expected a GA4 measurement id like "G-ABC123", got "UA-1"',
  ])
})
