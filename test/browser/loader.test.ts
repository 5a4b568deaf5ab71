import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { BUILDS, browser, onBuild, site, useSite } from './harness'

/** What /changing.json serves right now. */
let changing = ''

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  defaultLocale: 'en',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
    { id: 'marketing', title: 'Marketing', description: 'Ads.' },
  ],
  texts: { fr: { 'banner.title': 'Cookies' } },
}

const BODY = `
<script type="text/plain" data-consent="analytics" src="/ext.js?name=analytics-external"></script>
<script type="text/plain" data-consent="analytics">window.ran = (window.ran || []).concat('analytics-inline')</script>
<script type="text/plain" data-consent="necessary">window.ran = (window.ran || []).concat('necessary')</script>
<a href="#settings" data-consent-open>Cookie settings</a>`

/** Pages by path: the script tag in every way a site owner may write it. */
const PAGES: Record<string, string> = {
  '/inline': `<!doctype html><html lang="en"><head>
    <script src="/dist/consentry.js"></script>
    <script type="application/json" id="consentry-manifest">${JSON.stringify(MANIFEST)}</script>
    </head><body>${BODY}</body></html>`,
  '/fetched': `<!doctype html><html lang="fr"><head>
    <script>window.consent = [(c) => { window.queued = c.isGranted('necessary') }]</script>
    <script>document.addEventListener('consentry:ready', (e) => { window.readyDetail = e.detail })</script>
    <script src="/dist/consentry.js" data-manifest="/consent.json" nonce="abc123"></script>
    </head><body>${BODY.replace(/<script /g, '<script nonce="abc123" ')}</body></html>`,
  '/deferred': `<!doctype html><html lang="de"><head>
    <script defer src="/dist/consentry.js" data-manifest="consent.json" data-locale="ro"></script>
    </head><body>${BODY}</body></html>`,
  '/changing': `<!doctype html><html><head>
    <script src="/dist/consentry.js" data-manifest="/changing.json"></script>
    </head><body>${BODY}</body></html>`,
  '/brazil': `<!doctype html><html><head>
    <script src="/dist/consentry.js"></script>
    <script type="application/json" id="consentry-manifest">${JSON.stringify({
      ...MANIFEST,
      texts: { 'pt-BR': { 'banner.title': 'Suas escolhas de privacidade' } },
    })}</script>
    </head><body>${BODY}</body></html>`,
  // An inline manifest on a page whose parsing takes a while (a slow script of its own).
  '/slow-page': `<!doctype html><html><head>
    <script src="/dist/consentry.js"></script>
    <script type="application/json" id="consentry-manifest">${JSON.stringify(MANIFEST)}</script>
    </head><body><script src="/slow.js"></script>${BODY}</body></html>`,
  // The README's quick start: the manifest preloaded beside the tag, so that it is asked for with the page.
  '/preloaded': `<!doctype html><html><head>
    <link rel="preload" href="/consent.json" as="fetch" crossorigin>
    <script src="/dist/consentry.js" data-manifest="/consent.json"></script>
    </head><body>${BODY}</body></html>`,
  '/async': `<!doctype html><html><head>
    <script async src="/dist/consentry.js" data-manifest="/consent.json"></script>
    </head><body>${BODY}</body></html>`,
}

/** Two external gated scripts, the first one slow, then an inline one. */
const ORDERED = `<!doctype html><html lang="en"><head>
  <script src="/dist/consentry.js"></script>
  <script type="application/json" id="consentry-manifest">${JSON.stringify(MANIFEST)}</script>
  </head><body>
  <script type="text/plain" data-consent="analytics" src="/ext.js?name=slow&delay=600"></script>
  <script type="text/plain" data-consent="analytics" src="/ext.js?name=fast&delay=0"></script>
  <script type="text/plain" data-consent="analytics">window.ran = (window.ran || []).concat('inline')</script>
  </body></html>`

/**
 * The server's side of a page view, while `held.on`: each request as it arrives, and the loader's
 * answer, which waits until the manifest is asked for (or 600 ms have passed).
 */
const held = { on: false, log: [] as string[], manifestAsked: () => {} }

