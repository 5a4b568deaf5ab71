import { describe, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { banner, own, ready, settled, watch } from './watch'
import { browser, site, useSite } from './harness'

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
    { id: 'marketing', title: 'Marketing', description: 'Ads.' },
  ],
  vendors: [{ id: 'stats', name: 'Stats Inc', purposes: ['analytics'] }],
}

/** 64-character vendor ids, the longest the manifest allows. */
const longId = (i: number) => `vendor-${i}-`.padEnd(64, 'x')
const vendors = (count: number, id = (i: number) => `v${i}`) => ({
  ...MANIFEST,
  vendors: Array.from({ length: count }, (_, i) => ({
    id: id(i),
    name: `Vendor ${i}`,
    purposes: [i % 2 ? 'analytics' : 'marketing'],
  })),
})

const GATED = `
<script type="text/plain" data-consent="necessary">window.ran = (window.ran || []).concat('necessary')</script>
<script type="text/plain" data-consent="analytics">window.ran = (window.ran || []).concat('analytics')</script>
<script type="text/plain" data-consent="marketing">window.ran = (window.ran || []).concat('marketing')</script>`

const loader = (file = 'consentry.js') => `<script src="/dist/${file}" data-manifest="/consent.json"></script>`

/**
 * A page script that replaces built-ins with versions that throw when consentry's bundle calls
 * them and behave normally otherwise (so the page, and the test driving it, keep working).
 */
const breaking = (names: string[]) => `<script>(() => {
  const owners = { JSON, 'Array.prototype': Array.prototype }
  for (const name of ${JSON.stringify(names)}) {
    const at = name.lastIndexOf('.'), owner = owners[name.slice(0, at)], key = name.slice(at + 1), original = owner[key]
    Object.defineProperty(owner, key, { configurable: true, writable: true, value: function (...args) {
      if (/\\/dist\\/consentry/.test(new Error().stack)) throw new TypeError(name + ' was replaced by the page')
      return original.apply(this, args)
    } })
  }
})()</script>`

/** A page script that wraps built-ins the way monitoring tools and old libraries do: same results. */
const wrapping = `<script>(() => {
  window.calls = 0
  for (const [owner, key] of [[JSON, 'parse'], [JSON, 'stringify'], [Array.prototype, 'map'], [Array.prototype, 'filter'], [Array.prototype, 'includes']]) {
    const original = owner[key]
    owner[key] = function () { window.calls++; return original.apply(this, arguments) }
  }
})()</script>`

const POLLUTING = `<script>
  for (const key of ['analytics', 'marketing', 'stats', 'required', 'granted', 'gpc', 'decided', 'necessary'])
    Object.prototype[key] = true
  Object.prototype.mode = 'opt-out'
  Object.prototype.endpoint = '/stolen'
  Object.prototype.reloadOnRevoke = true
  Array.prototype.extra = 'analytics'
</script>`

/** Object values on Object.prototype: a list of purposes, a receipts endpoint. */
const POLLUTING_OBJECTS = `<script>
  Object.prototype.analytics = true
  Object.prototype.log = { endpoint: '/stolen' }
  Object.prototype.purposes = ['analytics']
</script>`

/** Pages by path: [head before the loader, what /consent.json serves]. */
const PAGES: Record<string, [string, unknown]> = {
  '/polluted': [POLLUTING, MANIFEST],
  '/polluted-objects': [POLLUTING_OBJECTS, MANIFEST],
  '/wrapped': [wrapping, MANIFEST],
  '/predefined': ['<script>window.consent = { isGranted: () => true, version: "the page\'s own" }</script>', MANIFEST],
  '/twice': ['', MANIFEST],
  '/vendors-500': ['', vendors(500)],
  '/vendors-long': ['', vendors(300, longId)],
  '/clobbered': ['', MANIFEST],
  '/clobbered-autoblock': ['', { ...MANIFEST, vendors: [{ ...MANIFEST.vendors[0], hosts: ['tracker.example'] }] }],
}

const html = (path: string, head: string) => {
  const tag = loader(path.endsWith('-autoblock') ? 'consentry-autoblock.js' : undefined)
  return `<!doctype html><html lang="en"><head>${head}${tag}${path === '/twice' ? tag : ''}
  <script>window.pageRan = true</script></head><body>${GATED}</body></html>`
}

