import { beforeEach, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { banner, own, ready, settled, watch } from './watch'
import { BUILDS, browser, onBuild, site, useSite, type Build } from './harness'

const NONCE = 'r4nd0m-n0nce'
const STRICT = `script-src 'nonce-${NONCE}' 'strict-dynamic'; style-src 'nonce-${NONCE}'; object-src 'none'; base-uri 'none'`
const TRUSTED_TYPES = `${STRICT}; require-trusted-types-for 'script'`

/** Content-Security-Policy headers consentry must work under with zero violations. */
const MODES: Record<string, string> = {
  'nonce and strict-dynamic': STRICT,
  'Trusted Types required, any policy': TRUSTED_TYPES,
  'Trusted Types required, policies listed': `${TRUSTED_TYPES}; trusted-types consentry`,
  'everything else denied': `default-src 'none'; connect-src 'self'; img-src 'self'; frame-src 'self'; ${TRUSTED_TYPES}; trusted-types consentry`,
}

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
  vendors: [
    { id: 'stats', name: 'Stats Inc', purposes: ['analytics'], cookies: [{ name: 'st', days: 30 }] },
    // A preset: its vendor script is created by consentry, not written in the page.
    { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-CSP1' } },
  ],
}

/** Violations are collected by the page's first script, before anything else can cause one. */
const head = (loader: string) => `<!doctype html><html lang="en"><head>
<script nonce="${NONCE}">window.violations = []
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample))</script>
${loader}</head>`

/** The site's gated scripts carry the page's nonce, as they must under it. */
const BODY = `<body>
<script type="text/plain" data-consent="analytics" src="/ext.js" nonce="${NONCE}"></script>
<script type="text/plain" data-consent="analytics" nonce="${NONCE}">window.ran = (window.ran || []).concat('inline')</script>
<template data-consent="analytics"><p id="from-template">Chart</p><script nonce="${NONCE}">window.ran = (window.ran || []).concat('template')</script></template>
<iframe data-consent="stats" data-src="/frame.html" title="Stats"></iframe>
<img data-consent="stats" data-src="/pixel.gif" alt="">
<a href="#cookies" data-consent-open>Cookie settings</a>
</body></html>`

const fetched = `<script src="/dist/consentry.js" nonce="${NONCE}" data-manifest="/consent.json"></script>`
const inline = `<script src="/dist/consentry.js" nonce="${NONCE}"></script>
<script type="application/json" id="consentry-manifest" nonce="${NONCE}">${JSON.stringify(MANIFEST)}</script>`
/**
 * Markup an attacker wrote above the site's own inline manifest: a manifest of its own that puts
 * Google Analytics under the required purpose, and an inert copy of Google's tag.
 */
const FORGED = `<div class="comment">
<script type="application/json" id="consentry-manifest">${JSON.stringify({
  ...MANIFEST,
  controller: 'Forged',
  vendors: [{ id: 'ga4', preset: 'ga4', purposes: ['necessary'], options: { measurementId: 'G-CSP1' } }],
})}</script>
<script type="text/plain" src="https://www.googletagmanager.com/gtag/js?id=G-CSP1"></script>
</div>`
/**
 * A page that lets an attacker write HTML (a comment, a CMS block): the site's gated scripts carry
 * the page's nonce; the injected ones cannot know it. Each pushes its name to `window.site` or
 * `window.injected`. The site's own script adds one of each later from inert templates, as a page
 * rendering content would (and as it can under Trusted Types, where `innerHTML` is refused).
 */
const ATTACKED = `<body>
<script type="text/plain" data-consent="necessary" nonce="${NONCE}">window.site = (window.site || []).concat('required')</script>
<script type="text/plain" data-consent="analytics" nonce="${NONCE}">window.site = (window.site || []).concat('optional')</script>
<script type="text/plain" data-consent="analytics" nonce="${NONCE}" src="/site.js"></script>
<template data-consent="analytics"><p id="site-template">Chart</p><script nonce="${NONCE}">window.site = (window.site || []).concat('template')</script></template>
<div class="comment">
<script type="text/plain" data-consent="necessary">window.injected = (window.injected || []).concat('required')</script>
<script type="text/plain" data-consent="analytics">window.injected = (window.injected || []).concat('optional')</script>
<script type="text/plain" data-consent="stats" data-src="/evil.js"></script>
<template data-consent="analytics"><p id="injected-template">Hi</p><script>window.injected = (window.injected || []).concat('template')</script></template>
<iframe data-consent="necessary" data-src="javascript:parent.injected = ['iframe']" title="Injected"></iframe>
</div>
<template id="later-comment"><script type="text/plain" data-consent="analytics">window.injected = (window.injected || []).concat('later')</script></template>
<template id="later-site"><script type="text/plain" data-consent="analytics" nonce="${NONCE}">window.site = (window.site || []).concat('later')</script></template>
<template id="after-decision"><script type="text/plain" data-consent="necessary">window.injected = ['after']</script></template>
<script nonce="${NONCE}">window.render = (id) => document.body.append(document.getElementById(id).content.cloneNode(true))
addEventListener('load', () => ['later-comment', 'later-site'].forEach(render))</script>
</body></html>`

const PAGES: Record<string, string> = {
  '/fetched': head(fetched) + BODY,
  '/inline': head(inline) + BODY,
  '/twice': head(fetched + fetched) + BODY,
  '/attacked': head(fetched) + ATTACKED,
  '/attacked-no-nonce': head(fetched.replace(` nonce="${NONCE}"`, '')) + ATTACKED,
  '/forged': head(`<script src="/dist/consentry.js" nonce="${NONCE}"></script>`) + `<body>${FORGED}${inline.split('\n')[1]}</body></html>`,
  '/forged-only': head(`<script src="/dist/consentry.js" nonce="${NONCE}"></script>`) + `<body>${FORGED}</body></html>`,
}
/** Paths the browser asked the test server for. */
const asked: string[] = []

/** The CSP of a page comes from its `?csp=` mode. */
useSite((request, response) => {
  const url = new URL(request.url!, 'http://x')
  asked.push(url.pathname)
  const send = (type: string, body: string | Buffer, headers = {}) => {
    response.writeHead(200, { 'content-type': type, ...headers }).end(body)
    return true
  }
  if (url.pathname === '/favicon.ico') return send('image/gif', '')
  if (url.pathname === '/consent.json') return send('application/json', JSON.stringify(MANIFEST))
  if (url.pathname === '/site.js') return send('text/javascript', `window.site = (window.site || []).concat('src')`)
  if (url.pathname === '/evil.js') return send('text/javascript', `window.injected = (window.injected || []).concat('src')`)
  if (url.pathname === '/ext.js') return send('text/javascript', `window.ran = (window.ran || []).concat('external')`)
  if (url.pathname === '/frame.html') return send('text/html', '<!doctype html><title>frame</title>')
  if (url.pathname === '/pixel.gif') return send('image/gif', Buffer.from('R0lGODlhAQABAAAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'))
  const page = PAGES[url.pathname]
  if (!page) return false
  return send('text/html', page, { 'content-security-policy': url.searchParams.get('csp') ?? '' })
})

/** A context in which Google's tag is a stand-in that says it ran. */
const newContext = async () => {
  const context = await browser.newContext()
  await context.route('https://www.googletagmanager.com/**', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: `window.ran = (window.ran || []).concat('ga4')` }),
  )
  return context
}