useSite(async (request, response) => {
  const url = new URL(request.url!, 'http://x')
  if (held.on) {
    held.log.push(`asked ${url.pathname}`)
    if (url.pathname === '/consent.json') held.manifestAsked()
    if (url.pathname === '/dist/consentry.js') {
      await new Promise<void>((done) => {
        held.manifestAsked = done
        setTimeout(done, 600)
      })
      held.log.push('answered /dist/consentry.js')
    }
  }
  if (url.pathname === '/changing.json') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(changing)
    return true
  }
  if (url.pathname === '/consent.json') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MANIFEST))
    return true
  }
  if (url.pathname === '/slow.js') {
    setTimeout(() => response.writeHead(200, { 'content-type': 'text/javascript' }).end('window.slow = true'), 800)
    return true
  }
  if (url.pathname === '/ordered') {
    response.writeHead(200, { 'content-type': 'text/html' }).end(ORDERED)
    return true
  }
  if (url.pathname === '/ext.js') {
    const name = url.searchParams.get('name')
    // Slow on purpose: the inline script after it must still wait for it (document order).
    setTimeout(
      () =>
        response
          .writeHead(200, { 'content-type': 'text/javascript' })
          .end(`window.ran = (window.ran || []).concat(${JSON.stringify(name)})`),
      Number(url.searchParams.get('delay') ?? 150),
    )
    return true
  }
  const page = PAGES[url.pathname]
  if (!page) return false
  response.writeHead(200, { 'content-type': 'text/html' }).end(page)
  return true
})

const ready = (page: Page) => page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')
const ran = (page: Page) => page.evaluate(() => (window as any).ran)

