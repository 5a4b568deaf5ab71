// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { internalsOf } from '../../src/instance/consent'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const WEBSITE = '7a70678f-84e0-4a02-84ce-d12b72194c26'
const crisp = { id: 'crisp', preset: 'crisp', purposes: ['livechat'], options: { websiteId: WEBSITE } }

freshPage('$crisp', 'CRISP_WEBSITE_ID')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(crisp)).ready
  expect(scriptsFrom('client.crisp.chat')).toEqual([])
  expect((window as any).CRISP_WEBSITE_ID).toBeUndefined()
})

test('sets $crisp and CRISP_WEBSITE_ID before l.js is appended, once', () => {
  let atAppend: unknown
  onScriptAppended(() => (atAppend = { queue: (window as any).$crisp, id: (window as any).CRISP_WEBSITE_ID }))
  const consent = createConsent(withVendor(crisp))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual({ queue: [], id: WEBSITE })
  expect(scriptsFrom('client.crisp.chat').map((script) => script.src)).toEqual(['https://client.crisp.chat/l.js'])
})

test('opens, hides and resets its session and deletes its cookie on revocation, shows again after', () => {
  const consent = createConsent(withVendor(crisp))
  consent.acceptAll()
  internalsOf(consent)!.open('crisp')
  for (const name of [`crisp-client%2Fsession%2F${WEBSITE}`, 'site_pref']) setCookie(name)
  consent.set({ livechat: false })
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  consent.set({ livechat: true })
  expect((window as any).$crisp).toEqual([
    ['do', 'chat:open'],
    ['do', 'chat:hide'],
    ['do', 'session:reset'],
    ['do', 'chat:show'],
  ])
})

test('rejects a website id that is not a UUID, with its path', () => {
  const result = validateManifest(withVendor({ ...crisp, options: { websiteId: 'MyWebsiteID' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.websiteId: expected a Crisp website id (a UUID), got "MyWebsiteID"',
  ])
})
