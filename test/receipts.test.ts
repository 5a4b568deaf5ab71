import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createConsent } from '../src/index'
import { clearCookies, manifest } from './helpers'

beforeEach(() => clearCookies())
afterEach(() => {
  vi.restoreAllMocks()
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: undefined, configurable: true })
})

const beacons = () => {
  const sent: { url: string; body: any }[] = []
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, data) => {
    sent.push({ url: String(url), body: data })
    return true
  })
  return sent
}

test('sends a receipt for every decision to the manifest’s endpoint', async () => {
  const sent = beacons()
  const consent = createConsent(manifest({ log: { endpoint: '/consent-receipts' }, version: 7 }), { locale: 'ro' })
  consent.set({ analytics: true })
  consent.rejectAll()
  expect(sent.map((s) => s.url)).toEqual(['/consent-receipts', '/consent-receipts'])
  const receipt = JSON.parse(await (sent[0]!.body as Blob).text())
  expect(receipt).toEqual({
    id: consent.record()!.id,
    version: 7,
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    source: 'api',
    locale: 'ro',
    purposes: { necessary: true, analytics: true, livechat: false, marketing: false },
    vendors: { stats: true, chatco: false, adco: false },
    url: location.href,
    gpc: false,
  })
  // A CORS-safelisted type: a collector on another origin gets no preflight (docs/reference.md §7).
  expect((sent[0]!.body as Blob).type).toBe('text/plain;charset=utf-8')
})

test('says in the receipt that the browser sent Global Privacy Control', async () => {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true })
  const sent = beacons()
  createConsent(manifest({ log: { endpoint: '/r' } })).rejectAll()
  expect(JSON.parse(await (sent[0]!.body as Blob).text())).toMatchObject({ gpc: true, source: 'api' })
})

test('sends nothing without an endpoint', () => {
  const sent = beacons()
  createConsent(manifest()).acceptAll()
  expect(sent).toEqual([])
})

test('falls back to one keepalive fetch when the beacon is refused, and keeps the decision', async () => {
  vi.spyOn(navigator, 'sendBeacon').mockReturnValue(false)
  const fetch = vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('offline'))
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  const consent = createConsent(manifest({ log: { endpoint: '/r' } }))
  consent.acceptAll()
  await vi.waitFor(() => expect(console.warn).toHaveBeenCalled())
  expect(fetch).toHaveBeenCalledTimes(1)
  expect(fetch.mock.calls[0]![1]).toMatchObject({ method: 'POST', keepalive: true, headers: { 'content-type': 'text/plain;charset=UTF-8' } })
  expect(JSON.parse(fetch.mock.calls[0]![1]!.body as string)).toMatchObject({ id: consent.record()!.id, gpc: false })
  expect(consent.hasDecided()).toBe(true)
  expect(createConsent(manifest({ log: { endpoint: '/r' } })).isGranted('analytics')).toBe(true)
})

test('falls back to the keepalive fetch when the beacon throws', async () => {
  vi.spyOn(navigator, 'sendBeacon').mockImplementation(() => {
    throw new TypeError('Beacons are not allowed here')
  })
  const fetch = vi.spyOn(window, 'fetch').mockResolvedValue(new Response(null, { status: 204 }))
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const consent = createConsent(manifest({ log: { endpoint: 'https://records.example/receipts' } }))
  consent.acceptAll()
  expect(fetch.mock.calls.map(([url]) => String(url))).toEqual(['https://records.example/receipts'])
  expect(JSON.parse(fetch.mock.calls[0]![1]!.body as string).id).toBe(consent.record()!.id)
  await Promise.resolve()
  expect(warn).not.toHaveBeenCalled()
})
