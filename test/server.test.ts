// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { readConsent } from '../src/server/index'
import { encode, type Decision } from '../src/core/cookie-format'
import { manifest } from './helpers'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 5, 1, 12)

const decision = (overrides: Partial<Decision> = {}): Decision => ({
  id: 'k3j5h2g7f8d9s0a1',
  version: 1,
  fingerprint: '',
  timestamp: NOW - DAY,
  source: 'banner',
  locale: 'en',
  gpc: false,
  purposes: ['analytics'],
  off: [],
  ...overrides,
})

const header = (value: string, name = 'consentry') => `theme=dark; ${name}=${value}; _ga=GA1.1.1`

describe('readConsent', () => {
  test('reads a stored decision from a Cookie header', () => {
    expect(readConsent(header(encode(decision())), manifest(), { now: NOW })).toEqual({
      decided: true,
      id: 'k3j5h2g7f8d9s0a1',
      timestamp: new Date(NOW - DAY).toISOString(),
      version: 1,
      purposes: { necessary: true, analytics: true, livechat: false, marketing: false },
      vendors: { stats: true, chatco: false, adco: false },
    })
  })

  test('keeps vendors switched off individually off', () => {
    const cookie = header(encode(decision({ purposes: ['analytics', 'livechat'], off: ['chatco'] })))
    expect(readConsent(cookie, manifest(), { now: NOW }).vendors).toEqual({ stats: true, chatco: false, adco: false })
  })

  test.each([
    ['no Cookie header', undefined],
    ['a null header (Headers.get)', null],
    ['no consent cookie', 'theme=dark'],
    ['a corrupted value', header(encode(decision()).slice(0, 12))],
    ["another tool's cookie", header('{"necessary":true,"analytics":true}')],
    ['a decision for another manifest version', header(encode(decision({ version: 2 })))],
    ['an expired decision', header(encode(decision({ timestamp: NOW - 183 * DAY })))],
    ['a decision dated in the future', header(encode(decision({ timestamp: NOW + 2 * DAY })))],
  ])('counts %s as no decision: only required purposes are granted', (_, cookie) => {
    expect(readConsent(cookie, manifest(), { now: NOW })).toEqual({
      decided: false,
      id: null,
      timestamp: null,
      version: null,
      purposes: { necessary: true, analytics: false, livechat: false, marketing: false },
      vendors: { stats: false, chatco: false, adco: false },
    })
  })

  test('reads the cookie name and lifetime the manifest sets', () => {
    const m = manifest({ cookie: { name: 'constructor', days: 30 } })
    expect(readConsent(header(encode(decision()), 'constructor'), m, { now: NOW }).decided).toBe(true)
    expect(readConsent(header(encode(decision())), m, { now: NOW }).decided).toBe(false)
    const old = header(encode(decision({ timestamp: NOW - 31 * DAY })), 'constructor')
    expect(readConsent(old, m, { now: NOW }).decided).toBe(false)
  })

  test('grants everything but GPC purposes without a decision in opt-out mode when Sec-GPC is 1', () => {
    const m = manifest({ mode: 'opt-out' })
    expect(readConsent('', m, { gpc: '1' }).purposes).toEqual({ necessary: true, analytics: true, livechat: true, marketing: false })
    expect(readConsent('', m, { gpc: null }).purposes.marketing).toBe(true)
    expect(readConsent('', m, { gpc: true }).purposes.marketing).toBe(false)
  })

  test('lets GPC deny a purpose granted by a decision taken without it', () => {
    const cookie = header(encode(decision({ purposes: ['analytics', 'marketing'] })))
    expect(readConsent(cookie, manifest(), { now: NOW, gpc: '1' }).purposes.marketing).toBe(false)
    const withGpc = header(encode(decision({ purposes: ['analytics', 'marketing'], gpc: true })))
    expect(readConsent(withGpc, manifest(), { now: NOW, gpc: '1' }).purposes.marketing).toBe(true)
  })

  test("applies the region's mode and reports the visitor's code as given", () => {
    const m = manifest({ regions: { EU: { mode: 'opt-in' }, 'US-CA': { mode: 'opt-out' } } })
    expect(readConsent('', m, { region: 'US-CA' })).toMatchObject({ region: 'US-CA', purposes: { analytics: true } })
    expect(readConsent('', m, { region: 'DE' })).toMatchObject({ region: 'DE', purposes: { analytics: false } })
    expect(readConsent('', m, { region: 'US-NY' }).purposes.analytics).toBe(false)
  })

  test('throws the validation errors of a broken manifest, with their paths', () => {
    expect(() => readConsent('', { ...manifest(), mode: 'optin' as never })).toThrow(/mode: expected one of "opt-in", "opt-out"/)
  })
})

/** What the built module answers in a bare `vm` context (test/server/bare-context.mjs). */
const inBareContext = (...args: unknown[]) =>
  JSON.parse(
    execFileSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', 'test/server/bare-context.mjs', JSON.stringify(args)], {
      encoding: 'utf8',
    }),
  )

describe('the built consentry/server', () => {
  test('runs in a context with no DOM and no Node built-in, and reads a decision there', () => {
    const m = manifest({ mode: 'opt-out', regions: { EU: { mode: 'opt-in' } } })
    const cookie = header(encode(decision({ timestamp: Math.floor(Date.now() / 1000) * 1000 })))
    expect(inBareContext(cookie, m, { region: 'FR', gpc: '1' })).toEqual({
      found: [],
      result: readConsent(cookie, m, { region: 'FR', gpc: '1' }),
    })
    expect(inBareContext('', m, { region: 'US', gpc: '1' }).result.purposes).toEqual({
      necessary: true,
      analytics: true,
      livechat: true,
      marketing: false,
    })
  })
})
