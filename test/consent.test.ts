import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createConsent, type ConsentState } from '../src/index'
import { internalsOf } from '../src/instance/consent'
import { clearCookies, manifest } from './helpers'

const cookie = () => document.cookie.split('; ').find((c) => c.startsWith('consentry='))

beforeEach(() => {
  clearCookies()
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  vi.restoreAllMocks()
  Object.defineProperty(navigator, 'globalPrivacyControl', { value: undefined, configurable: true })
})

describe('ready', () => {
  test('resolves with the instance once the manifest is read', async () => {
    const consent = createConsent(manifest())
    await expect(consent.ready).resolves.toBe(consent)
  })

  test('waits for a manifest given as a promise', async () => {
    let give!: (value: unknown) => void
    const consent = createConsent(new Promise((resolve) => (give = resolve)))
    expect(consent.$state.get().status).toBe('loading')
    consent.acceptAll() // an early call waits for the manifest
    give(manifest())
    await consent.ready
    expect(consent.isGranted('analytics')).toBe(true)
  })

  test('rejects with every validation issue, and activates nothing', async () => {
    const consent = createConsent({ ...manifest(), mode: 'sometimes' } as never)
    const error = await consent.ready.catch((e) => e)
    expect(error.issues).toEqual([
      { path: 'mode', message: 'expected one of "opt-in", "opt-out", got "sometimes"' },
    ])
    expect(consent.$state.get().status).toBe('error')
    expect(consent.isGranted('necessary')).toBe(false)
    expect(console.error).toHaveBeenCalledWith('[consentry]', expect.stringContaining('mode: expected one of'))
  })

  test('rejects when the manifest cannot be loaded', async () => {
    const consent = createConsent(Promise.reject(new Error('404')))
    const error = await consent.ready.catch((e) => e)
    expect(error.issues).toEqual([{ path: '(manifest)', message: 'could not be loaded: 404' }])
  })

  test('a rejected ready is never an unhandled rejection', async () => {
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    createConsent({} as never)
    await new Promise((resolve) => setTimeout(resolve, 10))
    process.off('unhandledRejection', unhandled)
    expect(unhandled).not.toHaveBeenCalled()
  })
})

describe('isGranted', () => {
  test('grants required purposes at once and nothing else before a decision', () => {
    const consent = createConsent(manifest())
    expect(['necessary', 'analytics', 'livechat', 'marketing', 'stats'].map(consent.isGranted)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ])
  })

  test('grants a vendor when all its purposes are granted', () => {
    const consent = createConsent(manifest())
    consent.set({ analytics: true })
    expect(consent.isGranted('stats')).toBe(true)
    expect(consent.isGranted('chatco')).toBe(false)
  })

  test('answers false for unknown ids and non-strings', () => {
    const consent = createConsent(manifest())
    consent.acceptAll()
    expect(consent.isGranted('nope')).toBe(false)
    expect(consent.isGranted(undefined as never)).toBe(false)
  })

  test('grants every purpose before a decision in opt-out mode', () => {
    const consent = createConsent(manifest({ mode: 'opt-out' }))
    expect(consent.isGranted('analytics')).toBe(true)
    expect(consent.hasDecided()).toBe(false)
  })
})

describe('onGranted', () => {
  test('runs now if already granted, and again at each later grant', () => {
    const consent = createConsent(manifest())
    const calls: string[] = []
    consent.set({ analytics: true })
    consent.onGranted('analytics', () => calls.push('granted'))
    expect(calls).toEqual(['granted'])
    consent.set({ livechat: true }) // no change for analytics
    consent.rejectAll()
    consent.acceptAll()
    expect(calls).toEqual(['granted', 'granted'])
  })

  test('runs for vendors too, and stops after unsubscribing', () => {
    const consent = createConsent(manifest())
    const calls: string[] = []
    const stop = consent.onGranted('stats', () => calls.push('stats'))
    consent.acceptAll()
    stop()
    consent.rejectAll()
    consent.acceptAll()
    expect(calls).toEqual(['stats'])
  })

  test('a throwing listener neither escapes nor stops the others', () => {
    const consent = createConsent(manifest())
    const calls: string[] = []
    consent.onGranted('analytics', () => {
      throw new Error('boom')
    })
    consent.onGranted('analytics', () => calls.push('second'))
    expect(() => consent.acceptAll()).not.toThrow()
    expect(calls).toEqual(['second'])
    expect(console.error).toHaveBeenCalledWith('[consentry]', expect.any(Error))
  })

  test('reports a listener that is not a function', () => {
    const consent = createConsent(manifest())
    expect(typeof consent.onGranted('analytics', 'nope' as never)).toBe('function')
    expect(console.error).toHaveBeenCalledWith('[consentry]', 'a listener must be a function')
  })
})