// The auto-blocking build is a loader too, whose observer sees every script the loader inserts:
// every way of writing the script tag, the chunks and the order of scripts, on both builds.
describe.each(BUILDS)('on %s', (build) => {
  beforeEach(() => onBuild(build))

  describe.each(Object.keys(PAGES).filter((path) => path !== '/changing'))('the script tag on %s', (path) => {
    test('activates nothing before a decision, exactly the granted elements after, and again after a reload', async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(site.url + path)
      await ready(page)
      await page.waitForFunction(() => (window as any).ran?.length === 1)
      expect(await ran(page)).toEqual(['necessary'])
      await page.evaluate(() => (window as any).consent.acceptAll())
      await page.waitForFunction(() => (window as any).ran.length === 3)
      expect(await ran(page)).toEqual(['necessary', 'analytics-external', 'analytics-inline'])
      await page.reload()
      await ready(page)
      await page.waitForFunction(() => (window as any).ran?.length === 3)
      expect(await ran(page)).toEqual(['analytics-external', 'analytics-inline', 'necessary'])
      await context.close()
    })
  })

  test('calls queued functions with the instance, fires consentry:ready, and applies the nonce', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(site.url + '/fetched')
    await ready(page)
    await page.waitForFunction(() => (window as any).queued !== undefined)
    expect(await page.evaluate(() => (window as any).queued)).toBe(true)
    expect(await page.evaluate(() => (window as any).readyDetail)).toMatchObject({ status: 'ready', decided: false })
    await page.evaluate(() => (window as any).consent.set({ analytics: true }))
    await page.waitForFunction(() => (window as any).ran.length === 3)
    const nonces = await page.evaluate(() =>
      Array.from(document.querySelectorAll('script[data-consent-active]'), (s) => (s as HTMLScriptElement).nonce),
    )
    expect(nonces).toEqual(['abc123', 'abc123', 'abc123'])
    await context.close()
  })

  test('a returning visitor loads only the loader and, after the page’s load, the floating button, until a data-consent-open element is clicked', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(site.url + '/inline')
    await ready(page)
    await page.evaluate(() => (window as any).consent.rejectAll())
    const requests: string[] = []
    page.on('request', (request) => requests.push(new URL(request.url()).pathname))
    await page.reload()
    await ready(page)
    await page.waitForLoadState('networkidle')
    expect(requests).toEqual(['/inline', '/dist/consentry.js', '/dist/consentry-button.js'])
    const ui = page.waitForRequest((request) => request.url().endsWith('/dist/consentry-ui.js'))
    await page.click('a[data-consent-open]')
    await ui
    expect(page.url()).toBe(site.url + '/inline') // the link's own action is prevented
    await context.close()
  })

  // With an inline manifest the loader reads the page's cookies through the Cookie Store API, which
  // never blocks the page (src/browser/cookies.ts), and through document.cookie where that is
  // missing, fails, or answers after the manifest is in; with a fetched manifest, through
  // document.cookie as it starts. `reads` counts the page's reads of document.cookie until consentry:ready.
  const COUNT_READS = `window.reads = 0
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')
    Object.defineProperty(Document.prototype, 'cookie', { configurable: true, set: cookie.set,
      get() { if (!window.readyAt) window.reads++; return cookie.get.call(this) } })
    document.addEventListener('consentry:ready', () => (window.readyAt = performance.now()))`
  test.each([
    ['through the Cookie Store API, without blocking the page', ['/slow-page'], '', 0],
    ['from document.cookie for a fetched manifest', ['/fetched', '/async'], '', 1],
    ['without the Cookie Store API', ['/inline', '/slow-page'], 'delete window.cookieStore; delete CookieStore.prototype.getAll', 1],
    ['with a Cookie Store API that fails', ['/inline', '/slow-page'], "CookieStore.prototype.getAll = () => Promise.reject(new DOMException('no', 'SecurityError'))", 1],
    ['with a Cookie Store API slower than the manifest', ['/inline', '/slow-page'], 'const getAll = CookieStore.prototype.getAll; CookieStore.prototype.getAll = function () { return new Promise((done) => setTimeout(done, 1500)).then(() => getAll.call(this)) }', 1],
  ])('a returning visitor’s decision is read %s', async (_, paths, init, reads) => {
    for (const path of paths) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(site.url + path)
      await ready(page)
      await page.evaluate(() => (window as any).consent.acceptAll())
      await context.addInitScript(`${COUNT_READS}\n${init}`)
      const requests: string[] = []
      page.on('request', (request) => requests.push(new URL(request.url()).pathname))
      await page.reload()
      await ready(page)
      await page.waitForFunction(() => (window as any).ran?.length === 3)
      expect(await page.evaluate(() => [(window as any).consent.hasDecided(), (window as any).consent.isGranted('analytics')])).toEqual([true, true])
      expect(await page.evaluate(() => (window as any).reads), `document.cookie read before consentry:ready on ${path}`).toBe(reads)
      expect(requests, path).not.toContain('/dist/consentry-ui.js')
      await context.close()
    }
  })

  test('a fetched manifest is asked for before the page’s cookies are read, first visit and returning alike', async () => {
    const context = await browser.newContext()
    await context.addInitScript(`window.order = []
      const fetch = window.fetch
      window.fetch = function (...args) { window.order.push('fetch ' + new URL(args[0], location.href).pathname); return fetch.apply(this, args) }
      const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true, set: cookie.set,
        get() { window.order.push('cookie'); return cookie.get.call(this) } })`)
    const page = await context.newPage()
    for (const visit of ['first', 'returning']) {
      await (visit === 'first' ? page.goto(site.url + '/fetched') : page.reload())
      await ready(page)
      expect((await page.evaluate(() => (window as any).order)).slice(0, 2), visit).toEqual(['fetch /consent.json', 'cookie'])
      if (visit === 'first') await page.evaluate(() => (window as any).consent.acceptAll())
    }
    await context.close()
  })

  test('a manifest preloaded beside the tag is asked for once, with the page, before the loader has arrived', async () => {
    /** Per page view: whether the manifest was asked for while the loader's answer was held, and how often. */
    const views = async (path: string) => {
      const context = await browser.newContext()
      const page = await context.newPage()
      const seen: [boolean, number][] = []
      for (const visit of ['first', 'returning']) {
        held.log = []
        held.on = true
        await (visit === 'first' ? page.goto(site.url + path) : page.reload())
        await ready(page)
        held.on = false
        const { log } = held
        seen.push([
          log.indexOf('asked /consent.json') < log.indexOf('answered /dist/consentry.js'),
          log.filter((line) => line === 'asked /consent.json').length,
        ])
        if (visit === 'first') await page.evaluate(() => (window as any).consent.acceptAll())
        else await page.waitForFunction(() => (window as any).ran?.length === 3)
      }
      await context.close()
      return seen
    }
    // The loader's fetch() takes the preloaded answer instead of asking again.
    expect(await views('/preloaded')).toEqual([[true, 1], [true, 1]])
    // Without the preload, the manifest is asked for only once the loader has arrived and run.
    expect(await views('/fetched')).toEqual([[false, 1], [false, 1]])
  })

  test('granted external scripts are fetched together and still run in document order, an inline one after them', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(site.url + '/ordered')
    await ready(page)
    const requested: string[] = []
    page.on('request', (request) => request.url().includes('/ext.js') && requested.push(new URL(request.url()).searchParams.get('name')!))
    page.on('requestfinished', (request) => request.url().includes('/ext.js') && requested.push(`${new URL(request.url()).searchParams.get('name')} done`))
    await page.evaluate(() => (window as any).consent.acceptAll())
    await page.waitForFunction(() => (window as any).ran?.length === 3)
    expect(await ran(page)).toEqual(['slow', 'fast', 'inline'])
    // The fast one was asked for before the slow one had arrived: not one after the other.
    expect(requested.indexOf('fast')).toBeLessThan(requested.indexOf('slow done'))
    await context.close()
  })

  describe('the validator', () => {
    const paths = (requests: string[]) => requests.filter((path) => path.startsWith('/dist/'))

    test('is fetched for a manifest no stored decision was taken with, and only then', async () => {
      changing = JSON.stringify(MANIFEST)
      const context = await browser.newContext()
      const page = await context.newPage()
      const requests: string[] = []
      page.on('request', (request) => requests.push(new URL(request.url()).pathname))
      const visit = async () => {
        requests.length = 0
        await page.goto(site.url + '/changing')
        await ready(page)
        await page.waitForLoadState('networkidle')
        return paths(requests)
      }
      // A first visit: the UI at once, the validator once the manifest is read (it is not stamped).
      expect(await visit()).toEqual(expect.arrayContaining(['/dist/consentry.js', '/dist/consentry-ui.js', '/dist/consentry-check.js']))
      await page.evaluate(() => (window as any).consent.set({ analytics: true }))
      // Once decided, every page view also gets the floating button after the page's load.
      expect(await visit()).toEqual(['/dist/consentry.js', '/dist/consentry-button.js'])
      changing = JSON.stringify(MANIFEST, null, 2) // same manifest, other text: checked once more
      expect(await visit()).toEqual(['/dist/consentry.js', '/dist/consentry-check.js', '/dist/consentry-button.js'])
      expect(await page.evaluate(() => (window as any).consent.isGranted('analytics'))).toBe(true)
      expect(await visit()).toEqual(['/dist/consentry.js', '/dist/consentry-button.js'])
      await context.close()
    })

    test('fails closed when a returning visitor meets a broken manifest of the same version', async () => {
      changing = JSON.stringify(MANIFEST)
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(site.url + '/changing')
      await ready(page)
      await page.evaluate(() => (window as any).consent.acceptAll())
      changing = JSON.stringify({ ...MANIFEST, purposes: [...MANIFEST.purposes, { id: 'Bad' }] })
      const errors: string[] = []
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
      await page.reload()
      await page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'error')
      await page.waitForLoadState('networkidle')
      expect(await ran(page)).toBeUndefined()
      expect(errors.join('\n')).toContain('purposes[3].id: expected an id of lowercase letters')
      await context.close()
    })
  })
})

