import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { ready, record, visitor } from './examples-site'
import { browser, site, useSite } from './harness'

/**
 * The cookie declaration (docs/reference.md, Cookie declaration) on the examples' policy pages,
 * with the built dist/consentry.js: filled in the page's language from the manifest and its
 * presets, the same as `consentry declaration` writes, following the visitor's choice, with no
 * accessibility violation; and fetched only by pages that have one.
 */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const SELECTOR = '[data-consent-declaration]'
/** Screenshots go to test/screenshots/ (not committed); `DECLARATION_SCREENSHOTS=docs` refreshes the README's. */
const SHOTS = process.env.DECLARATION_SCREENSHOTS === 'docs' ? 'docs/screenshots' : 'test/screenshots'

useSite()
beforeAll(() => void mkdirSync(SHOTS, { recursive: true }))

/** Waits until the declaration is filled (its last section, the visitor's choice, is there). */
const filled = (page: Page) => page.locator(`${SELECTOR} [data-consent-choice]`).waitFor()

/** `consentry declaration` on an example's manifest. */
const cli = (manifest: string, locale: string) =>
  execFileSync('node', ['dist/cli/consentry.js', 'declaration', `examples/${manifest}`, '--locale', locale], { encoding: 'utf8' })

/** The in-page declaration without the visitor's choice, and the static one, both serialized by the browser. */
const inPageAndStatic = (page: Page, html: string) =>
  page.evaluate(
    ([selector, html]) => {
      const copy = document.querySelector(selector!)!.cloneNode(true) as Element
      copy.querySelector('[data-consent-choice]')!.remove()
      const template = document.createElement('template')
      template.innerHTML = html!
      const written = template.content.firstElementChild!
      return {
        inPage: copy.innerHTML,
        written: written.innerHTML,
        attributes: [copy.getAttribute('lang'), copy.getAttribute('dir'), written.getAttribute('lang'), written.getAttribute('dir')],
      }
    },
    [SELECTOR, html],
  )

/** The declaration's outline: each purpose's heading, then its vendors' headings and table captions. */
const outline = (page: Page) =>
  page.locator(SELECTOR).evaluate((root) =>
    Array.from(root.querySelectorAll('h3, h4, caption')).map((element) => `${element.localName}: ${element.textContent}`),
  )

/** A row of one vendor's table, by the name in its first cell. */
const rowOf = (page: Page, caption: string, name: string) =>
  page.locator(SELECTOR).evaluate(
    (root, [caption, name]) => {
      const table = Array.from(root.querySelectorAll('table')).find((t) => t.caption?.textContent === caption)
      const row = Array.from(table?.tBodies[0]?.rows ?? []).find((r) => r.cells[0]?.textContent === name)
      return row ? Array.from(row.cells).map((cell) => cell.textContent) : null
    },
    [caption, name],
  )

const PAGES = [
  { path: '/24seven/privacy.html', manifest: '24seven/consent.json', locale: 'en' },
  { path: '/b2b/privacy.html', manifest: 'b2b/consent.json', locale: 'en' },
  { path: '/chat-center/privacy.html', manifest: 'chat-center/consent.json', locale: 'en' },
  { path: '/chat-center/ro/confidentialitate.html', manifest: 'chat-center/consent.json', locale: 'ro' },
  { path: '/registratura/confidentialitate.html', manifest: 'registratura/consent.json', locale: 'ro' },
]

describe.each(PAGES)('$path', ({ path, manifest, locale }) => {
  test(`is filled in ${locale} from the manifest and its presets, as \`consentry declaration --locale ${locale}\` writes it`, async () => {
    const { page, errors, close } = await visitor(browser, site)
    await page.goto(site.url + path)
    await ready(page)
    await filled(page)
    const json = JSON.parse(readFileSync(`examples/${manifest}`, 'utf8'))
    const title = (text: string | Record<string, string>) => (typeof text === 'string' ? text : text[locale] ?? text.en)
    const headings = (await outline(page)).filter((line) => line.startsWith('h3:'))
    expect(headings).toEqual([
      ...json.purposes.map((purpose: any) => `h3: ${title(purpose.title)}`),
      `h3: ${locale === 'ro' ? 'Alegerea dumneavoastră' : 'Your choice'}`,
    ])
    const { inPage, written, attributes } = await inPageAndStatic(page, cli(manifest, locale))
    expect(inPage).toBe(written)
    expect(attributes).toEqual([locale, 'ltr', locale, 'ltr'])
    expect(errors).toEqual([])
    await close()
  })
})

