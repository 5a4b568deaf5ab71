import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, test, vi } from 'vitest'
import Ajv2020 from 'ajv/dist/2020'
import { createConsent, formatIssue, validateManifest, type ManifestInput } from '../src/index'
import { internalsOf } from '../src/instance/consent'
import { clearCookies, distFile, manifest } from './helpers'

declare global {
  interface Window {
    dataLayer?: unknown[]
  }
}

afterEach(() => {
  clearCookies()
  delete window.dataLayer
  vi.restoreAllMocks()
})

const REGIONS: ManifestInput['regions'] = {
  EU: { mode: 'opt-in' },
  US: { mode: 'opt-out', texts: { en: { 'banner.title': 'Your privacy choices' } } },
  'US-CA': { mode: 'opt-out', ui: { layout: 'box' } },
  default: { mode: 'opt-in', googleConsentMode: false },
}

const schemaAccepts = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(distFile('manifest.schema.json'), 'utf8')))

const problems = (regions: unknown): string[] => {
  const result = validateManifest({ ...manifest(), regions })
  return result.ok ? [] : result.issues.map(formatIssue)
}

describe('regions in the manifest', () => {
  test('are valid with countries, subdivisions, EU and default, for the validator and the published schema', () => {
    const input = { ...manifest({ googleConsentMode: true }), regions: REGIONS }
    expect(validateManifest(input).ok).toBe(true)
    expect(schemaAccepts(input)).toBe(true)
  })

  test.each([
    ['eu', 'regions.eu: key expected a country like "DE", a subdivision like "US-CA", "EU" or "default", got "eu" (did you mean "EU"?)'],
    ['us_ca', 'regions.us_ca: key expected a country like "DE", a subdivision like "US-CA", "EU" or "default", got "us_ca" (did you mean "US-CA"?)'],
    ['Default', 'regions.Default: key expected a country like "DE", a subdivision like "US-CA", "EU" or "default", got "Default" (did you mean "default"?)'],
    ['Europe', 'regions.Europe: key expected a country like "DE", a subdivision like "US-CA", "EU" or "default", got "Europe"'],
  ])('reject the unknown key %s, with a did-you-mean where one fits', (key, message) => {
    const regions = { [key]: { mode: 'opt-in' } }
    expect(problems(regions)).toEqual([message])
    expect(schemaAccepts({ ...manifest(), regions })).toBe(false)
  })

  test('reject UK, which is GB in ISO 3166-1', () => {
    expect(problems({ UK: { mode: 'opt-in' } })).toEqual(['regions.UK: the United Kingdom is "GB" in ISO 3166-1 (did you mean "GB"?)'])
  })

  test('reject settings a region cannot change, and unknown ids in its Consent Mode mapping', () => {
    expect(problems({ 'US-CA': { modes: 'opt-out', vendors: [] }, EU: { googleConsentMode: { ad_storage: ['marketting'] } } })).toEqual([
      'regions["US-CA"].modes: unknown key "modes" (did you mean "mode"?)',
      'regions["US-CA"].vendors: unknown key "vendors"',
      'regions.EU.googleConsentMode.ad_storage[0]: unknown purpose or vendor "marketting" (did you mean "marketing"?)',
    ])
  })
})

describe('the region of a visitor', () => {
  const visit = (region?: string) => {
    const consent = createConsent({ ...manifest(), regions: REGIONS }, region === undefined ? {} : { region })
    return { consent, manifest: internalsOf(consent)!.manifest! }
  }

  test.each([
    ['US-CA', 'opt-out', 'box'],
    ['US-NY', 'opt-out', 'bar'],
    ['US', 'opt-out', 'bar'],
    ['DE', 'opt-in', 'bar'],
    ['GB', 'opt-in', 'bar'],
    ['CH', 'opt-in', 'bar'],
    ['JP', 'opt-in', 'bar'],
  ])('%s gets the most specific entry: %s, layout %s', (region, mode, layout) => {
    const { consent, manifest: applied } = visit(region)
    expect([applied.mode, applied.ui.layout, consent.isGranted('analytics')]).toEqual([mode, layout, mode === 'opt-out'])
  })

  test("lays a region's texts over the top-level ones and its Consent Mode setting over the manifest's", () => {
    expect(visit('US-CA').manifest.texts.en).toBeUndefined()
    expect(visit('US-NY').manifest.texts.en).toEqual({ 'banner.title': 'Your privacy choices' })
    expect(visit('US').manifest.googleConsentMode).toBeNull()
    expect(visit('FR').manifest.googleConsentMode).toBeNull()
  })

  test('uses the top-level values when nothing matches and there is no default', () => {
    const consent = createConsent({ ...manifest({ mode: 'opt-out' }), regions: { EU: { mode: 'opt-in' } } }, { region: 'BR' })
    expect(consent.isGranted('analytics')).toBe(true)
  })

  test("records the visitor's code as given, not the key it matched", () => {
    const { consent } = visit('DE')
    consent.acceptAll()
    expect([consent.record()?.region, consent.$state.get().region]).toEqual(['DE', 'DE'])
    expect(visit().consent.$state.get()).not.toHaveProperty('region')
  })

  test("sends the visitor's code in the receipt", async () => {
    const sent: Blob[] = []
    vi.spyOn(navigator, 'sendBeacon').mockImplementation((_, data) => (sent.push(data as Blob), true))
    const consent = createConsent({ ...manifest({ log: { endpoint: '/receipts' } }), regions: REGIONS }, { region: 'US-CA' })
    consent.rejectAll()
    expect(JSON.parse(await sent[0]!.text())).toMatchObject({ id: consent.record()!.id, region: 'US-CA' })
  })

  test('reports a region that is not a code, and goes on as without one', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { consent, manifest: applied } = visit('Germany')
    expect(applied.mode).toBe('opt-in')
    expect(consent.$state.get()).not.toHaveProperty('region')
    expect(error).toHaveBeenCalledWith(expect.stringContaining('the region must be a country code'), 'Germany')
  })
})

/** dataLayer entries as plain arrays. */
const commands = () => (window.dataLayer ?? []).map((entry) => Array.from(entry as ArrayLike<unknown>))

describe('Google Consent Mode switches', () => {
  test('urlPassthrough and adsDataRedaction: false follow the default; an object of switches keeps the default mapping', () => {
    const consent = createConsent(manifest({ googleConsentMode: { urlPassthrough: true, adsDataRedaction: false } }))
    consent.set({ analytics: true })
    expect(commands().slice(1)).toEqual([
      ['set', 'ads_data_redaction', false],
      ['set', 'url_passthrough', true],
      [
        'consent',
        'update',
        { analytics_storage: 'granted', ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' },
      ],
    ])
  })

  test('a region can switch Consent Mode off', () => {
    createConsent({ ...manifest({ googleConsentMode: true }), regions: { US: { googleConsentMode: false } } }, { region: 'US' })
    expect(window.dataLayer).toBeUndefined()
  })
})