// The locale is negotiated by the loader module both builds share (src/browser/autoblock.ts imports
// src/browser/loader.ts whole), from files it fetches, which no observer sees: on consentry.js only.
test('records the locale: data-locale, then <html lang>, then the browser’s languages, then the manifest default', async () => {
  const localeOf = async (browserLocale: string, path: string) => {
    const context = await browser.newContext({ locale: browserLocale })
    const page = await context.newPage()
    await page.goto(site.url + path)
    await ready(page)
    await page.evaluate(() => (window as any).consent.rejectAll())
    const locale = await page.evaluate(() => (window as any).consent.record().locale)
    await context.close()
    return locale
  }
  expect(await localeOf('it-IT', '/deferred')).toBe('ro') // data-locale
  expect(await localeOf('it-IT', '/fetched')).toBe('fr') // <html lang>, offered by the manifest's texts
  // No <html lang>: the browser's language, a region falling back to the shipped language.
  expect(await localeOf('it-IT', '/async')).toBe('it')
  expect(await localeOf('pt-BR', '/async')).toBe('pt')
  expect(await localeOf('de-AT', '/async')).toBe('de')
  expect(await localeOf('ga-IE', '/async')).toBe('ga')
  expect(await localeOf('ja-JP', '/async')).toBe('en') // not shipped: the manifest's default
})

