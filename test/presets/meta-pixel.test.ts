// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// (happy-dom fetches no script: each counts as loaded, and the test plays the vendor's code.)
import { expect, test } from 'vitest'
import { createConsent, formatIssue, validateManifest } from '../../src/index'
import { cookieNames, freshPage, onScriptAppended, scriptsFrom, setCookie, withVendor } from './harness'

const pixel = { id: 'meta', preset: 'meta-pixel', purposes: ['marketing'], options: { pixelId: '123456789012345' } }

/** The pixel's queue as fbevents.js will read it. */
const queued = (): unknown[][] => (window as any).fbq.queue.map((entry: IArguments) => Array.from(entry))

freshPage('fbq', '_fbq')

test('loads nothing before the visitor consents', async () => {
  await createConsent(withVendor(pixel)).ready
  expect(scriptsFrom('connect.facebook.net')).toEqual([])
  expect((window as any).fbq).toBeUndefined()
})

test("queues Meta's consent sequence before fbevents.js is appended, once", () => {
  let atAppend: unknown[][] = []
  onScriptAppended(() => (atAppend = queued()))
  const consent = createConsent(withVendor(pixel))
  consent.acceptAll()
  consent.acceptAll()
  expect(atAppend).toEqual([
    ['consent', 'revoke'],
    ['init', '123456789012345'],
    ['track', 'PageView'],
    ['consent', 'grant'],
  ])
  expect(scriptsFrom('connect.facebook.net').map((script) => script.src)).toEqual([
    'https://connect.facebook.net/en_US/fbevents.js',
  ])
})

test('revokes on revocation and deletes _fbp and _fbc, grants again when consent comes back', () => {
  const consent = createConsent(withVendor(pixel))
  consent.acceptAll()
  // fbevents.js has run: calls now go to its callMethod.
  const calls: unknown[][] = []
  ;(window as any).fbq.callMethod = (...args: unknown[]) => calls.push(args)
  for (const name of ['_fbp', '_fbc', 'site_pref']) setCookie(name)
  consent.set({ marketing: false })
  expect(calls).toEqual([['consent', 'revoke']])
  expect(cookieNames().sort()).toEqual(['consentry', 'site_pref'])
  consent.set({ marketing: true })
  expect(calls).toEqual([['consent', 'revoke'], ['consent', 'grant']])
  expect(scriptsFrom('connect.facebook.net')).toHaveLength(1)
})

/** What Meta's base code leaves when auto-blocking holds its fbevents.js: the stub and its queue. */
const baseCode = (pixelId: string) => {
  const fbq: any = ((window as any).fbq = function () {
    fbq.queue.push(arguments)
  })
  Object.assign(fbq, { push: fbq, loaded: true, version: '2.0', queue: [] })
  fbq('init', pixelId)
  fbq('track', 'PageView')
}

test("sends init and PageView once when the page's base code has already queued them", () => {
  baseCode('123456789012345')
  createConsent(withVendor({ ...pixel, options: { pixelId: 123456789012345 } })).acceptAll()
  expect(queued()).toEqual([
    ['init', '123456789012345'],
    ['track', 'PageView'],
    ['consent', 'revoke'],
    ['consent', 'grant'],
  ])
})

test("still inits its own pixel when the page's base code is another pixel's", () => {
  baseCode('999999999999999')
  createConsent(withVendor(pixel)).acceptAll()
  expect(queued().slice(2)).toEqual([
    ['consent', 'revoke'],
    ['init', '123456789012345'],
    ['track', 'PageView'],
    ['consent', 'grant'],
  ])
})

test("accepts the pixel id as a number too, and gives init the string Meta's base code writes", () => {
  let atAppend: unknown[][] = []
  onScriptAppended(() => (atAppend = queued()))
  createConsent(withVendor({ ...pixel, options: { pixelId: 123456789012345 } })).acceptAll()
  expect(atAppend[1]).toEqual(['init', '123456789012345'])
})

test('rejects a pixel id that is not 5 to 20 digits, showing the value, with its path', () => {
  const issues = (pixelId: unknown) => {
    const result = validateManifest(withVendor({ ...pixel, options: { pixelId } }))
    return result.ok ? [] : result.issues.map(formatIssue)
  }
  expect([issues('px-1'), issues(1234), issues('1234'), issues(12.5), issues(false)].flat()).toEqual([
    'vendors[0].options.pixelId: expected a Meta pixel id (5 to 20 digits), got "px-1"',
    'vendors[0].options.pixelId: expected a Meta pixel id (5 to 20 digits), got 1234',
    'vendors[0].options.pixelId: expected a Meta pixel id (5 to 20 digits), got "1234"',
    'vendors[0].options.pixelId: expected a Meta pixel id (5 to 20 digits), got 12.5',
    'vendors[0].options.pixelId: expected a Meta pixel id (5 to 20 digits), got false',
  ])
})

test('refuses a pixel id number too large for JSON to read exactly, asking for quotes instead of showing other digits', () => {
  // As the manifest arrives: 20 digits, which JSON reads as 12345678901234567000.
  const written = JSON.parse('{ "pixelId": 12345678901234567890 }')
  const result = validateManifest(withVendor({ ...pixel, options: written }))
  expect(result.ok || result.issues.map(formatIssue)).toEqual([
    'vendors[0].options.pixelId: expected a Meta pixel id (5 to 20 digits), got a number too large to be read exactly (it reads as 12345678901234567000): write it in quotes',
  ])
  const quoted = validateManifest(withVendor({ ...pixel, options: { pixelId: '12345678901234567890' } }))
  expect(quoted.ok).toBe(true)
  // The largest number read exactly is taken.
  expect(validateManifest(withVendor({ ...pixel, options: { pixelId: Number.MAX_SAFE_INTEGER } })).ok).toBe(true)
})