describe('onRevoked', () => {
  test('runs at each change from granted to denied', () => {
    const consent = createConsent(manifest())
    const calls: string[] = []
    consent.onRevoked('analytics', () => calls.push('revoked'))
    consent.rejectAll() // was never granted
    consent.acceptAll()
    consent.set({ analytics: false })
    consent.acceptAll()
    consent.reset()
    expect(calls).toEqual(['revoked', 'revoked'])
  })
})

describe('onChange', () => {
  test('gets the state after every saved decision', () => {
    const consent = createConsent(manifest())
    const seen: ConsentState[] = []
    const stop = consent.onChange((state) => seen.push(state))
    consent.acceptAll()
    consent.set({ marketing: false })
    stop()
    consent.rejectAll()
    expect(seen.map((s) => s.purposes.marketing)).toEqual([true, false])
    expect(seen[0]).toMatchObject({ status: 'ready', decided: true, gpc: false })
  })

  test('is mirrored by consentry:change events on document', () => {
    const consent = createConsent(manifest())
    const details: unknown[] = []
    const listener = (event: Event) => details.push((event as CustomEvent).detail)
    document.addEventListener('consentry:change', listener)
    consent.acceptAll()
    document.removeEventListener('consentry:change', listener)
    expect(details).toEqual([consent.$state.get()])
  })
})

describe('decisions', () => {
  test('acceptAll grants every purpose and vendor', () => {
    const consent = createConsent(manifest())
    consent.acceptAll()
    expect(consent.$state.get().vendors).toEqual({ stats: true, chatco: true, adco: true })
  })

  test('rejectAll denies everything but required purposes', () => {
    const consent = createConsent(manifest())
    consent.acceptAll()
    consent.rejectAll()
    expect(consent.$state.get().purposes).toEqual({
      necessary: true,
      analytics: false,
      livechat: false,
      marketing: false,
    })
  })

  test('set changes only the named purposes and vendors, and counts as a decision', () => {
    const consent = createConsent(manifest())
    consent.set({ analytics: true })
    expect(consent.hasDecided()).toBe(true)
    consent.set({ livechat: true, stats: false })
    expect(consent.$state.get().purposes).toMatchObject({ analytics: true, livechat: true, marketing: false })
    expect(consent.isGranted('stats')).toBe(false)
    expect(consent.isGranted('chatco')).toBe(true)
  })

  test('set reports unknown ids and keeps the rest', () => {
    const consent = createConsent(manifest())
    consent.set({ analytcs: true, livechat: true })
    expect(console.error).toHaveBeenCalledWith('[consentry]', 'set(): unknown purpose or vendor "analytcs"')
    expect(consent.isGranted('livechat')).toBe(true)
  })

  test('set cannot switch off a required purpose', () => {
    const consent = createConsent(manifest())
    consent.set({ necessary: false })
    expect(consent.isGranted('necessary')).toBe(true)
  })

  test('hasDecided is false until a decision is stored', () => {
    const consent = createConsent(manifest())
    expect(consent.hasDecided()).toBe(false)
    consent.rejectAll()
    expect(consent.hasDecided()).toBe(true)
  })
})

