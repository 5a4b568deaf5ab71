// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test, vi } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { internalsOf } from '../../src/instance/consent'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const PROPERTY = '5e8f1b2c3d4e5f6a7b8c9d0e'
const tawk = { id: 'tawkto', preset: 'tawkto', purposes: ['livechat'], options: { propertyId: PROPERTY, widgetId: '1hip0aq93' } }

/** What the tawk.to embed script does once it has run: its API, then `onLoad`. */
const widgetLoads = () => {
  const api = (window as any).Tawk_API
  Object.assign(api, {
    onLoaded: true,
    maximize: vi.fn(),
    hideWidget: vi.fn(),
    shutdown: vi.fn(),
    start: vi.fn(),
  })
  api.onLoad?.()
  return api
}

freshPage('Tawk_API', 'Tawk_LoadStart')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(tawk)).ready
  expect(scriptsFrom('embed.tawk.to')).toEqual([])
  expect((window as any).Tawk_API).toBeUndefined()
})

test('loads the widget once after consent, however often consent is given again', async () => {
  const consent = createConsent(withVendor(tawk))
  consent.acceptAll()
  consent.acceptAll()
  consent.rejectAll()
  consent.set({ livechat: true })
  const scripts = scriptsFrom('embed.tawk.to')
  expect(scripts.map((script) => script.src)).toEqual([`https://embed.tawk.to/${PROPERTY}/1hip0aq93`])
  expect(scripts[0]!.async).toBe(true)
  expect(scripts[0]!.getAttribute('crossorigin')).toBe('*')
})

test('defines Tawk_API and Tawk_LoadStart before the embed script is appended', async () => {
  const seen: unknown[] = []
  onScriptAppended(() => seen.push(typeof (window as any).Tawk_API, (window as any).Tawk_LoadStart instanceof Date))
  createConsent(withVendor(tawk)).acceptAll()
  expect(seen).toEqual(['object', true])
})

test("keeps the site's own Tawk_API settings and callbacks", () => {
  const siteOnLoad = vi.fn()
  ;(window as any).Tawk_API = { onLoad: siteOnLoad, customStyle: { zIndex: 5 } }
  const consent = createConsent(withVendor(tawk))
  consent.acceptAll()
  internalsOf(consent)!.open('tawkto')
  const api = widgetLoads()
  expect(api.customStyle).toEqual({ zIndex: 5 })
  expect(siteOnLoad).toHaveBeenCalledOnce()
  expect(api.maximize).toHaveBeenCalledOnce()
})

test('opens the chat for the launcher, waiting for the widget if it is still loading', () => {
  const consent = createConsent(withVendor(tawk))
  consent.acceptAll()
  internalsOf(consent)!.open('tawkto')
  const api = widgetLoads()
  expect(api.maximize).toHaveBeenCalledTimes(1)
  internalsOf(consent)!.open('tawkto')
  expect(api.maximize).toHaveBeenCalledTimes(2)
})

test('shuts the widget down on revocation and deletes its cookies and storage', () => {
  const consent = createConsent(withVendor(tawk))
  consent.acceptAll()
  const api = widgetLoads()
  for (const name of [`tawk_uuid_${PROPERTY}`, 'twk_idm_key', 'TawkConnectionTime', 'site_pref']) setCookie(name)
  localStorage.setItem(`twk_token_${PROPERTY}`, 'x')
  localStorage.setItem('site_cart', 'y')
  consent.set({ livechat: false })
  expect(api.hideWidget).toHaveBeenCalledOnce()
  expect(api.shutdown).toHaveBeenCalledOnce()
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  expect(Object.keys(localStorage)).toEqual(['site_cart'])
})

test('shuts down a widget revoked while it was still loading, as soon as it loads', () => {
  const consent = createConsent(withVendor(tawk))
  consent.acceptAll()
  consent.rejectAll()
  const api = widgetLoads()
  expect(api.shutdown).toHaveBeenCalledOnce()
})

test('starts the widget again when consent comes back, without a second script', () => {
  const consent = createConsent(withVendor(tawk))
  consent.acceptAll()
  const api = widgetLoads()
  consent.rejectAll()
  consent.acceptAll()
  expect(api.start).toHaveBeenCalledWith({ showWidget: true })
  expect(scriptsFrom('embed.tawk.to')).toHaveLength(1)
})

test('rejects a missing or malformed id with its path', async () => {
  const result = validateManifest(
    withVendor({ ...tawk, options: { propertyId: 'abc' } }),
  )
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options: missing "widgetId"',
    'vendors[0].options.propertyId: expected a tawk.to property id (24 hex digits), got "abc"',
  ])
  const consent = createConsent(withVendor({ ...tawk, options: { propertyId: PROPERTY, widgetId: '' } }))
  await expect(consent.ready).rejects.toThrow('vendors[0].options.widgetId: expected a tawk.to widget id')
  consent.acceptAll()
  expect(scriptsFrom('embed.tawk.to')).toEqual([])
})