const violations = (page: Page) => page.evaluate(() => (window as any).violations as string[])
const ran = (page: Page) => page.evaluate(() => ((window as any).ran ?? []).slice().sort())
/** A computed style of the first element matching `selector` in a shadow root of `host`. */
const styleOf = (page: Page, host: string, selector: string, property: string) =>
  page.evaluate(
    ([host, selector, property]) => {
      const element = document.querySelector(host!)!.shadowRoot!.querySelector(selector!)!
      return getComputedStyle(element).getPropertyValue(property!)
    },
    [host, selector, property],
  )

/**
 * Every mode once, on the manifest fetched (connect-src) or inline, each way under a mode with
 * Trusted Types and one without; and the auto-blocking build under the least and the most strict.
 * Modes differ only in what they deny, and consentry cannot see which applies, so a flow that
 * breaks under one breaks under every stricter one.
 */
const FLOWS: [mode: string, path: string, build: Build][] = [
  ['nonce and strict-dynamic', '/inline', 'consentry.js'],
  ['Trusted Types required, any policy', '/fetched', 'consentry.js'],
  ['Trusted Types required, policies listed', '/inline', 'consentry.js'],
  ['everything else denied', '/fetched', 'consentry.js'],
  ['nonce and strict-dynamic', '/fetched', 'consentry-autoblock.js'],
  ['everything else denied', '/inline', 'consentry-autoblock.js'],
]