describe('record', () => {
  test('is null before a decision and the stored decision after', () => {
    const consent = createConsent(manifest({ version: 4 }), { locale: 'ro' })
    expect(consent.record()).toBeNull()
    consent.set({ analytics: true, stats: false })
    const record = consent.record()!
    expect(record).toEqual({
      id: expect.stringMatching(/^[0-9a-z]{16}$/),
      version: 4,
      timestamp: expect.any(String),
      source: 'api',
      locale: 'ro',
      purposes: { necessary: true, analytics: true, livechat: false, marketing: false },
      vendors: { stats: false, chatco: false, adco: false },
    })
    expect(new Date(record.timestamp).toISOString()).toBe(record.timestamp)
  })

  test('keeps the consent id across changes of mind', () => {
    const consent = createConsent(manifest())
    consent.acceptAll()
    const first = consent.record()!.id
    consent.rejectAll()
    expect(consent.record()!.id).toBe(first)
  })

  test('names the UI layer the decision came from', () => {
    const consent = createConsent(manifest())
    internalsOf(consent)!.acceptAll('banner')
    expect(consent.record()!.source).toBe('banner')
    internalsOf(consent)!.choose({ analytics: false }, 'preferences')
    expect(consent.record()!.source).toBe('preferences')
  })
})

describe('persistence', () => {
  test('writes the cookie only when the visitor decides', () => {
    const consent = createConsent(manifest())
    consent.isGranted('analytics')
    expect(cookie()).toBeUndefined()
    consent.rejectAll()
    expect(cookie()).toMatch(/^consentry=1\.1\./)
  })

  test('applies the stored decision on the next page view without any call', () => {
    createConsent(manifest()).set({ analytics: true, stats: false })
    const next = createConsent(manifest())
    expect(next.hasDecided()).toBe(true)
    expect(next.isGranted('analytics')).toBe(true)
    expect(next.isGranted('stats')).toBe(false)
  })

  test('asks again when the manifest version is raised', () => {
    createConsent(manifest({ version: 1 })).acceptAll()
    const next = createConsent(manifest({ version: 2 }))
    expect(next.hasDecided()).toBe(false)
    expect(next.isGranted('analytics')).toBe(false)
    expect(internalsOf(next)!.$view.get()).toBe('none') // the script tag shows the banner; see browser.ts
  })

  test('asks again when the decision is older than the cookie lifetime', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'))
    createConsent(manifest({ cookie: { days: 30 } })).acceptAll()
    vi.setSystemTime(new Date('2026-02-01T00:00:00Z'))
    expect(createConsent(manifest({ cookie: { days: 30 } })).hasDecided()).toBe(false)
    vi.useRealTimers()
  })

  test('treats a corrupted cookie as no decision', () => {
    document.cookie = 'consentry=%7B%22analytics%22%3Atrue%7D; path=/'
    const consent = createConsent(manifest())
    expect(consent.hasDecided()).toBe(false)
    expect(consent.isGranted('analytics')).toBe(false)
  })

  test('uses the manifest’s cookie name', () => {
    createConsent(manifest({ cookie: { name: 'site_consent' } })).acceptAll()
    expect(document.cookie).toMatch(/site_consent=1\./)
  })

  test('reset removes the cookie and asks again', () => {
    const consent = createConsent(manifest())
    consent.acceptAll()
    consent.reset()
    expect(cookie()).toBeUndefined()
    expect(consent.hasDecided()).toBe(false)
    expect(consent.isGranted('analytics')).toBe(false)
    expect(internalsOf(consent)!.$view.get()).toBe('banner')
  })

  test('a decision taken in another tab applies here without a reload', async () => {
    const here = createConsent(manifest())
    const there = createConsent(manifest())
    const calls: string[] = []
    here.onGranted('analytics', () => calls.push('granted here'))
    there.acceptAll()
    await vi.waitFor(() => expect(calls).toEqual(['granted here']))
    expect(here.hasDecided()).toBe(true)
  })

  test('a decision taken in another tab closes the banner here, and a reset there shows it again', async () => {
    const here = createConsent(manifest())
    const there = createConsent(manifest())
    const views: string[] = []
    internalsOf(here)!.$view.listen((view) => views.push(view))
    here.showBanner()
    there.rejectAll()
    await vi.waitFor(() => expect(here.hasDecided()).toBe(true))
    there.reset()
    await vi.waitFor(() => expect(here.hasDecided()).toBe(false))
    expect(views).toEqual(['banner', 'none', 'banner'])
  })

  test('follows another tab whose cookie arrives after its message', async () => {
    const there = createConsent(manifest())
    there.acceptAll()
    const written = document.cookie
    clearCookies()
    const here = createConsent(manifest())
    internalsOf(there)!.stop()
    // The other tab's message first, its cookie a moment later, as Chromium may deliver them.
    new BroadcastChannel('consentry').postMessage('changed')
    await new Promise((done) => setTimeout(done, 120))
    expect(here.isGranted('analytics')).toBe(false)
    document.cookie = written + '; path=/'
    await vi.waitFor(() => expect(here.isGranted('analytics')).toBe(true))
  })
})

