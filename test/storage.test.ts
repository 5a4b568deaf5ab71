import { afterEach, describe, expect, test, vi } from 'vitest'
import { createConsent } from '../src/index'
import { decode, encode, type Decision } from '../src/storage'
import { clearCookies, manifest } from './helpers'

const decision = (overrides: Partial<Decision> = {}): Decision => ({
  id: 'abcdefgh12345678',
  version: 3,
  fingerprint: '1x9zk2',
  timestamp: Date.parse('2026-11-22T10:00:00Z'),
  source: 'preferences',
  locale: 'pt-BR',
  gpc: true,
  purposes: ['analytics', 'live_chat'],
  off: ['tawk-to'],
  ...overrides,
})

afterEach(() => {
  clearCookies()
  vi.restoreAllMocks()
})

describe('cookie encoding', () => {
  test('decodes what it encodes', () => {
    for (const d of [decision(), decision({ purposes: [], off: [], gpc: false, source: 'api', locale: 'ro', fingerprint: '' })])
      expect(decode(encode(d))).toEqual(d)
  })

  test('fits a 50-vendor decision well under 1 KB', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `vendor_${i}`.padEnd(10, 'x'))
    const value = encode(decision({ purposes: ids.slice(0, 10), off: ids }))
    expect(value.length).toBeLessThan(1024)
  })

  test('uses only characters a cookie carries unescaped', () => {
    expect(encode(decision())).toMatch(/^[A-Za-z0-9._~-]+$/)
  })

  const GARBAGE: [string, unknown][] = [
    ['empty', ''],
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { purposes: [] }],
    ['another tool’s JSON', '{"categories":["necessary","analytics"],"revision":0}'],
    ['another tool’s format', '!gtag=true!youtube=false'],
    ['URI-encoded JSON', '%7B%22analytics%22%3Atrue%7D'],
    ['truncated', encode(decision()).slice(0, 20)],
    ['a field too many', encode(decision()) + '.x'],
    ['an unknown format version', '2' + encode(decision()).slice(1)],
    ['an unknown source', encode(decision()).replace('.11.', '.91.')],
    ['an id with capitals', encode(decision({ purposes: ['Analytics'] }))],
    ['oversized', encode(decision()) + '~a'.repeat(5000)],
    ['random bytes', String.fromCharCode(...Array.from({ length: 300 }, (_, i) => (i * 7919) % 256))],
    ['lone surrogates', '1.1.\ud800.\udfff'],
  ]
  test.each(GARBAGE)('reads %s as no decision, without throwing', (_, value) => {
    expect(decode(value)).toBeNull()
  })
})

describe('the consent cookie', () => {
  const written = () => {
    const writes: string[] = []
    let owner: object | null = document
    while (owner && !Object.getOwnPropertyDescriptor(owner, 'cookie')) owner = Object.getPrototypeOf(owner)
    const descriptor = Object.getOwnPropertyDescriptor(owner!, 'cookie')!
    vi.spyOn(document, 'cookie', 'set').mockImplementation((value: string) => {
      writes.push(value)
      descriptor.set!.call(document, value)
    })
    return writes
  }

  test('is first-party, Path=/, SameSite=Lax, with the manifest’s lifetime', () => {
    const writes = written()
    createConsent(manifest({ cookie: { days: 30 } })).acceptAll()
    expect(writes).toHaveLength(1)
    const [pair, ...attributes] = writes[0]!.split('; ')
    expect(pair).toMatch(/^consentry=1\./)
    expect(attributes).toEqual(expect.arrayContaining(['path=/', 'sameSite=Lax']))
    const expires = Date.parse(attributes.find((a) => a.startsWith('expires='))!.slice(8))
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(30)
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false)
  })

  test('carries the manifest’s domain for sharing across subdomains', () => {
    const writes = written()
    createConsent(manifest({ cookie: { domain: 'localhost.test' } })).acceptAll()
    expect(writes[0]).toContain('domain=localhost.test')
  })

  test('lasts 182 days by default', () => {
    const writes = written()
    createConsent(manifest()).acceptAll()
    const expires = Date.parse(writes[0]!.split('; ').find((a) => a.startsWith('expires='))!.slice(8))
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(182)
  })

  test('is never written before a decision', () => {
    const writes = written()
    const consent = createConsent(manifest())
    consent.isGranted('analytics')
    consent.showBanner()
    consent.hide()
    expect(writes).toEqual([])
  })
})
