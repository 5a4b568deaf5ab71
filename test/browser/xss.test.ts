import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { banner, own, ready, settled, watch } from './watch'
import { browser, site, useSite } from './harness'

/** Markup that runs a handler wherever it is parsed as HTML; each vector marks `window.__xss`. */
const attack = (where: string) =>
  `<img src=x onerror="(window.__xss=window.__xss||[]).push('${where}')"><script>(window.__xss=window.__xss||[]).push('${where}')</script>` +
  `<svg onload="(window.__xss=window.__xss||[]).push('${where}')"></svg>"'><iframe srcdoc="<script>parent.__xss=['${where}']</script>"></iframe>`

const base = () => ({
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
  vendors: [{ id: 'stats', name: 'Stats Inc', purposes: ['analytics'], privacyPolicy: 'https://stats.example/privacy' } as any],
}) as any

/** Manifests whose every string a visitor may read carries markup: it must be shown as text. */
const RENDERED: Record<string, () => { manifest: any; text: string; locale?: string }> = {
  controller: () => ({ manifest: { ...base(), controller: attack('controller') }, text: attack('controller') }),
  'a purpose title': () => {
    const manifest = base()
    manifest.purposes[1].title = attack('title')
    return { manifest, text: attack('title') }
  },
  'a localized purpose title': () => {
    const manifest = base()
    manifest.purposes[1].title = { en: attack('localized'), ro: 'Analiză' }
    return { manifest, text: attack('localized') }
  },
  'a purpose description': () => {
    const manifest = base()
    manifest.purposes[1].description = attack('description')
    return { manifest, text: attack('description') }
  },
  'a vendor name': () => {
    const manifest = base()
    manifest.vendors[0].name = attack('vendor')
    return { manifest, text: attack('vendor') }
  },
  'a vendor description': () => {
    const manifest = base()
    manifest.vendors[0].description = attack('vendor-description')
    return { manifest, text: attack('vendor-description') }
  },
  'texts overrides': () => ({
    manifest: { ...base(), texts: { en: { 'banner.title': attack('texts'), 'banner.acceptAll': attack('button') } } },
    text: attack('texts'),
  }),
  'a locale file': () => ({ manifest: { ...base(), texts: { ro: {} } }, text: attack('locale'), locale: 'ro' }),
}

/** Manifests carrying a URL or a name that could run code or split a cookie: validation refuses them. */
const REJECTED: Record<string, [(m: any) => void, string]> = {
  'a javascript: policyUrl': [(m) => (m.policyUrl = 'javascript:(window.__xss=[1])'), 'policyUrl: expected an http(s) or relative URL'],
  'a javascript: policyUrl behind a tab': [(m) => (m.policyUrl = '\tjava\tscript:(window.__xss=[1])'), 'policyUrl: expected an http(s) or relative URL'],
  'a data: policyUrl': [(m) => (m.policyUrl = 'data:text/html,<script>parent.__xss=[1]</script>'), 'policyUrl: expected an http(s) or relative URL'],
  'a javascript: privacyPolicy': [
    (m) => (m.vendors[0].privacyPolicy = 'JavaScript:(window.__xss=[1])'),
    'vendors[0].privacyPolicy: expected an http(s) or relative URL',
  ],
  'a data: privacyPolicy': [
    (m) => (m.vendors[0].privacyPolicy = 'data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9WzFdPC9zY3JpcHQ+'),
    'vendors[0].privacyPolicy: expected an http(s) or relative URL',
  ],
  'a javascript: receipt endpoint': [(m) => (m.log = { endpoint: 'javascript:(window.__xss=[1])' }), 'log.endpoint: expected an http(s) or relative URL'],
  'a cookie name with ";"': [(m) => (m.cookie = { name: 'consentry; domain=evil.example' }), 'cookie.name: expected letters, digits'],
  'a cookie name with "="': [(m) => (m.cookie = { name: 'consentry=1' }), 'cookie.name: expected letters, digits'],
  'a vendor cookie name with ";"': [
    (m) => (m.vendors[0].cookies = [{ name: 'st; path=/', days: 1 }]),
    'vendors[0].cookies[0].name: expected a cookie name',
  ],
  'a vendor cookie name with "="': [(m) => (m.vendors[0].cookies = [{ name: 'st=1', days: 1 }]), 'vendors[0].cookies[0].name: expected a cookie name'],
  'markup as a locale tag': [(m) => (m.texts = { '"><img src=x onerror=alert(1)>': {} }), 'texts["\\"><img src=x onerror=alert(1)>"]: key expected a language tag'],
  'markup as a text key': [(m) => (m.texts = { en: { '<img src=x onerror=alert(1)>': 'x' } }), 'key expected a text key'],
  'markup as the default locale': [(m) => (m.defaultLocale = 'en"><img src=x>'), 'defaultLocale: expected a language tag'],
  'CSS in a theme colour': [(m) => (m.ui = { theme: { accent: 'red;background:url(javascript:alert(1))' } }), 'ui.theme.accent: expected a hex colour'],
}