describe.each(FLOWS)('under a CSP with %s', (mode, path, build) => {
  const csp = MODES[mode]!
  test(`${path} on ${build}: the banner, its styles, gating, a preset and the dialog work with zero violations`, async () => {
    onBuild(build)
    const context = await newContext()
    const page = await context.newPage()
    const said = watch(page)
    await page.goto(`${site.url}${path}?csp=${encodeURIComponent(csp)}`)
    await ready(page)
    const accept = banner(page).getByRole('button', { name: 'Accept all' })
    await accept.waitFor()
    // The UI's stylesheet applies: a fixed banner, buttons of at least 44 px (found by role: the
    // script-tag build shortens class names, scripts/short-names.mjs).
    expect(await styleOf(page, 'consentry-ui', '[role="region"]', 'position')).toBe('fixed')
    expect(await styleOf(page, 'consentry-ui', '[role="region"] button', 'min-height')).toBe('44px')
    await accept.click()
    await page.waitForFunction(() => (window as any).ran?.length === 4)
    expect(await ran(page)).toEqual(['external', 'ga4', 'inline', 'template'])
    expect(await page.locator('#from-template').textContent()).toBe('Chart')
    expect(await page.locator('iframe[title="Stats"]').getAttribute('src')).toBe('/frame.html')
    // The floating button (the loader's own styles) and the dialog (the UI's).
    await page.locator('consentry-reopen button').waitFor()
    expect(await styleOf(page, 'consentry-reopen', 'button', 'position')).toBe('fixed')
    await page.click('a[data-consent-open]')
    await page.getByRole('dialog').waitFor()
    expect(await styleOf(page, 'consentry-ui', ':has(> [role="dialog"])', 'position')).toBe('fixed')
    expect(await violations(page)).toEqual([])
    // A returning visitor: the loader alone, no validator and no UI chunk.
    await page.reload()
    await ready(page)
    await page.waitForFunction(() => (window as any).ran?.length === 4)
    expect(await ran(page)).toEqual(['external', 'ga4', 'inline', 'template'])
    await page.waitForLoadState('networkidle')
    expect(await violations(page)).toEqual([])
    expect(said.errors).toEqual([])
    expect(said.uncaught).toEqual([])
    await context.close()
  })
})

