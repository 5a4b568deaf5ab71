// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test, vi } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { internalsOf } from '../../src/instance/consent'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const KEY = '3lzCXt8e7c7sLy5Ms0TOKhsQIhlKwXdv'
const chat = { id: 'zopim', preset: 'zendesk-chat', purposes: ['livechat'], options: { key: KEY } }

/**
 * What Zendesk Chat's script does once it has run: its API appears, and it calls the functions
 * queued in `$zopim._` (later ones run at once). Every call is logged in order.
 */
const widgetRuns = () => {
  const calls: string[] = []
  const log = (name: string) => vi.fn(() => void calls.push(name))
  const z = (window as any).$zopim
  z.livechat = {
    cookieLaw: { comply: log('cookieLaw.comply'), setDefaultImplicitConsent: log('cookieLaw.setDefaultImplicitConsent') },
    window: { show: log('window.show') },
    button: { show: log('button.show') },
    hideAll: log('hideAll'),
    clearAll: log('clearAll'),
  }
  for (const fn of z._.splice(0)) fn()
  z._.push = (fn: () => void) => fn()
  return calls
}

freshPage('$zopim')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(chat)).ready
  expect(scriptsFrom('v2.zopim.com')).toEqual([])
  expect((window as any).$zopim).toBeUndefined()
})

test('loads the widget once after consent', () => {
  const consent = createConsent(withVendor(chat))
  consent.acceptAll()
  consent.rejectAll()
  consent.acceptAll()
  expect(scriptsFrom('v2.zopim.com').map((script) => script.src)).toEqual([`https://v2.zopim.com/?${KEY}`])
})

test('queues cookie-law mode, then the consent given, before the script is appended', () => {
  let queued = -1
  onScriptAppended(() => (queued = (window as any).$zopim._.length))
  createConsent(withVendor(chat)).acceptAll()
  expect(queued).toBe(1)
  expect(widgetRuns()).toEqual(['cookieLaw.comply', 'cookieLaw.setDefaultImplicitConsent'])
})

test('opens the chat window for the launcher, before or after the widget is up', () => {
  const consent = createConsent(withVendor(chat))
  consent.acceptAll()
  internalsOf(consent)!.open('zopim')
  const calls = widgetRuns()
  internalsOf(consent)!.open('zopim')
  expect(calls.filter((call) => call === 'window.show')).toHaveLength(2)
})

test('hides the widget and forgets the visitor on revocation, and deletes its cookies', () => {
  const consent = createConsent(withVendor(chat))
  consent.acceptAll()
  const calls = widgetRuns()
  for (const name of ['__zlcmid', '__zlcprivacy', 'site_pref']) setCookie(name)
  calls.length = 0
  consent.set({ livechat: false })
  expect(calls).toEqual(['hideAll', 'clearAll'])
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
})

test('shows the chat button again when consent comes back', () => {
  const consent = createConsent(withVendor(chat))
  consent.acceptAll()
  const calls = widgetRuns()
  consent.rejectAll()
  calls.length = 0
  consent.acceptAll()
  expect(calls).toEqual(['button.show'])
})

test('rejects a missing or malformed key with its path', () => {
  const result = validateManifest(
    withVendor({ ...chat, options: { key: 'not a key!' } }, {}),
  )
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.key: expected a Zendesk Chat account key (letters and digits), got "not a key!"',
  ])
  const missing = validateManifest(withVendor({ ...chat, options: { accountKey: KEY } }))
  expect(missing.ok || missing.issues.map(formatIssue)).toEqual([
    'vendors[0].options: missing "key"',
    'vendors[0].options.accountKey: unknown key "accountKey"',
  ])
})
