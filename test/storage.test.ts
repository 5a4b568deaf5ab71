import { afterEach, describe, expect, test, vi } from 'vitest'
import fc from 'fast-check'
import { DIGITS, LOWER, wordOf } from './arbitraries'
import { createConsent, type Manifest } from '../src/index'
import { decode, encode, fit, MAX_COOKIE_BYTES, type Decision } from '../src/instance/storage'
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

  test('gives the deciding page view the same record() as the next one', () => {
    const consent = createConsent(manifest())
    consent.set({ analytics: true })
    expect(createConsent(manifest()).record()).toEqual(consent.record())
  })

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('keeps a decision under the name %s', (name) => {
    createConsent(manifest({ cookie: { name } })).set({ analytics: true })
    expect(createConsent(manifest({ cookie: { name } })).isGranted('analytics')).toBe(true)
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

describe('a decision too large for a cookie', () => {
  /** `count` vendors with 64-character ids, each of one of `purposes` optional purposes. */
  const huge = (count: number, purposes = 4) =>
    manifest({
      purposes: [
        { id: 'necessary', required: true, title: 'Necessary', description: 'x' },
        ...Array.from({ length: purposes }, (_, i) => ({ id: `purpose${i}`, title: `P${i}`, description: 'x' })),
      ],
      vendors: Array.from({ length: count }, (_, i) => ({
        id: `v${i}`.padEnd(64, 'x'),
        name: `Vendor ${i}`,
        purposes: [`purpose${i % purposes}`],
      })),
    })
  const cookieValue = (name = 'consentry') =>
    document.cookie.split('; ').find((pair) => pair.startsWith(name + '='))?.slice(name.length + 1)

  test('is stored shortened: purposes of vendors switched off are denied, from the last, until it fits', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const input = huge(200)
    const consent = createConsent(input)
    // Every vendor of purpose0 and purpose1 switched off: 100 long ids, too many for 4 KB.
    const off = Object.fromEntries(input.vendors!.filter((_, i) => i % 4 < 2).map((vendor) => [vendor.id, false]))
    consent.set({ purpose0: true, purpose1: true, purpose2: true, ...off })
    expect(cookieValue()!.length).toBeLessThanOrEqual(MAX_COOKIE_BYTES)
    expect(console.error).toHaveBeenCalledWith('[consentry]', expect.stringContaining('stored shortened, granting less'))
    const granted = (c: typeof consent) => ['purpose0', 'purpose1', 'purpose2', 'purpose3'].filter((id) => c.isGranted(id))
    // This page view shows what the cookie holds, and the next page view reads the same.
    expect(granted(consent)).toEqual(['purpose0', 'purpose2'])
    const again = createConsent(input)
    expect(again.hasDecided()).toBe(true)
    expect(granted(again)).toEqual(['purpose0', 'purpose2'])
    expect(input.vendors!.filter((vendor) => again.isGranted(vendor.id))).toHaveLength(50)
  })

  test('keeps a whole decision that fits, a 500-vendor accept-all included', () => {
    const consent = createConsent(huge(500))
    consent.acceptAll()
    expect(cookieValue()!.length).toBeLessThan(200)
    expect(createConsent(huge(500)).isGranted('v499'.padEnd(64, 'x'))).toBe(true)
  })

  test('is not written at all when not even a rejection fits, and holds for this page view', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const name = 'c'.repeat(MAX_COOKIE_BYTES)
    const consent = createConsent(manifest({ cookie: { name } }))
    consent.acceptAll()
    expect(cookieValue(name)).toBeUndefined()
    expect(consent.isGranted('analytics')).toBe(true)
    expect(console.error).toHaveBeenCalledWith('[consentry]', expect.stringContaining('for this page view only'))
  })

  test('never grants more than the decision, and fits whenever anything can', () => {
    const idArb = wordOf(LOWER, LOWER + DIGITS, 63)
    const arb = fc
      .tuple(fc.uniqueArray(idArb, { minLength: 2, maxLength: 400 }), fc.nat(), fc.nat(4000))
      .chain(([ids, cut, room]) => {
        const purposeIds = ids.slice(0, 1 + (cut % Math.min(ids.length - 1, 60)))
        const vendorIds = ids.slice(purposeIds.length)
        const some = (min: number, max: number) => fc.subarray(purposeIds, { minLength: min, maxLength: Math.min(max, purposeIds.length) })
        return fc.record({
          room: fc.constant(room),
          share: fc.double({ min: 0, max: 1, noNaN: true }),
          required: some(0, 3),
          vendors: fc.tuple(...vendorIds.map((id) => some(1, 3).map((purposes) => ({ id, purposes })))),
          purposes: fc.subarray(purposeIds),
          off: fc.subarray(vendorIds),
        })
      })
    let shortened = 0
    fc.assert(
      fc.property(arb, ({ room: random, share, required, vendors, purposes, off }) => {
        const m = {
          purposes: [...new Set([...purposes, ...required, ...vendors.flatMap((v) => v.purposes)])].map((id) => ({
            id,
            required: required.includes(id),
          })),
          vendors,
        } as unknown as Manifest
        const on = (d: Decision) => (id: string) => required.includes(id) || d.purposes.includes(id)
        const grants = (d: Decision) => [
          ...d.purposes,
          ...vendors.filter((v) => v.purposes.every(on(d)) && !d.off.includes(v.id)).map((v) => v.id),
        ]
        const before: Decision = { ...decision(), purposes: purposes.filter((id) => !required.includes(id)), off }
        // The least a decision can hold: nothing granted but what is required, minus what was switched off.
        const least = { ...before, purposes: [], off: off.filter((id) => vendors.find((v) => v.id === id)!.purposes.every(on({ ...before, purposes: [] }))) }
        // A random room, and one between the least and the whole decision, where shortening happens.
        const sizes = [encode(least).length, encode(before).length]
        for (const room of [random, Math.floor(sizes[0]! + share * (sizes[1]! - sizes[0]!))]) {
          const after = fit(before, m, room)
          if (sizes[1]! <= room) expect(after).toBe(before)
          else if (sizes[0]! > room) expect(after).toBeNull()
          else {
            shortened++
            expect(encode(after!).length).toBeLessThanOrEqual(room)
            expect(grants(before)).toEqual(expect.arrayContaining(grants(after!)))
          }
        }
      }),
      { numRuns: 300 },
    )
    expect(shortened).toBeGreaterThan(150)
  })
})