describe.each(BUILDS)('on %s', (build) => {
  beforeEach(() => onBuild(build))

  test('the script tag twice under listed Trusted Types policies: one instance, one policy, no violation', async () => {
    const context = await newContext()
    const page = await context.newPage()
    const said = watch(page)
    await page.goto(`${site.url}/twice?csp=${encodeURIComponent(MODES['Trusted Types required, policies listed']!)}`)
    await ready(page)
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await page.waitForFunction(() => (window as any).ran?.length === 4)
    await page.waitForLoadState('networkidle')
    expect(await violations(page)).toEqual([])
    expect(own(said.warnings)).toEqual(['[consentry] the script is included twice; the first instance stays in charge'])
    expect(said.errors).toEqual([])
    await context.close()
  })

  test('a trusted-types directive without consentry fails closed and says which directive to change', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const said = watch(page)
    await page.goto(`${site.url}/fetched?csp=${encodeURIComponent(`${TRUSTED_TYPES}; trusted-types site-policy`)}`)
    await settled(page)
    await page.waitForLoadState('networkidle')
    expect(await page.evaluate(() => (window as any).consent.$state.get().status)).toBe('error')
    expect(own(said.errors)[0]).toContain('add "consentry" to the trusted-types directive')
    expect(await ran(page)).toEqual([])
    expect(said.uncaught).toEqual([])
    await context.close()
  })

  const scriptViolations = async (page: Page) =>
    (await violations(page)).filter((line) => !line.startsWith('require-trusted-types-for trusted-types-sink HTMLScriptElement text|'))
  const refusals = (lines: string[]) => own(lines).filter((line) => / inert: /.test(line))
  const injected = (page: Page) => page.evaluate(() => (window as any).injected)
  const site_ = (page: Page) => page.evaluate(() => ((window as any).site ?? []).slice().sort())

  // On the auto-blocking build under a nonce alone, autoblock.test.ts refuses injected markup.
  describe.each(
    [
      ['nonce and strict-dynamic', STRICT],
      ['Trusted Types required, policies listed', MODES['Trusted Types required, policies listed']!],
    ].filter(([mode]) => build === 'consentry.js' || mode !== 'nonce and strict-dynamic'),
  )('injected gated markup under a CSP with %s', (_, csp) => {
    test('never runs, before or after Accept all, on a first and a returning visit; each refusal is reported once', async () => {
      const context = await newContext()
      const page = await context.newPage()
      const said = watch(page)
      asked.length = 0
      await page.goto(`${site.url}/attacked?csp=${encodeURIComponent(csp)}`)
      await ready(page)
      await banner(page).getByRole('button', { name: 'Accept all' }).waitFor()
      await page.waitForLoadState('networkidle')
      // Before any decision: the site's required script ran; the injected required one did not.
      expect(await site_(page)).toEqual(['required'])
      expect(await injected(page)).toBeUndefined()
      expect(refusals(said.errors)).toEqual([
        `[consentry] unsafe URL, inert: data-src javascript:parent.injected = ['iframe']`,
        `[consentry] no nonce, inert: window.injected = (window.injected || []).concat('required')`,
      ])
      await banner(page).getByRole('button', { name: 'Accept all' }).click()
      await page.waitForFunction(() => (window as any).site?.length === 5)
      // Markup the page renders after the decision, with a required purpose: refused at once.
      await page.evaluate(() => (window as any).render('after-decision'))
      await page.waitForLoadState('networkidle')
      expect(await site_(page)).toEqual(['later', 'optional', 'required', 'src', 'template'])
      expect(await page.locator('#injected-template').textContent()).toBe('Hi')
      expect(await injected(page)).toBeUndefined()
      expect(asked).not.toContain('/evil.js')
      const first = refusals(said.errors)
      expect(first).toHaveLength(7)
      expect(first.slice(2).sort()).toEqual([
        `[consentry] no nonce, inert: window.injected = (window.injected || []).concat('optional')`,
        '[consentry] no nonce, inert: /evil.js',
        `[consentry] no nonce, inert: window.injected = (window.injected || []).concat('template')`,
        `[consentry] no nonce, inert: window.injected = (window.injected || []).concat('later')`,
        `[consentry] no nonce, inert: window.injected = ['after']`,
      ].sort())
      // Nothing was even attempted: the browser saw no script without the nonce. (Under Trusted
      // Types the page's own rendering of template clones is reported: a cloned script's text did
      // not come through a policy. That is the page's doing, and it happens with or without consentry.)
      expect(await scriptViolations(page)).toEqual([])
      // Revoking and granting again refuses nothing twice.
      await page.evaluate(() => {
        ;(window as any).consent.rejectAll()
        ;(window as any).consent.acceptAll()
      })
      await page.waitForLoadState('networkidle')
      expect(refusals(said.errors)).toHaveLength(7)

      // A returning visitor: everything is activated at once, and refused the same way.
      said.errors.length = 0
      await page.reload()
      await ready(page)
      await page.waitForFunction(() => (window as any).site?.length === 5)
      await page.waitForLoadState('networkidle')
      expect(await injected(page)).toBeUndefined()
      expect(refusals(said.errors)).toHaveLength(6)
      expect(asked).not.toContain('/evil.js')
      expect(await scriptViolations(page)).toEqual([])
      expect(said.uncaught).toEqual([])
      await context.close()
    })
  })

  test('without a nonce on consentry\'s tag, gated scripts run as written, as before; only the javascript: URL is refused', async () => {
    const context = await newContext()
    const page = await context.newPage()
    const said = watch(page)
    await page.goto(`${site.url}/attacked-no-nonce`)
    await ready(page)
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await page.waitForFunction(() => (window as any).site?.length === 5 && (window as any).injected?.length === 5)
    expect(await site_(page)).toEqual(['later', 'optional', 'required', 'src', 'template'])
    expect(await page.evaluate(() => (window as any).injected.slice().sort())).toEqual(['later', 'optional', 'required', 'src', 'template'])
    expect(refusals(said.errors)).toEqual([`[consentry] unsafe URL, inert: data-src javascript:parent.injected = ['iframe']`])
    expect(await page.locator('iframe[title="Injected"]').getAttribute('src')).toBeNull()
    expect(said.uncaught).toEqual([])
    await context.close()
  })

  describe('an inline manifest under a nonce', () => {
    test('is the one with consentry\'s nonce: a forged one above it is ignored, and inert copies of a vendor tag do not stop its preset', async () => {
      const context = await newContext()
      const page = await context.newPage()
      const said = watch(page)
      await page.goto(`${site.url}/forged?csp=${encodeURIComponent(STRICT)}`)
      await ready(page)
      const accept = banner(page).getByRole('button', { name: 'Accept all' })
      await accept.waitFor()
      await page.waitForLoadState('networkidle')
      // The forged manifest would have run Google's tag at once, under its required purpose.
      expect(await ran(page)).toEqual([])
      await accept.click()
      await expect.poll(() => ran(page)).toEqual(['ga4'])
      expect(said.uncaught).toEqual([])
      await context.close()
    })

    test('without consentry\'s nonce is not read: nothing is granted and the reason is reported', async () => {
      const context = await newContext()
      const page = await context.newPage()
      const said = watch(page)
      await page.goto(`${site.url}/forged-only?csp=${encodeURIComponent(STRICT)}`)
      await page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'error')
      expect(own(said.errors).join('\n')).toContain('no data-manifest attribute and no <script type="application/json" id="consentry-manifest" nonce>')
      expect(await page.evaluate(() => (window as any).consent.isGranted('necessary'))).toBe(false)
      await page.waitForLoadState('networkidle')
      expect(await ran(page)).toEqual([])
      expect(said.uncaught).toEqual([])
      await context.close()
    })
  })
})
