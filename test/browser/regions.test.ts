import { describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { fakeVendors } from './vendors'
import { browser, site, useSite } from './harness'

/** Answers the held manifest request of the Consent Mode page, once the test says so. */
let release: () => void = () => {}

/** One manifest for every visitor: opt-in in the EU and by default, opt-out in California. */
const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
    { id: 'marketing', title: 'Marketing', description: 'Ads.', gpc: true },
  ],
  googleConsentMode: true,
  regions: { EU: { mode: 'opt-in' }, 'US-CA': { mode: 'opt-out' }, default: { mode: 'opt-in' } },
}

const BODY = `
<script type="text/plain" data-consent="analytics">window.ran = (window.ran || []).concat('analytics')</script>
<script type="text/plain" data-consent="marketing">window.ran = (window.ran || []).concat('marketing')</script>`

/** The page as a server fills `data-region` from its CDN's country header, here `?region=`. */
const regionPage = (region: string) => `<!doctype html><html lang="en"><head>
  <script src="/dist/consentry.js" data-region="${region}"></script>
  <script type="application/json" id="consentry-manifest">${JSON.stringify(MANIFEST)}</script>
  </head><body>${BODY}</body></html>`

/** Google's tag loaded ungated (advanced mode), its consentry manifest still on its way. */
const gcmPage = (attribute: string) => `<!doctype html><html lang="en"><head>
  <script src="/dist/consentry.js" data-manifest="/held.json" ${attribute}></script>
  <script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
  </head><body></body></html>`

useSite((request, response) => {
  const url = new URL(request.url!, 'http://x')
  const html = (body: string) => (response.writeHead(200, { 'content-type': 'text/html' }).end(body), true)
  if (url.pathname === '/region') return html(regionPage(url.searchParams.get('region') ?? ''))
  if (url.pathname === '/gcm') return html(gcmPage('data-google-consent-mode'))
  if (url.pathname === '/gcm-basic') return html(gcmPage(''))
  if (url.pathname === '/held.json') {
    release = () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MANIFEST))
    return true
  }
  return false
})

const ready = (page: Page) => page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')
const state = (page: Page) => page.evaluate(() => (window as any).consent.$state.get())

const visit = async (region: string, { gpc = false } = {}): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext()
  if (gpc)
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
    )
  const page = await context.newPage()
  await page.goto(`${site.url}/region?region=${region}`)
  await ready(page)
  return { context, page }
}

describe('regions, from one manifest', () => {
  test('a visitor from California gets opt-out: everything runs before any decision', async () => {
    const { context, page } = await visit('US-CA')
    await page.waitForFunction(() => (window as any).ran?.length === 2)
    expect(await page.evaluate(() => (window as any).ran)).toEqual(['analytics', 'marketing'])
    expect(await state(page)).toMatchObject({ decided: false, region: 'US-CA', purposes: { analytics: true, marketing: true } })
    await context.close()
  })

  test('a visitor from Germany gets opt-in: nothing runs and the banner asks', async () => {
    const { context, page } = await visit('DE')
    await page.getByRole('button', { name: 'Accept all' }).waitFor()
    expect(await page.evaluate(() => (window as any).ran)).toBeUndefined()
    expect(await state(page)).toMatchObject({ decided: false, region: 'DE', purposes: { analytics: false, marketing: false } })
    await page.getByRole('button', { name: 'Accept all' }).click()
    await page.waitForFunction(() => (window as any).ran?.length === 2)
    expect(await page.evaluate(() => (window as any).consent.record().region)).toBe('DE')
    await context.close()
  })

  test('Global Privacy Control still denies its purposes in the opt-out region', async () => {
    const { context, page } = await visit('US-CA', { gpc: true })
    await page.waitForFunction(() => (window as any).ran?.length === 1)
    expect(await page.evaluate(() => (window as any).ran)).toEqual(['analytics'])
    expect((await state(page)).purposes).toEqual({ necessary: true, analytics: true, marketing: false })
    await context.close()
  })
})

describe('Google Consent Mode, advanced', () => {
  /** What the ungated gtag.js found in `dataLayer` when it ran, before the manifest arrived. */
  const googleSaw = async (path: string) => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await fakeVendors(page, site.url)
    await page.goto(site.url + path)
    await page.waitForFunction(() => (window as any).googleRan === 1)
    const saw = await page.evaluate(() => (window as any).googleSaw)
    return { context, page, saw }
  }

  test('data-google-consent-mode puts the all-denied default first in dataLayer, before the manifest is read', async () => {
    const { context, page, saw } = await googleSaw('/gcm')
    expect(saw[0]).toEqual([
      'consent',
      'default',
      {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'denied',
        functionality_storage: 'denied',
        personalization_storage: 'denied',
        security_storage: 'granted',
        wait_for_update: 500,
      },
    ])
    release()
    await ready(page)
    await page.evaluate(() => (window as any).consent.acceptAll())
    const consent = await page.evaluate(() =>
      (window as any).dataLayer.map((entry: ArrayLike<unknown>) => Array.from(entry)).filter((entry: unknown[]) => entry[0] === 'consent'),
    )
    // The manifest's arrival adds no second default; the decision follows as an update.
    expect(consent.map((entry: unknown[]) => entry[1])).toEqual(['default', 'update'])
    expect(consent[1][2]).toEqual({
      analytics_storage: 'granted',
      ad_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'granted',
    })
    await context.close()
  })

  test('without it, an ungated Google tag runs with no consent state at all', async () => {
    const { context, saw } = await googleSaw('/gcm-basic')
    expect(saw).toEqual([])
    release()
    await context.close()
  })
})

describe('the 24SEVEN example with its region switcher', () => {
  test('?region=US-CA gives the Californian banner and opt-out; ?region=DE opt-in', async () => {
    const { serveExamples } = await import('./server')
    const examples = await serveExamples()
    const context = await browser.newContext()
    const page = await context.newPage()
    await fakeVendors(page, examples.url)
    try {
      await page.goto(examples.url + '/24seven/')
      await page.getByRole('link', { name: 'California (opt-out)' }).click()
      await ready(page)
      await page.getByRole('heading', { name: 'Your privacy choices in California' }).waitFor()
      expect(await state(page)).toMatchObject({ decided: false, region: 'US-CA', purposes: { analytics: true } })
      await page.getByRole('link', { name: 'Germany (opt-in)' }).click()
      await ready(page)
      expect(await state(page)).toMatchObject({ decided: false, region: 'DE', purposes: { analytics: false } })
    } finally {
      await context.close()
      await examples.close()
    }
  })
})

describe('the rules per region, a chunk of their own', () => {
  test('are fetched for a manifest with regions; when they cannot be, nothing runs, not even opt-out', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(new URL(request.url()).pathname))
    await page.route('**/dist/consentry-regions.js', (route) => route.fulfill({ status: 404, body: 'not found' }))
    const errors: string[] = []
    page.on('console', (message) => message.type() === 'error' && message.text().startsWith('[consentry]') && errors.push(message.text()))
    await page.goto(`${site.url}/region?region=US-CA`)
    await page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'error')
    expect(requested).toContain('/dist/consentry-regions.js')
    expect(errors).toEqual([expect.stringMatching(/consentry-regions\.js could not be loaded/)])
    await page.evaluate(() => (window as any).consent.acceptAll())
    expect(await page.evaluate(() => (window as any).ran)).toBeUndefined()
    await context.close()
  })
})
