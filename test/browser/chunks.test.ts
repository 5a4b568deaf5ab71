import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { fakeVendors } from './vendors'
import { own, ready, watch } from './watch'
import { browser, site, useSite } from './harness'

/**
 * What the script tag downloads when (docs/architecture.md): the loader, the presets a manifest
 * names and nothing else for a returning visitor; everything the banner needs in one round trip
 * after the manifest on a first visit; and chunks fetched on first need that never hold up a
 * decision.
 */

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
    { id: 'livechat', title: 'Live chat', description: 'Talk to us.' },
  ],
  vendors: [
    { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-ABC123' } },
    { id: 'tawkto', preset: 'tawkto', purposes: ['livechat'], options: { propertyId: '5e8f1b2c3d4e5f6a7b8c9d0e', widgetId: 'default' } },
    { id: 'stats', name: 'Stats', purposes: ['analytics'], cookies: [{ name: 'st_id', days: 30 }] },
  ],
}

const PAGE = `<!doctype html><html lang="en"><head>
<script src="/dist/consentry.js" data-manifest="/consent.json"></script>
</head><body><a href="/elsewhere" id="leave">Leave</a></body></html>`

/** Chunk requests of the test site, in order. */
const distRequests = (page: Page): string[] => {
  const paths: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.host === new URL(site.url).host && url.pathname.startsWith('/dist/')) paths.push(url.pathname)
  })
  return paths
}

useSite((request, response) => {
  const path = new URL(request.url!, 'http://x').pathname
  if (path === '/consent.json') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MANIFEST))
  else if (path === '/' || path === '/elsewhere') response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
  else if (path === '/embed')
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(PAGE.replace('<body>', '<body><iframe data-consent="stats" data-consent-placeholder data-src="about:blank" title="Stats board"></iframe>'))
  else if (path === '/de') response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE.replace('lang="en"', 'lang="de"'))
  else return false
  return true
})

test('a first visit fetches the validator, the UI and the named presets only; a returning one the loader, those presets and, once the page has loaded, the floating button', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await fakeVendors(page, site.url)
  const first = distRequests(page)
  await page.goto(site.url)
  await ready(page)
  await page.waitForLoadState('networkidle')
  expect([...first].sort()).toEqual(
    ['/dist/consentry-check.js', '/dist/consentry-ui.js', '/dist/consentry.js', '/dist/presets/ga4.js', '/dist/presets/tawkto.js'],
  )
  await page.evaluate(() => (window as any).consent.acceptAll())
  const again = await context.newPage()
  await fakeVendors(again, site.url)
  const returning = distRequests(again)
  await again.goto(site.url)
  await ready(again)
  await again.waitForFunction(() => (window as any).googleRan === 1)
  await again.waitForLoadState('networkidle')
  expect([...returning].sort()).toEqual([
    '/dist/consentry-button.js',
    '/dist/consentry.js',
    '/dist/presets/ga4.js',
    '/dist/presets/tawkto.js',
  ])
  await context.close()
})

test('the banner comes without the placeholders: their chunk is fetched only for a page with a blocked embed', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await fakeVendors(page, site.url)
  const requests = distRequests(page)
  await page.goto(site.url + '/embed')
  await ready(page)
  const notice = page.getByRole('group', { name: 'Stats' })
  await notice.waitFor()
  expect(requests).toContain('/dist/consentry-placeholders.js')
  await notice.getByRole('button', { name: 'Allow Stats' }).click()
  await expect.poll(() => page.locator('iframe').evaluate((frame) => (frame as HTMLIFrameElement).hidden)).toBe(false)
  await context.close()
  // A first visit to a page without one.
  const other = await browser.newPage()
  const others = distRequests(other)
  await other.goto(site.url + '/')
  await ready(other)
  await other.getByRole('region').waitFor()
  await other.waitForLoadState('networkidle')
  expect(others).toContain('/dist/consentry-ui.js')
  expect(others).not.toContain('/dist/consentry-placeholders.js')
  await other.close()
})

