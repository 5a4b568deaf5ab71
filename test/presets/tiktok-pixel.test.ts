// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const PIXEL = 'C4ABCDEF1234567890GH'
const tiktok = { id: 'tiktok', preset: 'tiktok-pixel', purposes: ['marketing'], options: { pixelId: PIXEL } }

freshPage('ttq', 'TiktokAnalyticsObject')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(tiktok)).ready
  expect(scriptsFrom('analytics.tiktok.com')).toEqual([])
  expect((window as any).ttq).toBeUndefined()
})

test('holds consent, records the page view and grants before events.js is appended, once', () => {
  let atAppend: unknown[] = []
  onScriptAppended(() => (atAppend = [...(window as any).ttq]))
  const consent = createConsent(withVendor(tiktok))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual([['holdConsent'], ['page'], ['grantConsent']])
  expect((window as any).TiktokAnalyticsObject).toBe('ttq')
  expect(Object.keys((window as any).ttq._i)).toEqual([PIXEL])
  expect(scriptsFrom('analytics.tiktok.com').map((script) => script.src)).toEqual([
    `https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=${PIXEL}&lib=ttq`,
  ])
})

test('revokes on revocation and deletes its cookies, grants again when consent comes back', () => {
  const consent = createConsent(withVendor(tiktok))
  consent.acceptAll()
  for (const name of ['_ttp', '_tt_enable_cookie', 'site_pref']) setCookie(name)
  consent.set({ marketing: false })
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  consent.set({ marketing: true })
  expect([...(window as any).ttq].slice(3)).toEqual([['revokeConsent'], ['grantConsent']])
})

test('rejects a pixel id that is not one, with its path', () => {
  const result = validateManifest(withVendor({ ...tiktok, options: { pixelId: 'c4abc' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.pixelId: expected a TikTok pixel id like "CABCDE1234567890FGHI", got "c4abc"',
  ])
})