test.each([
  ['ar-EG', 'ar', 'rtl', 'خياراتك بشأن الخصوصية', ['قبول الكل', 'رفض الكل', 'تخصيص'], 'إعدادات ملفات تعريف الارتباط'],
  ['de-AT', 'de', 'ltr', 'Ihre Datenschutz-Einstellungen', ['Alle akzeptieren', 'Alle ablehnen', 'Anpassen'], 'Cookie-Einstellungen'],
])(
  'a %s browser gets the banner from locales/%s.json, dir="%s", and a floating button in that language',
  async (browserLocale, locale, dir, title, buttons, floating) => {
    const context = await browser.newContext({ locale: browserLocale })
    const page = await context.newPage()
    const fetched = page.waitForRequest((request) => request.url().endsWith(`/dist/locales/${locale}.json`))
    await page.goto(site.url + '/async')
    await fetched
    const banner = page.getByRole('region', { name: title })
    await banner.waitFor()
    expect(await banner.getByRole('button').allTextContents()).toEqual(buttons)
    const root = page.locator('consentry-ui').evaluate((host) => {
      const element = host.shadowRoot!.firstElementChild!
      return [element.getAttribute('lang'), element.getAttribute('dir')]
    })
    expect(await root).toEqual([locale, dir])
    await banner.getByRole('button', { name: buttons[1] }).click()
    await expect.poll(() => page.locator('consentry-reopen button').getAttribute('aria-label')).toBe(floating)
    await context.close()
  },
)

test('the preferences dialog brings its strings: the banner’s file has none of them, the dialog’s comes with its chunk', async () => {
  const de = JSON.parse(readFileSync('locales/de.json', 'utf8')) as Record<string, string>
  const context = await browser.newContext({ locale: 'de-DE' })
  const page = await context.newPage()
  const locales: string[] = []
  page.on('request', (request) => request.url().includes('/dist/locales/') && locales.push(new URL(request.url()).pathname))
  await page.goto(site.url + '/async')
  const banner = page.getByRole('region', { name: de['banner.title'] })
  await banner.waitFor()
  expect(locales).toEqual(['/dist/locales/de.json'])
  const bannerFile = JSON.parse(readFileSync('dist/locales/de.json', 'utf8')) as Record<string, string>
  expect(Object.keys(bannerFile).filter((key) => key.startsWith('preferences.') && key !== 'preferences.close')).toEqual([])
  await banner.getByRole('button', { name: de['banner.customize'] }).click()
  const dialog = page.getByRole('dialog', { name: de['preferences.title'] })
  await dialog.waitFor()
  expect(await dialog.getByRole('button', { name: de['preferences.save'] }).count()).toBe(1)
  expect(locales).toEqual(['/dist/locales/de.json', '/dist/locales/dialog/de.json'])
  await context.close()
})

test('a regional locale only the manifest’s texts offer gets the strings of its language as well', async () => {
  const context = await browser.newContext({ locale: 'pt-BR' })
  const page = await context.newPage()
  const fetched = page.waitForRequest((request) => request.url().endsWith('/dist/locales/pt.json'))
  await page.goto(site.url + '/brazil')
  await fetched
  const banner = page.getByRole('region', { name: 'Suas escolhas de privacidade' })
  await banner.waitFor()
  expect(await banner.getByRole('button').allTextContents()).toEqual(['Aceitar tudo', 'Rejeitar tudo', 'Personalizar'])
  await context.close()
})