test('a first visit asks for the UI and its locale while the manifest is on its way; a returning one does not', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await fakeVendors(page, site.url)
  const requests = distRequests(page)
  // The manifest is held until the test lets it go.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/consent.json', async (route) => {
    await held
    await route.continue()
  })
  await page.goto(site.url + '/de', { waitUntil: 'commit' })
  await expect.poll(() => [...requests].sort(), { timeout: 10_000 }).toEqual(
    ['/dist/consentry-ui.js', '/dist/consentry.js', '/dist/locales/de.json'],
  )
  release()
  await ready(page)
  await page.getByRole('button', { name: 'Alle akzeptieren' }).waitFor()
  expect(requests.filter((path) => path.startsWith('/dist/locales/'))).toEqual(['/dist/locales/de.json'])
  await page.evaluate(() => (window as any).consent.acceptAll())
  // The floating button follows the decision from its chunk: counted here, not in the returning visit.
  await page.locator('consentry-reopen button').waitFor()

  requests.length = 0
  let asked = false
  const waiting = new Promise<void>((resolve) => (release = resolve))
  await page.unroute('**/consent.json')
  await page.route('**/consent.json', async (route) => {
    asked = true
    await waiting
    await route.continue()
  })
  await page.goto(site.url + '/de', { waitUntil: 'commit' })
  await expect.poll(() => asked).toBe(true)
  // Time for a request the loader would make at once; none is due before the manifest is in.
  await page.waitForTimeout(300)
  expect(requests).toEqual(['/dist/consentry.js'])
  release()
  await ready(page)
  expect(await page.evaluate(() => (window as any).consent.isGranted('analytics'))).toBe(true)
  await context.close()
})

test('a decision taken just before the visitor leaves is stored, and a revocation cleans up once its chunk is in', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await fakeVendors(page, site.url)
  const requests = distRequests(page)
  const said = watch(page)
  await page.goto(site.url)
  await ready(page)
  await page.evaluate(() => (window as any).consent.acceptAll())
  // The page decides and leaves in the same task: no chunk can arrive in between.
  await Promise.all([
    page.waitForURL(site.url + '/elsewhere'),
    page.evaluate(() => {
      const consent = (window as any).consent
      consent.set({ analytics: false })
      document.getElementById('leave')!.click()
    }),
  ])
  await ready(page)
  expect(await page.evaluate(() => [(window as any).consent.hasDecided(), (window as any).consent.isGranted('analytics'), (window as any).consent.isGranted('livechat')])).toEqual([true, false, true])
  await page.evaluate(() => (window as any).consent.set({ analytics: true }))
  const cleaned = await page.evaluate(() => {
    document.cookie = 'st_id=1; path=/'
    const before = document.cookie.includes('st_id=')
    const consent = (window as any).consent
    consent.set({ analytics: false })
    // The decision holds at once; the clean-up finishes when its chunk is in.
    const decided = consent.isGranted('analytics')
    return consent.cleanedUp().then(() => [before, decided, document.cookie.includes('st_id=')])
  })
  expect(cleaned).toEqual([true, false, false])
  // Besides the first visit's validator and UI, the loader and the presets, only the clean-up
  // and, after the decision, the floating button: no chunk was needed to decide.
  expect([...new Set(requests)].sort()).toEqual([
    '/dist/consentry-button.js',
    '/dist/consentry-check.js',
    '/dist/consentry-forget.js',
    '/dist/consentry-ui.js',
    '/dist/consentry.js',
    '/dist/presets/ga4.js',
    '/dist/presets/tawkto.js',
  ])
  expect(own(said.errors)).toEqual([])
  expect(said.uncaught).toEqual([])
  await context.close()
})

test('after set() returns, isGranted answers the new state and the listeners have run', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await fakeVendors(page, site.url)
  await page.goto(site.url)
  await ready(page)
  const seen = await page.evaluate(() => {
    const consent = (window as any).consent
    const calls: string[] = []
    consent.onGranted('analytics', () => calls.push('granted'))
    consent.onChange((state: any) => calls.push(`change ${state.purposes.analytics}`))
    consent.set({ analytics: true })
    return [consent.isGranted('analytics'), consent.record().purposes.analytics, ...calls]
  })
  expect(seen).toEqual([true, true, 'granted', 'change true'])
  await context.close()
})
