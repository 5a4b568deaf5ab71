// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test, vi } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { internalsOf } from '../../src/instance/consent'
import { freshPage, scriptsFrom, setCookie, cookieNames, withVendor } from './harness'

const KEY = '01234567-89ab-cdef-0123-456789abcdef'
const zendesk = { id: 'zendesk', preset: 'zendesk-messaging', purposes: ['livechat'], options: { key: KEY } }

/** Zendesk's snippet has run: `zE` exists, and the script's `load` event follows. */
const snippetRuns = () => {
  const zE = ((window as any).zE = vi.fn())
  scriptsFrom('static.zdassets.com')[0]!.dispatchEvent(new Event('load'))
  return zE
}

freshPage('zE')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(zendesk)).ready
  expect(scriptsFrom('static.zdassets.com')).toEqual([])
  expect((window as any).zE).toBeUndefined()
})

test('loads the snippet once after consent, with the id it finds its key by', () => {
  const consent = createConsent(withVendor(zendesk))
  consent.acceptAll()
  consent.set({ livechat: true })
  consent.rejectAll()
  consent.acceptAll()
  const scripts = scriptsFrom('static.zdassets.com')
  expect(scripts.map((script) => [script.id, script.src])).toEqual([
    ['ze-snippet', `https://static.zdassets.com/ekr/snippet.js?key=${KEY}`],
  ])
})

test('limits the widget to functional storage before anything else is asked of it', () => {
  const consent = createConsent(withVendor(zendesk))
  consent.acceptAll()
  internalsOf(consent)!.open('zendesk')
  const zE = snippetRuns()
  expect(zE.mock.calls).toEqual([
    ['messenger:set', 'cookies', 'functional'],
    ['messenger', 'open'],
  ])
})

test('opens the messenger for the launcher once the snippet has run', () => {
  const consent = createConsent(withVendor(zendesk))
  consent.acceptAll()
  const zE = snippetRuns()
  internalsOf(consent)!.open('zendesk')
  expect(zE).toHaveBeenLastCalledWith('messenger', 'open')
})

test('hides the widget and withdraws its cookies on revocation, then clears its storage', () => {
  const consent = createConsent(withVendor(zendesk))
  consent.acceptAll()
  const zE = snippetRuns()
  localStorage.setItem('ZD-suid', 'a')
  localStorage.setItem('ZD-buid', 'b')
  sessionStorage.setItem('ZD-widgetOpen', 'true')
  localStorage.setItem('site_cart', 'c')
  setCookie('site_pref')
  zE.mockClear()
  consent.rejectAll()
  expect(zE.mock.calls).toEqual([
    ['messenger', 'hide'],
    ['messenger:set', 'cookies', 'none'],
  ])
  expect(Object.keys(localStorage)).toEqual(['site_cart'])
  expect(Object.keys(sessionStorage)).toEqual([])
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
})

test('shows the widget again when consent comes back', () => {
  const consent = createConsent(withVendor(zendesk))
  consent.acceptAll()
  const zE = snippetRuns()
  consent.rejectAll()
  zE.mockClear()
  consent.acceptAll()
  expect(zE.mock.calls).toEqual([
    ['messenger:set', 'cookies', 'functional'],
    ['messenger', 'show'],
  ])
  expect(scriptsFrom('static.zdassets.com')).toHaveLength(1)
})

test('rejects a missing or malformed key with its path', () => {
  const missing = validateManifest(withVendor({ ...zendesk, options: {} }))
  const malformed = validateManifest(withVendor({ ...zendesk, options: { key: 'abc' } }))
  const absent = validateManifest(withVendor({ id: 'zendesk', preset: 'zendesk-messaging', purposes: ['livechat'] }))
  expect([missing, malformed, absent].map((r) => (r.ok ? [] : r.issues.map(formatIssue)))).toEqual([
    ['vendors[0].options: missing "key"'],
    ['vendors[0].options.key: expected a Zendesk widget key (a UUID), got "abc"'],
    ['vendors[0]: missing "options"'],
  ])
})