test('24SEVEN: every vendor with its cookies and storage, lifetimes as people write them, and where the choice is kept', async () => {
  const { page, close } = await visitor(browser, site)
  await page.goto(site.url + '/24seven/privacy.html')
  await filled(page)
  expect(await outline(page)).toEqual([
    'h3: Deliver, fix and enhance',
    'h4: 24SEVEN online shop',
    'caption: What 24SEVEN online shop stores in your browser',
    'h3: Security and regulatory',
    'h3: Customer journey',
    'h4: Hotjar',
    'caption: What Hotjar stores in your browser',
    'h3: Analytics',
    'h4: Google Analytics',
    'caption: What Google Analytics stores in your browser',
    'h3: Communications and surveys',
    'h4: 24SEVEN customer surveys',
    'caption: What 24SEVEN customer surveys stores in your browser',
    'h3: Marketing',
    'h4: Meta Pixel',
    'caption: What Meta Pixel stores in your browser',
    'h3: Your choice',
    'caption: Where your choice is kept',
  ])
  expect(await rowOf(page, 'What Google Analytics stores in your browser', '_ga_*')).toEqual(['_ga_*', 'cookie', '13 months', 'first party'])
  expect(await rowOf(page, 'What Hotjar stores in your browser', '_hjSession_*')).toEqual(['_hjSession_*', 'cookie', '30 minutes', 'first party'])
  expect(await rowOf(page, 'What Hotjar stores in your browser', 'hjViewportId')).toEqual(['hjViewportId', 'browser storage', 'until deleted', 'first party'])
  expect(await rowOf(page, 'What 24SEVEN online shop stores in your browser', 's7_session')).toEqual([
    's7_session', 'cookie', 'session', 'first party', 'Your sign-in and basket for this visit.',
  ])
  expect(await rowOf(page, 'Where your choice is kept', 'consentry_24seven')).toEqual(['consentry_24seven', 'cookie', '6 months', 'first party'])
  const links = page.locator(SELECTOR).getByRole('link', { name: 'Google Analytics privacy policy' })
  expect(await links.getAttribute('href')).toBe('https://policies.google.com/privacy')
  // Google Analytics and Meta Pixel; Hotjar is in Malta.
  expect(await page.locator(SELECTOR).getByText('Country: United States').count()).toBe(2)
  expect(await page.locator(SELECTOR).getByText('Country: Malta').count()).toBe(1)
  await close()
})

test('the Romanian registry: third-party cookies with their domain, and the lifetimes in Romanian', async () => {
  const { page, close } = await visitor(browser, site)
  await page.goto(site.url + '/registratura/confidentialitate.html')
  await filled(page)
  const youtube = 'Ce stochează YouTube în browserul dumneavoastră'
  expect(await rowOf(page, youtube, 'YSC')).toEqual(['YSC', 'cookie', 'sesiune', 'terță parte (youtube.com)'])
  expect(await rowOf(page, youtube, 'VISITOR_INFO1_LIVE')).toEqual(['VISITOR_INFO1_LIVE', 'cookie', '6 luni', 'terță parte (youtube.com)'])
  expect(await rowOf(page, 'Ce stochează Google Analytics în browserul dumneavoastră', '_ga')).toEqual([
    '_ga', 'cookie', '13 luni', 'primă parte',
  ])
  expect(await rowOf(page, 'Unde se păstrează alegerea dumneavoastră', 'consentry_registratura')).toEqual([
    'consentry_registratura', 'cookie', '1 an', 'primă parte',
  ])
  await close()
})

test('follows the decision: none yet, accepted from the banner, then refused in the preferences its button opens', async () => {
  const { page, close } = await visitor(browser, site)
  await page.goto(site.url + '/24seven/privacy.html')
  await ready(page)
  await filled(page)
  const choice = page.locator(`${SELECTOR} [data-consent-choice]`)
  const items = () => choice.getByRole('listitem').allTextContents()
  expect(await choice.getByRole('paragraph').first().textContent()).toBe('You have not made a choice yet.')
  expect(await items()).toContain('Analytics: consent refused')

  await page.getByRole('region', { name: 'Your privacy choices' }).getByRole('button', { name: 'Accept all' }).click()
  const { id } = await record(page)
  await expect.poll(() => choice.getByRole('paragraph').first().textContent()).toMatch(new RegExp(`^Your consent ID is ${id}, saved on `))
  expect(await items()).toEqual([
    'Deliver, fix and enhance: Always on',
    'Security and regulatory: Always on',
    'Customer journey: consent given',
    'Analytics: consent given',
    'Communications and surveys: consent given',
    'Marketing: consent given',
  ])

  await choice.getByRole('button', { name: 'Change your choice' }).click()
  const dialog = page.getByRole('dialog', { name: 'Cookie settings' })
  await dialog.waitFor()
  await dialog.getByRole('button', { name: 'Reject all' }).click()
  await expect.poll(items).toContain('Analytics: consent refused')
  expect(await items()).toContain('Customer journey: consent refused')

  // A vendor switched off on its own, under a purpose still given, is named.
  await page.evaluate(() => (window as any).consent.set({ journey: true, hotjar: false }))
  await expect.poll(() => choice.getByText(/^Providers you switched off:/).textContent()).toBe('Providers you switched off: Hotjar')
  await close()
})

