// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const matomo = {
  id: 'matomo',
  preset: 'matomo',
  purposes: ['analytics'],
  options: { url: 'https://stats.example.org', siteId: '3' },
}

freshPage('_paq')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(matomo)).ready
  expect(scriptsFrom('stats.example.org')).toEqual([])
  expect((window as any)._paq).toBeUndefined()
})

test('requires consent, gives it for this page view and tracks, before matomo.js is appended, once', () => {
  let atAppend: unknown[] = []
  onScriptAppended(() => (atAppend = [...(window as any)._paq]))
  const consent = createConsent(withVendor({ ...matomo, options: { url: 'https://stats.example.org/', siteId: 3 } }))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual([
    ['requireConsent'],
    ['setConsentGiven'],
    ['trackPageView'],
    ['enableLinkTracking'],
    ['setTrackerUrl', 'https://stats.example.org/matomo.php'],
    ['setSiteId', '3'],
  ])
  expect(scriptsFrom('stats.example.org').map((script) => script.src)).toEqual(['https://stats.example.org/matomo.js'])
})

test('tracks without cookies when the site chooses it', () => {
  createConsent(withVendor({ ...matomo, options: { ...matomo.options, cookieless: true } })).acceptAll()
  expect((window as any)._paq.slice(0, 3)).toEqual([['requireConsent'], ['disableCookies'], ['setConsentGiven']])
})

test('forgets the consent and deletes _pk cookies on revocation, gives it again when consent comes back', () => {
  const consent = createConsent(withVendor(matomo))
  consent.acceptAll()
  for (const name of ['_pk_id.3.1fff', '_pk_ses.3.1fff', '_pk_ref.3.1fff', '_pk_idle', 'site_pref']) setCookie(name)
  consent.set({ analytics: false })
  expect(cookieNames().sort()).toEqual(['_pk_idle', 'consentry', 'site_pref'])
  consent.set({ analytics: true })
  expect((window as any)._paq.slice(6)).toEqual([['forgetConsentGiven'], ['setConsentGiven']])
})

test('rejects an address that is not https and a site id that is not digits, with their paths', () => {
  const result = validateManifest(withVendor({ ...matomo, options: { url: '//stats.example.org/', siteId: 'main' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.url: expected the https address of your Matomo, like "https://analytics.example.com/", got "//stats.example.org/"',
    'vendors[0].options.siteId: expected a Matomo site id (up to 20 digits), got "main"',
  ])
})
