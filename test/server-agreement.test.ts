import { afterEach, expect, test } from 'vitest'
import fc from 'fast-check'
import { DIGITS, ID_CHARS, LOWER, stringOf, wordOf } from './arbitraries'
import { createConsent, type ManifestInput } from '../src/index'
import { internalsOf } from '../src/instance/consent'
import { readConsent } from '../src/server/index'
import { encode, type Decision } from '../src/core/cookie-format'
import { clearCookies } from './helpers'

const DAY = 86_400_000
const REGIONS = ['DE', 'FR', 'GB', 'CH', 'US', 'US-CA', 'us-ca', 'BR', 'JP-13']

afterEach(() => {
  clearCookies()
  delete (window.navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
})

/** A valid manifest: 1–5 purposes (required and GPC ones among them), 0–4 vendors, maybe regions. */
const manifestArb = fc
  .record({
    ids: fc.uniqueArray(wordOf(LOWER, ID_CHARS, 6), { minLength: 1, maxLength: 9 }),
    cut: fc.nat(),
    flags: fc.array(fc.constantFrom('required', 'gpc', 'plain'), { minLength: 9, maxLength: 9 }),
    picks: fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
    version: fc.integer({ min: 0, max: 5 }),
    mode: fc.constantFrom('opt-in', 'opt-out', undefined),
    days: fc.integer({ min: 1, max: 395 }),
    name: fc.constantFrom('consentry', 'site_consent', 'constructor'),
    regions: fc.option(
      fc.dictionary(fc.constantFrom('EU', 'US', 'US-CA', 'GB', 'default'), fc.record({ mode: fc.constantFrom('opt-in', 'opt-out') }), {
        maxKeys: 4,
      }),
      { nil: undefined },
    ),
  })
  .map(({ ids, cut, flags, picks, version, mode, days, name, regions }): ManifestInput => {
    const purposeIds = ids.slice(0, 1 + (cut % Math.min(ids.length, 5)))
    return {
      version,
      policyUrl: '/privacy',
      controller: 'Example',
      ...(mode && { mode }),
      cookie: { name, days },
      purposes: purposeIds.map((id, i) => ({
        id,
        title: id,
        description: id,
        ...(flags[i] === 'required' && { required: true }),
        ...(flags[i] === 'gpc' && { gpc: true }),
      })),
      vendors: ids.slice(purposeIds.length, purposeIds.length + 4).map((id, i) => ({
        id,
        name: id,
        purposes: [purposeIds[picks[i]! % purposeIds.length]!],
      })),
      ...(regions && { regions }),
    }
  })

/** A cookie value for that manifest: a decision (current, old, expired, other version) or junk. */
const cookieArb = (m: ManifestInput) => {
  const ids = [...m.purposes, ...(m.vendors ?? [])].map((entry) => entry.id)
  const decision = fc.record({
    version: fc.constantFrom(m.version!, m.version! + 1),
    age: fc.constantFrom(0, 1, 30, m.cookie!.days! - 1, m.cookie!.days! + 1, -3),
    purposes: fc.subarray(ids),
    off: fc.subarray(ids),
    gpc: fc.boolean(),
    source: fc.constantFrom<Decision['source']>('banner', 'preferences', 'api'),
  })
  return fc.oneof(
    { weight: 4, arbitrary: decision.map((d) => encode({
      id: 'abcdefgh12345678',
      version: d.version,
      fingerprint: '',
      timestamp: Math.floor((Date.now() - d.age * DAY - 60_000) / 1000) * 1000,
      source: d.source,
      locale: 'en',
      gpc: d.gpc,
      purposes: d.purposes,
      off: d.off,
    })) },
    { weight: 1, arbitrary: stringOf(DIGITS + LOWER + '.~_-', 0, 60) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  )
}

test('readConsent agrees with the browser on 1,000 cookie and manifest pairs', () => {
  const seen = { decided: 0, undecided: 0, regional: 0 }
  fc.assert(
    fc.property(
      manifestArb.chain((m) =>
        fc.tuple(fc.constant(m), cookieArb(m), fc.boolean(), fc.option(fc.constantFrom(...REGIONS), { nil: undefined })),
      ),
      ([m, value, gpc, region]) => {
        clearCookies()
        const name = m.cookie!.name!
        if (value !== undefined) document.cookie = `${name}=${value}; path=/`
        Object.defineProperty(window.navigator, 'globalPrivacyControl', { value: gpc, configurable: true })
        const consent = createConsent(m, { gate: false, ...(region && { region }) })
        const state = consent.$state.get()
        const record = consent.record()
        internalsOf(consent)!.stop()
        const server = readConsent(`a=1; ${name}=${value ?? ''}; b=2`, m, { gpc: gpc ? '1' : null, region })
        expect(state.status).toBe('ready')
        expect(server).toEqual({
          decided: state.decided,
          id: record?.id ?? null,
          timestamp: record?.timestamp ?? null,
          version: record?.version ?? null,
          ...(region && { region }),
          purposes: state.purposes,
          vendors: state.vendors,
        })
        expect(state.region).toBe(region)
        seen[state.decided ? 'decided' : 'undecided']++
        if (region && m.regions) seen.regional++
      },
    ),
    { numRuns: 1000 },
  )
  // Both outcomes and regional manifests were actually compared, not only empty cookies.
  expect(Math.min(seen.decided, seen.undecided, seen.regional)).toBeGreaterThan(100)
  // A guard against hangs, not a speed check: a thousand instances take minutes on a busy machine.
}, 600_000)
