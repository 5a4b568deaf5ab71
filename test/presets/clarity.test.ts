// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const clarity = { id: 'clarity', preset: 'clarity', purposes: ['analytics'], options: { projectId: 'k2x9abcd7q' } }

/** Clarity's queue as its tag will read it. */
const queued = (): unknown[][] => (window as any).clarity.q.map((entry: IArguments) => Array.from(entry))

freshPage('clarity')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(clarity)).ready
  expect(scriptsFrom('www.clarity.ms')).toEqual([])
  expect((window as any).clarity).toBeUndefined()
})

test('queues its consentv2 signal before the tag is appended, once', () => {
  let atAppend: unknown[][] = []
  onScriptAppended(() => (atAppend = queued()))
  const consent = createConsent(withVendor(clarity))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual([['consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }]])
  expect(scriptsFrom('www.clarity.ms').map((script) => script.src)).toEqual(['https://www.clarity.ms/tag/k2x9abcd7q'])
})

test('denies storage and deletes its cookies on revocation, grants analytics again when consent comes back', () => {
  const consent = createConsent(withVendor(clarity))
  consent.acceptAll()
  for (const name of ['_clck', '_clsk', 'site_pref']) setCookie(name)
  consent.set({ analytics: false })
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  consent.set({ analytics: true })
  expect(queued().slice(1)).toEqual([
    ['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }],
    ['consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }],
  ])
  expect(scriptsFrom('www.clarity.ms')).toHaveLength(1)
})

test('rejects a project id that is not one, with its path', () => {
  const result = validateManifest(withVendor({ ...clarity, options: { projectId: 'https://clarity.ms/x' } }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.projectId: expected a Clarity project id like "abcde12345", got "https://clarity.ms/x"',
  ])
})
