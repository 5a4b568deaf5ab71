// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const uet = { id: 'bing', preset: 'microsoft-uet', purposes: ['marketing'], options: { tagId: '187654321' } }

freshPage('uetq', 'UET')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(uet)).ready
  expect(scriptsFrom('bat.bing.com')).toEqual([])
  expect((window as any).uetq).toBeUndefined()
})

test('pushes the consent default and its update before bat.js, then starts UET with the tag id', () => {
  let atAppend: unknown[] = []
  onScriptAppended(() => (atAppend = [...(window as any).uetq]))
  const started: unknown[] = []
  ;(window as any).UET = function (this: any, options: { ti: string; q: unknown[] }) {
    started.push(options.ti, [...options.q])
    this.push = (...args: unknown[]) => started.push(args)
  }
  const consent = createConsent(withVendor({ ...uet, options: { tagId: 187654321 } }))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual([
    'consent', 'default', { ad_storage: 'denied' },
    'consent', 'update', { ad_storage: 'granted' },
  ])
  scriptsFrom('bat.bing.com')[0]!.dispatchEvent(new Event('load'))
  expect(started).toEqual(['187654321', atAppend, ['pageLoad']])
  expect(scriptsFrom('bat.bing.com').map((script) => script.src)).toEqual(['https://bat.bing.com/bat.js'])
})

test('updates ad_storage to denied and deletes its cookies on revocation, granted when consent comes back', () => {
  const consent = createConsent(withVendor(uet))
  consent.acceptAll()
  for (const name of ['_uetsid', '_uetvid', 'site_pref']) setCookie(name)
  consent.set({ marketing: false })
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  consent.set({ marketing: true })
  expect((window as any).uetq.slice(6)).toEqual([
    'consent', 'update', { ad_storage: 'denied' },
    'consent', 'update', { ad_storage: 'granted' },
  ])
})

test('rejects a tag id that is not digits, saying which forms are expected', () => {
  const result = validateManifest(withVendor({ ...uet, options: { tagId: 'UET-1' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.tagId: expected a UET tag id (up to 20 digits), got "UET-1"',
  ])
  const wrongType = validateManifest(withVendor({ ...uet, options: { tagId: true } }))
  expect(wrongType.ok || wrongType.issues.map(formatIssue)).toEqual([
    'vendors[0].options.tagId: expected a UET tag id (up to 20 digits), got true',
  ])
})