describe('UI driving', () => {
  test('showBanner, showPreferences and hide set the wanted view', () => {
    const consent = createConsent(manifest())
    const views: string[] = []
    internalsOf(consent)!.$view.listen((view) => views.push(view))
    consent.showBanner()
    consent.showPreferences()
    consent.hide()
    expect(views).toEqual(['banner', 'preferences', 'none'])
  })

  test('a saved decision closes the UI', () => {
    const consent = createConsent(manifest())
    consent.showPreferences()
    consent.rejectAll()
    expect(internalsOf(consent)!.$view.get()).toBe('none')
  })

  test('$state is a store framework bindings can subscribe to', () => {
    const consent = createConsent(manifest())
    const seen: boolean[] = []
    const stop = consent.$state.subscribe((state) => seen.push(state.purposes.analytics!))
    consent.acceptAll()
    stop()
    expect(seen).toEqual([false, true])
  })
})

describe('contextual consent', () => {
  const twoVendors = () =>
    manifest({
      vendors: [
        { id: 'tube', name: 'Tube', purposes: ['marketing'] },
        { id: 'ads', name: 'Ads', purposes: ['marketing'] },
        { id: 'stats', name: 'Stats', purposes: ['analytics'] },
      ],
    })

  test('allowing one vendor grants it and its purposes, and no other vendor', () => {
    const consent = createConsent(twoVendors())
    internalsOf(consent)!.allow('tube', 'placeholder')
    expect(consent.$state.get().vendors).toEqual({ tube: true, ads: false, stats: false })
    expect(consent.isGranted('marketing')).toBe(true)
    expect(consent.record()!.source).toBe('placeholder')
  })

  test('keeps vendors of that purpose that were already granted', () => {
    const consent = createConsent(twoVendors())
    consent.set({ marketing: true, tube: false })
    internalsOf(consent)!.allow('tube', 'placeholder')
    expect(consent.$state.get().vendors).toMatchObject({ tube: true, ads: true })
  })
})

describe('Global Privacy Control', () => {
  const withGpc = () => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true })

  test('denies gpc purposes without asking in opt-out mode, without storing a decision', () => {
    withGpc()
    const consent = createConsent(manifest({ mode: 'opt-out' }))
    expect(consent.isGranted('marketing')).toBe(false)
    expect(consent.isGranted('analytics')).toBe(true)
    expect(consent.record()).toBeNull()
    expect(consent.$state.get().gpc).toBe(true)
  })

  test('Accept all does not grant a gpc purpose; an explicit switch in the preferences does', () => {
    withGpc()
    const consent = createConsent(manifest())
    consent.acceptAll()
    expect(consent.isGranted('marketing')).toBe(false)
    consent.set({ marketing: true })
    expect(consent.isGranted('marketing')).toBe(false)
    internalsOf(consent)!.choose({ marketing: true }, 'preferences')
    expect(consent.isGranted('marketing')).toBe(true)
    // …and that explicit choice stands on the next page view
    expect(createConsent(manifest()).isGranted('marketing')).toBe(true)
  })

  test('wins over an earlier opt-in given without it', () => {
    createConsent(manifest()).acceptAll()
    withGpc()
    const consent = createConsent(manifest())
    expect(consent.isGranted('marketing')).toBe(false)
    expect(consent.isGranted('analytics')).toBe(true)
  })
})

describe('misuse', () => {
  test('no method throws into the page', () => {
    const consent = createConsent({} as never)
    expect(() => {
      consent.acceptAll()
      consent.rejectAll()
      consent.set(null as never)
      consent.set('x' as never)
      consent.reset()
      consent.record()
      consent.isGranted('x')
      consent.showBanner()
    }).not.toThrow()
  })

  test('set with something that is not an object is reported', () => {
    const consent = createConsent(manifest())
    consent.set(null as never)
    expect(console.error).toHaveBeenCalledWith('[consentry]', 'set() takes an object of id → boolean')
    expect(consent.hasDecided()).toBe(false)
  })
})