useSite((request, response) => {
  const url = new URL(request.url!, 'http://x')
  const page = url.pathname.startsWith('/broken/') ? [breaking([url.pathname.slice(8)]), MANIFEST] : PAGES[url.pathname]
  const referer = new URL(request.headers.referer ?? 'http://x/').pathname
  if (url.pathname === '/consent.json') {
    const manifest = referer.startsWith('/broken/') ? { ...MANIFEST, log: { endpoint: '/receipts' } } : PAGES[referer]?.[1]
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(manifest))
    return true
  }
  if (!page) return false
  response.writeHead(200, { 'content-type': 'text/html' }).end(html(url.pathname, page[0] as string))
  return true
})

let context: BrowserContext
const open = async (path: string) => {
  context = await browser.newContext()
  const page = await context.newPage()
  const said = watch(page)
  await page.goto(site.url + path)
  return { page, said }
}
const ran = (page: Page) => page.evaluate(() => (window as any).ran ?? [])
/** The consent cookie as the page sees it (the browser's store takes the page's writes asynchronously). */
const cookie = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => document.cookie.split('; ').find((pair) => pair.startsWith('consentry='))?.slice('consentry='.length))

test('a polluted Object.prototype grants nothing, on the first visit and on the next', async () => {
  const { page, said } = await open('/polluted')
  await ready(page)
  await banner(page).waitFor()
  const granted = () =>
    page.evaluate(() => ['analytics', 'marketing', 'stats', 'toString', 'extra'].filter((id) => (window as any).consent.isGranted(id)))
  expect(await granted()).toEqual([])
  expect(await page.evaluate(() => (window as any).consent.hasDecided())).toBe(false)
  await page.waitForFunction(() => (window as any).ran?.length === 1)
  expect(await ran(page)).toEqual(['necessary'])
  // Deciding writes exactly what was chosen, and no receipt goes to the polluted `log.endpoint`.
  const requests: string[] = []
  page.on('request', (request) => requests.push(new URL(request.url()).pathname))
  await page.evaluate(() => (window as any).consent.set({ marketing: true }))
  expect(await page.evaluate(() => (window as any).consent.record())).toMatchObject({
    purposes: { necessary: true, analytics: false, marketing: true },
    vendors: { stats: false },
  })
  // The returning visitor's path reads the manifest without the validator: polluted all the same.
  await page.reload()
  await ready(page)
  await page.waitForFunction(() => (window as any).ran?.length === 2)
  expect(await ran(page)).toEqual(['necessary', 'marketing'])
  expect(await granted()).toEqual(['marketing'])
  expect(requests).not.toContain('/stolen')
  expect(said.uncaught).toEqual([])
  await context.close()
})

test('object values on Object.prototype grant nothing either: a decision saves exactly what was chosen, and no receipt leaves', async () => {
  const { page, said } = await open('/polluted-objects')
  await ready(page)
  await banner(page).waitFor()
  const requests: string[] = []
  page.on('request', (request) => requests.push(new URL(request.url()).pathname))
  await page.evaluate(() => (window as any).consent.set({ marketing: true }))
  const seen = () => page.evaluate(() => [(window as any).consent.isGranted('analytics'), (window as any).consent.record()])
  const chosen = [false, expect.objectContaining({ purposes: { necessary: true, analytics: false, marketing: true }, vendors: { stats: false } })]
  expect(await seen()).toEqual(chosen)
  expect(await cookie(page)).toMatch(/^1\.1\./)
  await page.reload()
  await ready(page)
  await page.waitForFunction(() => (window as any).ran?.length === 2)
  expect(await ran(page)).toEqual(['necessary', 'marketing'])
  expect(await seen()).toEqual(chosen)
  expect(requests).not.toContain('/stolen')
  expect(own(said.errors)).toEqual([])
  expect(said.uncaught).toEqual([])
  await context.close()
})

