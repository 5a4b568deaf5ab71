// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { internalsOf } from '../../src/instance/consent'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const intercom = { id: 'intercom', preset: 'intercom', purposes: ['livechat'], options: { appId: 'abc12def' } }

freshPage('Intercom', 'intercomSettings')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(intercom)).ready
  expect(scriptsFrom('widget.intercom.io')).toEqual([])
  expect((window as any).Intercom).toBeUndefined()
})

test('sets intercomSettings and queues boot before the widget is appended, once', () => {
  let atAppend: unknown
  onScriptAppended(() => (atAppend = { settings: (window as any).intercomSettings, q: [...(window as any).Intercom.q] }))
  const consent = createConsent(withVendor(intercom))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual({ settings: { app_id: 'abc12def' }, q: [['boot', { app_id: 'abc12def' }]] })
  expect(scriptsFrom('widget.intercom.io').map((script) => script.src)).toEqual([
    'https://widget.intercom.io/widget/abc12def',
  ])
})

test('opens, shuts down and deletes its cookies on revocation, boots again when consent comes back', () => {
  const consent = createConsent(withVendor(intercom))
  consent.acceptAll()
  internalsOf(consent)!.open('intercom')
  for (const name of ['intercom-id-abc12def', 'intercom-session-abc12def', 'site_pref']) setCookie(name)
  consent.set({ livechat: false })
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  consent.set({ livechat: true })
  expect((window as any).Intercom.q.slice(1)).toEqual([['show'], ['shutdown'], ['boot', { app_id: 'abc12def' }]])
})

test('rejects an app id that is not one, with its path', () => {
  const result = validateManifest(withVendor({ ...intercom, options: { appId: 'ABC 123' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.appId: expected an Intercom app id like "abc12def", got "ABC 123"',
  ])
})
