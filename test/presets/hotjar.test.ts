// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const hotjar = { id: 'hotjar', preset: 'hotjar', purposes: ['analytics'], options: { siteId: '1234567' } }

freshPage('hj', '_hjSettings')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(hotjar)).ready
  expect(scriptsFrom('static.hotjar.com')).toEqual([])
  expect((window as any).hj).toBeUndefined()
})

test('sets up hj and _hjSettings before its script is appended, once', () => {
  let atAppend: unknown
  onScriptAppended(() => (atAppend = { hj: typeof (window as any).hj, settings: (window as any)._hjSettings }))
  const consent = createConsent(withVendor(hotjar))
  consent.acceptAll()
  consent.rejectAll()
  consent.acceptAll()
  expect(atAppend).toEqual({ hj: 'function', settings: { hjid: 1234567, hjsv: 6 } })
  expect(scriptsFrom('static.hotjar.com').map((script) => script.src)).toEqual([
    'https://static.hotjar.com/c/hotjar-1234567.js?sv=6',
  ])
  ;(window as any).hj('event', 'signup')
  expect(Array.from((window as any).hj.q[0])).toEqual(['event', 'signup'])
})

test('deletes its cookies and storage on revocation', () => {
  const consent = createConsent(withVendor(hotjar))
  consent.acceptAll()
  for (const name of ['_hjSessionUser_1234567', '_hjSession_1234567', '_hjAbsoluteSessionInProgress', 'site_pref'])
    setCookie(name)
  localStorage.setItem('_hjUserAttributes', '{}')
  localStorage.setItem('hjViewportId', 'v')
  sessionStorage.setItem('_hjRecordingLastActivity', '1')
  consent.rejectAll()
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  expect([localStorage.length, sessionStorage.length]).toEqual([0, 0])
})

test('accepts the site id as its snippet writes it, a number, and loads the same script', async () => {
  const consent = createConsent(withVendor({ ...hotjar, options: { siteId: 1234567 } }))
  await consent.ready
  consent.acceptAll()
  expect(scriptsFrom('static.hotjar.com').map((script) => script.src)).toEqual([
    'https://static.hotjar.com/c/hotjar-1234567.js?sv=6',
  ])
  expect((window as any)._hjSettings).toEqual({ hjid: 1234567, hjsv: 6 })
})

test('rejects a site id that is not digits, with its path', () => {
  const result = validateManifest(withVendor({ ...hotjar, options: { siteId: 'hj-1' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.siteId: expected a Hotjar site id (up to 12 digits), got "hj-1"',
  ])
})