describe.each(['JSON.parse', 'Array.prototype.map', 'Array.prototype.filter', 'Array.prototype.includes', 'JSON.stringify'])(
  'a page that broke %s for consentry',
  (name) => {
    // Built-ins consentry needs to read the manifest: it fails closed. JSON.stringify is needed
    // only to send a receipt: the decision is saved and the receipt reported as not sent.
    const needed = name !== 'JSON.stringify'
    test(needed ? 'fails closed: nothing activated, one console error, nothing thrown into the page' : 'keeps working', async () => {
      const { page, said } = await open('/broken/' + name)
      await settled(page)
      await page.waitForLoadState('networkidle')
      expect(await page.evaluate(() => (window as any).pageRan)).toBe(true)
      expect(await page.evaluate(() => (window as any).consent.$state.get().status)).toBe(needed ? 'error' : 'ready')
      expect(own(said.errors)).toEqual(needed ? [expect.stringContaining(`${name} was replaced by the page`)] : [])
      await page.evaluate(() => (window as any).consent.acceptAll())
      await page.waitForLoadState('networkidle')
      if (needed) {
        expect(await ran(page)).toEqual([])
        expect(await cookie(page)).toBeUndefined()
        expect(own(said.errors)[1]).toBe('[consentry] no decision can be saved: the manifest is invalid')
      } else {
        await page.waitForFunction(() => (window as any).ran?.length === 3)
        expect(await ran(page)).toEqual(['necessary', 'analytics', 'marketing'])
        expect(await cookie(page)).toMatch(/^1\..*\.analytics~marketing\.$/)
        // The receipt's chunk loads after the decision: its report may come after the vendors ran.
        await expect.poll(() => own([...said.errors, ...said.warnings])).toEqual([expect.stringContaining('receipt')])
      }
      expect(said.uncaught).toEqual([])
      await context.close()
    })
  },
)

test('built-ins wrapped by the page (monitoring tools, old libraries) change nothing', async () => {
  const { page, said } = await open('/wrapped')
  await ready(page)
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  await page.waitForFunction(() => (window as any).ran?.length === 3)
  expect(await ran(page)).toEqual(['necessary', 'analytics', 'marketing'])
  expect(await page.evaluate(() => (window as any).calls)).toBeGreaterThan(0) // the wrappers were used
  expect(own(said.errors)).toEqual([])
  expect(said.uncaught).toEqual([])
  await context.close()
})

test("a page's own window.consent object is replaced, with a warning", async () => {
  const { page, said } = await open('/predefined')
  await ready(page)
  expect(await page.evaluate(() => (window as any).consent.version)).toBeUndefined()
  expect(await page.evaluate(() => (window as any).consent.isGranted('analytics'))).toBe(false)
  expect(own(said.warnings)).toEqual(['[consentry] window.consent was already defined by the page; consentry replaces it'])
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.waitForFunction(() => (window as any).ran?.length === 3)
  await context.close()
})

test('the script tag included twice makes one instance, one UI and a warning', async () => {
  const { page, said } = await open('/twice')
  await ready(page)
  await banner(page).waitFor()
  await page.waitForLoadState('networkidle')
  expect(await page.locator('consentry-ui').count()).toBe(1)
  expect(own(said.warnings)).toEqual(['[consentry] the script is included twice; the first instance stays in charge'])
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  await page.waitForFunction(() => (window as any).ran?.length === 3)
  await page.waitForLoadState('networkidle')
  expect(await ran(page)).toEqual(['necessary', 'analytics', 'marketing']) // each gated script ran once
  // The floating button comes from its chunk after the page's load: one, once it is there.
  await page.locator('consentry-reopen button').waitFor()
  await page.waitForLoadState('networkidle')
  expect(await page.locator('consentry-reopen').count()).toBe(1)
  await context.close()
})

/** Names of form controls that shadow the DOM's own properties of their form: `form.nodeType` is then an input. */
const SHADOWING = [
  ...['nodeType', 'localName', 'namespaceURI', 'parentElement', 'firstElementChild'],
  ...['hasAttribute', 'getAttribute', 'matches', 'querySelectorAll', 'append', 'appendChild'],
]
const PIXEL = 'https://tracker.example/pixel.gif'

/**
 * What the page's own code adds, in one call: such a form holding a gated script (that pushes
 * `label` to `ran`) and an image of a declared vendor's host, and a gated script beside it; then
 * an iframe of that host, written into the form as markup. Whether the calls returned, or what threw.
 */
const insertForm = (page: Page, label: string) =>
  page.evaluate(
    ([names, pixel, label]) => {
      const gated = (text: string) => {
        const script = document.createElement('script')
        script.type = 'text/plain'
        script.setAttribute('data-consent', 'analytics')
        script.text = `window.ran.push('${text}')`
        return script
      }
      const form = document.createElement('form')
      const img = Object.assign(document.createElement('img'), { className: 'pixel', src: pixel })
      // Through the prototype: once a control is named `appendChild`, the form's own is gone.
      for (const child of [gated(`${label} inside`), img, ...(names as string[]).map((name) => Object.assign(document.createElement('input'), { name }))])
        Node.prototype.appendChild.call(form, child)
      try {
        document.body.append(form, gated(`${label} beside`))
        form.insertAdjacentHTML('beforeend', `<iframe class="frame" src="${pixel}"></iframe>`)
        return 'inserted'
      } catch (error) {
        return String(error)
      }
    },
    [SHADOWING, PIXEL, label] as const,
  )

