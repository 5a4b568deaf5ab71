// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const linkedin = { id: 'linkedin', preset: 'linkedin-insight', purposes: ['marketing'], options: { partnerId: '1234567' } }

freshPage('_linkedin_partner_id', '_linkedin_data_partner_ids', 'lintrk')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(linkedin)).ready
  expect(scriptsFrom('snap.licdn.com')).toEqual([])
  expect((window as any)._linkedin_partner_id).toBeUndefined()
})

test('sets the partner id and the lintrk queue before insight.min.js is appended, once', () => {
  let atAppend: unknown
  onScriptAppended(() => {
    const w = window as any
    atAppend = { id: w._linkedin_partner_id, ids: [...w._linkedin_data_partner_ids], lintrk: typeof w.lintrk }
  })
  const consent = createConsent(withVendor({ ...linkedin, options: { partnerId: 1234567 } }))
  consent.acceptAll()
  consent.rejectAll()
  consent.acceptAll()
  expect(atAppend).toEqual({ id: '1234567', ids: ['1234567'], lintrk: 'function' })
  ;(window as any).lintrk('track', { conversion_id: 42 })
  expect((window as any).lintrk.q).toEqual([['track', { conversion_id: 42 }]])
  expect(scriptsFrom('snap.licdn.com').map((script) => script.src)).toEqual([
    'https://snap.licdn.com/li.lms-analytics/insight.min.js',
  ])
})

test('deletes its first-party cookies on revocation', () => {
  const consent = createConsent(withVendor(linkedin))
  consent.acceptAll()
  for (const name of ['li_sugr', 'li_fat_id', 'site_pref']) setCookie(name)
  consent.rejectAll()
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
})

test('rejects a partner id that is not digits, with its path', () => {
  const result = validateManifest(withVendor({ ...linkedin, options: { partnerId: 'li-1234' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.partnerId: expected a LinkedIn partner id (up to 20 digits), got "li-1234"',
  ])
})