const manifests = new Map<string, unknown>()
const hostileLocale = JSON.stringify(
  Object.fromEntries(Object.keys(JSON.parse(readFileSync('locales/en.json', 'utf8'))).map((key) => [key, attack('locale') + ' {controller} {vendor}'])),
)

useSite((request, response) => {
  const url = new URL(request.url!, 'http://x')
  const send = (type: string, body: string) => (response.writeHead(200, { 'content-type': type }).end(body), true)
  if (url.pathname === '/favicon.ico') return send('image/gif', '')
  // Both halves of the locale (the banner's and the dialog's strings) carry every key: each half is read for its own.
  if (url.pathname === '/dist/locales/ro.json' || url.pathname === '/dist/locales/dialog/ro.json') return send('application/json', hostileLocale)
  if (url.pathname === '/consent.json') return send('application/json', JSON.stringify(manifests.get(url.searchParams.get('case')!)))
  if (url.pathname !== '/page') return false
  const name = url.searchParams.get('case')!
  const locale = url.searchParams.get('locale')
  return send(
    'text/html',
    `<!doctype html><html lang="en"><head>
    <script src="/dist/consentry.js" data-manifest="/consent.json?case=${encodeURIComponent(name)}" ${locale ? `data-locale="${locale}"` : ''}></script>
    </head><body>
    <script type="text/plain" data-consent="analytics">window.ran = true</script>
    <iframe data-consent="stats" data-consent-placeholder data-src="/frame.html" title="Stats"></iframe>
    </body></html>`,
  )
})

/** All text in consentry's shadow roots, and the elements there that markup would have made. */
const rendered = (page: Page) =>
  page.evaluate(() => {
    const roots = Array.from(document.querySelectorAll('*'), (element) => element.shadowRoot).filter(Boolean) as ShadowRoot[]
    return {
      text: roots.map((root) => root.textContent).join('\n'),
      injected: roots.flatMap((root) => Array.from(root.querySelectorAll('img, script, iframe, svg:not([aria-hidden]), [onerror], [onload]'))).length,
    }
  })

describe.each(Object.entries(RENDERED))('markup in %s', (name, make) => {
  test('is shown as text, in the banner, the dialog and the placeholder, and never runs', async () => {
    const { manifest, text, locale } = make()
    manifests.set(name, manifest)
    const page = await browser.newPage()
    const said = watch(page)
    await page.goto(`${site.url}/page?case=${encodeURIComponent(name)}${locale ? `&locale=${locale}` : ''}`)
    await ready(page)
    await page.getByRole('region').first().waitFor()
    await page.getByRole('group', { includeHidden: true }).first().waitFor({ state: 'attached' }) // the placeholder
    await page.evaluate(() => (window as any).consent.showPreferences())
    await page.getByRole('dialog').waitFor()
    for (const details of await page.locator('consentry-ui details').all()) await details.evaluate((d) => ((d as HTMLDetailsElement).open = true))
    await page.waitForLoadState('networkidle')
    const { text: shown, injected } = await rendered(page)
    expect(shown).toContain(text)
    expect(injected).toBe(0)
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined()
    expect(await page.evaluate(() => (window as any).ran)).toBeUndefined()
    expect(said.uncaught).toEqual([])
    await page.close()
  })
})

describe.each(Object.entries(REJECTED))('%s', (name, [change, message]) => {
  test('is rejected by validation with its path; nothing is shown or activated', async () => {
    const manifest = base()
    change(manifest)
    manifests.set(name, manifest)
    const page = await browser.newPage()
    const said = watch(page)
    await page.goto(`${site.url}/page?case=${encodeURIComponent(name)}`)
    await settled(page)
    await page.waitForLoadState('networkidle')
    expect(await page.evaluate(() => (window as any).consent.$state.get().status)).toBe('error')
    expect(own(said.errors)).toEqual([expect.stringContaining(message)])
    expect(await page.locator('consentry-ui').count()).toBe(0)
    expect(await page.evaluate(() => [(window as any).__xss, (window as any).ran])).toEqual([undefined, undefined])
    expect(said.uncaught).toEqual([])
    await page.close()
  })
})

test('markup in data-locale is no locale: the UI speaks English and nothing runs', async () => {
  manifests.set('locale-attribute', base())
  const page = await browser.newPage()
  const said = watch(page)
  await page.goto(`${site.url}/page?case=locale-attribute&locale=${encodeURIComponent('x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')}`)
  await ready(page)
  await banner(page).waitFor()
  expect(await page.evaluate(() => [(window as any).__xss, (window as any).consent.record()])).toEqual([undefined, null])
  expect(said.uncaught).toEqual([])
  await page.close()
})