describe.each(['/clobbered', '/clobbered-autoblock'])('%s: forms whose controls are named like DOM methods', (path) => {
  test('are inserted as written; what they hold and what comes beside them is gated as usual, with nothing thrown', async () => {
    const { page, said } = await open(path)
    let pixelRequests = 0
    await page.route(PIXEL, (route) => (pixelRequests++, route.fulfill({ status: 204 })))
    await ready(page)
    const sources = () => page.evaluate(() => Array.from(document.querySelectorAll('.pixel, .frame'), (tag) => tag.getAttribute('src')))
    expect(await insertForm(page, 'before')).toBe('inserted')
    // Auto-blocking holds the image until its vendor is granted; the plain build leaves it alone.
    const autoblocking = path.endsWith('-autoblock')
    expect(await sources()).toEqual(Array(2).fill(autoblocking ? null : PIXEL))
    await page.waitForFunction(() => (window as any).ran?.length === 1)
    await page.waitForLoadState('networkidle')
    expect(pixelRequests).toBe(autoblocking ? 0 : 2)
    await page.evaluate(() => (window as any).consent.acceptAll())
    // Added once analytics is granted, they activate as they arrive.
    expect(await insertForm(page, 'after')).toBe('inserted')
    await page.waitForFunction(() => (window as any).ran.length === 7)
    expect((await ran(page)).slice(3).sort()).toEqual(['after beside', 'after inside', 'before beside', 'before inside'])
    expect(await sources()).toEqual(Array(4).fill(PIXEL))
    expect(said.uncaught).toEqual([])
    expect(own(said.errors)).toEqual([])
    await context.close()
  })
})

test('a 500-vendor manifest shows the banner, grants every vendor on Accept all, in a small cookie', async () => {
  const { page, said } = await open('/vendors-500')
  await ready(page)
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  await page.waitForFunction(() => (window as any).ran?.length === 3)
  const granted = () =>
    page.evaluate(() => Array.from({ length: 500 }, (_, i) => `v${i}`).filter((id) => (window as any).consent.isGranted(id)).length)
  expect(await granted()).toBe(500)
  expect((await cookie(page))!.length).toBeLessThan(4096)
  // The dialog lists them all, each with its own switch.
  await page.evaluate(() => (window as any).consent.showPreferences())
  await expect.poll(() => page.getByRole('switch', { name: /^Vendor \d+$/, includeHidden: true }).count()).toBe(500)
  await page.keyboard.press('Escape')
  // Each vendor switched off by name still fits: ids of a few characters.
  await page.evaluate(() =>
    (window as any).consent.set(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`v${i}`, false]))),
  )
  expect((await cookie(page))!.length).toBeLessThan(4096)
  await page.reload()
  await ready(page)
  expect(await granted()).toBe(0)
  expect(await page.evaluate(() => (window as any).consent.isGranted('analytics'))).toBe(true)
  expect(own(said.errors)).toEqual([])
  await context.close()
})

test('a decision too large for a cookie is stored shortened, granting less, never oversized', async () => {
  const { page, said } = await open('/vendors-long')
  await ready(page)
  // 150 vendors of analytics switched off one by one: 150 ids of 64 characters, about 10 KB.
  const ids = Array.from({ length: 300 }, (_, i) => longId(i))
  await page.evaluate((ids) => {
    const off = Object.fromEntries(ids.filter((_, i) => i % 2).map((id) => [id, false]))
    ;(window as any).consent.set({ analytics: true, marketing: true, ...off })
  }, ids)
  const value = (await cookie(page))!
  expect(value.length + 'consentry'.length).toBeLessThanOrEqual(4000)
  expect(own(said.errors)).toEqual([
    '[consentry] the decision is too large for a cookie; it is stored shortened, granting less (purposes: marketing)',
  ])
  // In force at once, on this page view as on the next: analytics and its vendors denied.
  const state = () => page.evaluate(() => (window as any).consent.record())
  const now = await state()
  expect(now.purposes).toEqual({ necessary: true, analytics: false, marketing: true })
  expect(Object.values(now.vendors).filter(Boolean)).toHaveLength(150)
  await page.waitForFunction(() => (window as any).ran?.length === 2)
  await page.reload()
  await ready(page)
  expect(await state()).toEqual(now)
  await page.waitForFunction(() => (window as any).ran?.length === 2)
  expect(await ran(page)).toEqual(['necessary', 'marketing'])
  await context.close()
})