test('axe-core finds no violation in the declaration, in English and Romanian', async () => {
  for (const path of ['/24seven/privacy.html', '/registratura/confidentialitate.html']) {
    const { page, close } = await visitor(browser, site)
    await page.goto(site.url + path)
    await ready(page)
    await filled(page)
    await page.addScriptTag({ path: AXE })
    const found = await page.evaluate(async (selector) => {
      const { violations, passes } = await (window as any).axe.run(document.querySelector(selector))
      return { violations: violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`), passes: passes.map((p: any) => p.id) }
    }, SELECTOR)
    expect(found.violations).toEqual([])
    // It did look at the tables, the headings and the button.
    expect(found.passes).toEqual(expect.arrayContaining(['th-has-data-cells', 'button-name', 'empty-heading', 'color-contrast']))
    await close()
  }
})

/** The paths of the examples site a page asks for. */
const ownRequests = (page: Page): string[] => {
  const paths: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.origin === site.url) paths.push(url.pathname)
  })
  return paths
}

test('a returning visitor on a page without one downloads nothing more; one added later is fetched and filled', async () => {
  const { page, close } = await visitor(browser, site)
  await page.goto(site.url + '/registratura/')
  await ready(page)
  await page.getByRole('region').getByRole('button', { name: 'Acceptați toate' }).click()
  // Its receipt, and the chunk that sends it, are this page view's.
  await page.waitForLoadState('networkidle')
  const requests = ownRequests(page)
  await page.reload()
  await ready(page)
  await page.waitForLoadState('networkidle')
  // Besides the loader and the presets, only the floating button, after the page's load, with the
  // locale file its label comes from.
  expect(requests.filter((path) => /consentry|locales|presets/.test(path)).sort()).toEqual([
    '/consentry-button.js',
    '/consentry.js',
    '/locales/ro.json',
    '/presets/ga4.js',
    '/presets/meta-pixel.js',
    '/presets/youtube.js',
  ])

  // A single-page app's policy route: the element comes later, and so do its chunk and strings.
  await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('section'), { innerHTML: '<div data-consent-declaration></div>' })))
  await filled(page)
  expect(requests.filter((path) => path.includes('declaration'))).toEqual(['/consentry-declaration.js', '/locales/declaration/ro.json'])
  expect(await page.locator(SELECTOR).last().getAttribute('lang')).toBe('ro')
  await close()
})

test('under a strict Content-Security-Policy, in Romanian, with no violation', async () => {
  const { context, page, errors, close } = await visitor(browser, site)
  await context.addInitScript(() => {
    ;(window as any).violations = []
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as any).violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    )
  })
  const response = await page.goto(site.url + '/strict/chat-center/ro/confidentialitate.html')
  expect(response!.headers()['content-security-policy']).toContain("'strict-dynamic'")
  await ready(page)
  await filled(page)
  expect(await page.locator(SELECTOR).getByRole('heading', { level: 3 }).first().textContent()).toBe('Serviciile noastre și contractul dumneavoastră')
  expect(await page.evaluate(() => (window as any).violations)).toEqual([])
  expect(errors).toEqual([])
  await close()
})

test('screenshots: 24SEVEN at phone and desktop width, the Romanian registry', async () => {
  const shots = [
    { path: '/24seven/privacy.html', name: 'declaration-24seven-phone', viewport: { width: 390, height: 844 } },
    { path: '/24seven/privacy.html', name: 'declaration-24seven-desktop', viewport: { width: 1280, height: 800 } },
    { path: '/registratura/confidentialitate.html', name: 'declaration-registratura', viewport: { width: 1280, height: 800 } },
  ]
  for (const { path, name, viewport } of shots) {
    const { page, close } = await visitor(browser, site, { viewport, deviceScaleFactor: 1 })
    await page.goto(site.url + path)
    await ready(page)
    // A visitor who took a decision: no banner over the page.
    await page.evaluate(() => (window as any).consent.set({ analytics: true, improvement: true }))
    await filled(page)
    // Nothing of it is wider than the screen.
    const { right, top, bottom } = await page.locator(SELECTOR).evaluate((root) => {
      const heading = root.previousElementSibling!.previousElementSibling!
      const rights = Array.from(root.querySelectorAll('*')).map((element) => element.getBoundingClientRect().right)
      return { right: Math.max(...rights), top: heading.getBoundingClientRect().top + scrollY, bottom: root.getBoundingClientRect().bottom + scrollY }
    })
    expect(right).toBeLessThanOrEqual(viewport.width)
    // From the section's heading down, at most 3,200 pixels of it.
    const clip = { x: 0, y: top - 16, width: viewport.width, height: Math.min(bottom - top + 32, 3200) }
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, clip })
    await close()
  }
})
