import { beforeEach, expect, test, vi } from 'vitest'
import { clearCookies, manifest } from './helpers'

/**
 * What `createConsent` loads with `import()` on first need (docs/architecture.md, Bundlers), on
 * fresh modules: test/setup.ts loads everything at once for the other tests. A decision never
 * waits for a module; what one needs is in by the time `ready` settles.
 */
const fresh = async () => {
  vi.resetModules()
  return (await import('../src/index')).createConsent
}

const cookieNames = () =>
  document.cookie
    .split('; ')
    .map((c) => c.split('=')[0])
    .filter(Boolean)
    .sort()

beforeEach(() => {
  clearCookies()
  localStorage.clear()
  document.body.innerHTML = ''
  delete (window as { dataLayer?: unknown }).dataLayer
  vi.restoreAllMocks()
})

test('the clean-up runs once its module is in, and cleanedUp() says when', async () => {
  const createConsent = await fresh()
  const consent = createConsent(manifest())
  await consent.ready
  consent.acceptAll()
  for (const name of ['st_id', 'st_s_1', 'mine']) document.cookie = `${name}=1; path=/`
  localStorage.setItem('st_cache', 'x')
  consent.set({ analytics: false })
  // The decision itself is complete at once.
  expect(consent.isGranted('analytics')).toBe(false)
  expect(document.cookie).toMatch(/consentry=/)
  await consent.cleanedUp()
  expect(cookieNames()).toEqual(['consentry', 'mine'])
  expect(localStorage.getItem('st_cache')).toBeNull()
  // Once in, the next clean-up is done before the call returns.
  consent.acceptAll()
  document.cookie = 'st_id=1; path=/'
  consent.set({ analytics: false })
  expect(cookieNames()).toEqual(['consentry', 'mine'])
})

test('a vendor granted again before the clean-up module is in keeps its cookies', async () => {
  const createConsent = await fresh()
  const consent = createConsent(manifest())
  await consent.ready
  consent.acceptAll()
  document.cookie = 'st_id=1; path=/'
  consent.set({ analytics: false })
  consent.acceptAll()
  await consent.cleanedUp()
  expect(cookieNames()).toEqual(['consentry', 'st_id'])
})

test('with reloadOnRevoke the clean-up is in before ready, so it runs before the reload', async () => {
  const createConsent = await fresh()
  const reload = vi.fn()
  const consent = createConsent(manifest({ reloadOnRevoke: true }))
  await consent.ready
  consent.acceptAll()
  document.cookie = 'st_id=1; path=/'
  vi.spyOn(window, 'location', 'get').mockReturnValue({ hostname: 'localhost', pathname: '/', href: 'http://localhost/', reload } as never)
  consent.set({ analytics: false })
  expect(reload).toHaveBeenCalledTimes(1)
  expect(cookieNames()).toEqual(['consentry'])
})

test('gated markup on the page is handled from the start; markup added later loads the gate', async () => {
  document.body.innerHTML = '<img id="a" data-consent="necessary" data-src="/a.png">'
  let createConsent = await fresh()
  await createConsent(manifest()).ready
  expect(document.getElementById('a')!.getAttribute('src')).toBe('/a.png')

  document.body.innerHTML = ''
  createConsent = await fresh()
  const consent = createConsent(manifest())
  await consent.ready
  consent.acceptAll()
  document.body.insertAdjacentHTML('beforeend', '<div><img id="b" data-consent="analytics" data-src="/b.png"></div>')
  await vi.waitFor(() => expect(document.getElementById('b')!.getAttribute('src')).toBe('/b.png'))
})

test('Consent Mode is in before ready, so the first decision updates it at once', async () => {
  const createConsent = await fresh()
  const consent = createConsent(manifest({ googleConsentMode: true }))
  await consent.ready
  const dataLayer = (window as { dataLayer?: ArrayLike<unknown>[] }).dataLayer!
  expect(Array.from(dataLayer[0]!)).toEqual(['consent', 'default', expect.objectContaining({ analytics_storage: 'denied' })])
  consent.acceptAll()
  expect(dataLayer.map((entry) => Array.from(entry)).filter(([, kind]) => kind === 'update')).toHaveLength(1)
})

test('receipts are in before ready for a manifest with log, so a decision sends its receipt at once', async () => {
  const createConsent = await fresh()
  const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true)
  const consent = createConsent(manifest({ log: { endpoint: '/r' } }))
  await consent.ready
  consent.acceptAll()
  expect(beacon).toHaveBeenCalledTimes(1)
})
