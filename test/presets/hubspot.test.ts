// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const hubspot = { id: 'hubspot', preset: 'hubspot', purposes: ['marketing'], options: { portalId: '4567890' } }

freshPage('_hsq', '_hsp')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(hubspot)).ready
  expect(scriptsFrom('js.hs-scripts.com')).toEqual([])
  expect((window as any)._hsq).toBeUndefined()
})

test('lifts an earlier doNotTrack and appends the loader named after the portal, once', () => {
  let atAppend: unknown[] = []
  onScriptAppended(() => (atAppend = [...(window as any)._hsq]))
  const consent = createConsent(withVendor({ ...hubspot, options: { portalId: 4567890 } }))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual([['doNotTrack', { track: true }]])
  const scripts = scriptsFrom('js.hs-scripts.com')
  expect(scripts.map((script) => [script.src, script.id])).toEqual([
    ['https://js.hs-scripts.com/4567890.js', 'hs-script-loader'],
  ])
})

test('loads from the EU data centre when the account is there', () => {
  createConsent(withVendor({ ...hubspot, options: { portalId: '4567890', region: 'eu1' } })).acceptAll()
  expect(scriptsFrom('js-eu1.hs-scripts.com').map((script) => script.src)).toEqual([
    'https://js-eu1.hs-scripts.com/4567890.js',
  ])
})

test('stops tracking, revokes its cookies and deletes them on revocation, tracks again after', () => {
  const consent = createConsent(withVendor(hubspot))
  consent.acceptAll()
  for (const name of ['__hstc', 'hubspotutk', '__hssc', '__hssrc', 'site_pref']) setCookie(name)
  consent.set({ marketing: false })
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  consent.set({ marketing: true })
  expect((window as any)._hsq.slice(1)).toEqual([['doNotTrack'], ['doNotTrack', { track: true }]])
  expect((window as any)._hsp).toEqual([['revokeCookieConsent']])
})

test('rejects a portal id that is not digits and an unknown region, with their paths', () => {
  const result = validateManifest(withVendor({ ...hubspot, options: { portalId: 'hs-1', region: 'eu' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.portalId: expected a HubSpot portal id (up to 20 digits), got "hs-1"',
    'vendors[0].options.region: expected one of "na1", "eu1", got "eu" (did you mean "eu1"?)',
  ])
})
