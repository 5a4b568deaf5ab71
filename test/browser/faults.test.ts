import { afterAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import type { ServerResponse } from 'node:http'
import { banner, own, ready, settled, watch } from './watch'
import { browser, site, useSite } from './harness'

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
  vendors: [{ id: 'stats', name: 'Stats Inc', purposes: ['analytics'] }],
  log: { endpoint: '/receipts' },
}
const TEXT = JSON.stringify(MANIFEST)

/** How /consent.json?fault=… answers, and what the console must then say. */
const FAULTS: Record<string, [(response: ServerResponse) => void, string]> = {
  '404': [(r) => r.writeHead(404, { 'content-type': 'text/plain' }).end('not found'), '/consent.json?fault=404 answered 404'],
  '500': [(r) => r.writeHead(500, { 'content-type': 'text/plain' }).end('oops'), '/consent.json?fault=500 answered 500'],
  truncated: [(r) => r.writeHead(200, { 'content-type': 'application/json' }).end(TEXT.slice(0, TEXT.length / 2)), 'the manifest is not valid JSON'],
  'not JSON': [(r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><h1>Welcome</h1>'), 'the manifest is not valid JSON'],
  empty: [(r) => r.writeHead(200, { 'content-type': 'application/json' }).end(''), 'the manifest is not valid JSON'],
  'a dropped connection': [(r) => r.socket?.destroy(), 'could not be loaded: Failed to fetch'],
}

/** Manifest answers wait for `release()`, so the test sees the page while the manifest is pending. */
let held: Promise<void> = Promise.resolve()
let release = () => {}
const hold = () => (held = new Promise((done) => (release = done)))
/** Chunks of dist/ that answer 404. */
const missing = new Set<string>()

const PAGE = (fault: string) => `<!doctype html><html lang="en"><head>
<script>
  window.rejections = []
  addEventListener('unhandledrejection', (event) => rejections.push(String(event.reason)))
  document.addEventListener('DOMContentLoaded', () => { window.statusAtDomContentLoaded = window.consent.$state.get().status })
</script>
<script src="/dist/consentry.js" data-manifest="/consent.json?fault=${encodeURIComponent(fault)}"></script>
<script>window.pageRan = window.consent.$state.get().status</script>
</head><body>
<script type="text/plain" data-consent="necessary">window.ran = (window.ran || []).concat('necessary')</script>
<script type="text/plain" data-consent="analytics">window.ran = (window.ran || []).concat('analytics')</script>
<button onclick="window.clicked = true">Page button</button>
</body></html>`

useSite(async (request, response) => {
  const url = new URL(request.url!, 'http://x')
  if (url.pathname === '/favicon.ico') return (response.writeHead(204).end(), true)
  if (missing.has(url.pathname)) return (response.writeHead(404).end(), true)
  if (url.pathname === '/receipts') return (response.writeHead(500).end(), true)
  if (url.pathname === '/consent.json') {
    await held
    const fault = FAULTS[url.searchParams.get('fault') ?? '']
    if (fault) fault[0](response)
    else response.writeHead(200, { 'content-type': 'application/json' }).end(TEXT)
    return true
  }
  if (url.pathname !== '/page') return false
  response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE(url.searchParams.get('fault') ?? ''))
  return true
})
// A manifest still held when the file ends is let go, so that no request is left hanging.
afterAll(() => release())

const evaluate = <T>(page: Page, expression: string): Promise<T> => page.evaluate(expression)

/** Opens the page with its manifest held back; checks the page ran and was parsed meanwhile. */
const openHeld = async (fault: string) => {
  hold()
  const page = await browser.newPage()
  const said = watch(page)
  await page.goto(`${site.url}/page?fault=${encodeURIComponent(fault)}`, { waitUntil: 'domcontentloaded' })
  await page.waitForFunction(() => (window as any).statusAtDomContentLoaded)
  expect(await evaluate(page, '[window.pageRan, window.statusAtDomContentLoaded]')).toEqual(['loading', 'loading'])
  await page.click('text=Page button')
  expect(await evaluate(page, 'window.clicked')).toBe(true)
  expect(await evaluate(page, 'window.ran')).toBeUndefined()
  return { page, said }
}

describe.each(Object.entries(FAULTS))('a manifest fetch that fails with %s', (fault, [, problem]) => {
  test('fails closed with one console error, a handled rejection, and a page that never waited', async () => {
    const { page, said } = await openHeld(fault)
    release()
    await settled(page)
    await page.waitForLoadState('networkidle')
    expect(await evaluate(page, 'window.consent.$state.get().status')).toBe('error')
    expect(own(said.errors)).toEqual([expect.stringMatching(/^\[consentry\] invalid manifest:\n {2}\(manifest\): could not be loaded: /)])
    expect(own(said.errors)[0]).toContain(problem)
    const issues = await evaluate(page, 'window.consent.ready.then(() => "resolved", (error) => error.issues)')
    expect(issues).toEqual([{ path: '(manifest)', message: expect.stringContaining(problem) }])
    // Nothing activated, nothing shown, and deciding is refused rather than guessed.
    await page.evaluate(() => (window as any).consent.acceptAll())
    expect(await evaluate(page, '[window.ran, window.consent.isGranted("necessary"), document.cookie]')).toEqual([undefined, false, ''])
    expect(await page.locator('consentry-ui').count()).toBe(0)
    expect(await evaluate(page, 'window.rejections')).toEqual([])
    expect(said.uncaught).toEqual([])
    await page.close()
  })
})

test('a slow manifest activates nothing until it answers, never holds up the page, then works', async () => {
  const { page, said } = await openHeld('')
  expect(await evaluate(page, 'window.consent.isGranted("necessary")')).toBe(false)
  release()
  await ready(page)
  await page.waitForFunction(() => (window as any).ran?.length === 1)
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  await page.waitForFunction(() => (window as any).ran?.length === 2)
  expect(own(said.errors)).toEqual([])
  await page.close()
})

test('/dist/consentry-check.js (the validator of a first visit\'s unstamped manifest) answering 404 fails closed and reports it', async () => {
  const path = '/dist/consentry-check.js'
  missing.add(path)
  const page = await browser.newPage()
  const said = watch(page)
  await page.goto(`${site.url}/page`)
  await settled(page)
  await page.waitForLoadState('networkidle')
  expect(own(said.errors)).toEqual([expect.stringContaining(`${path} could not be loaded`)])
  expect(await evaluate(page, 'window.consent.$state.get().status')).toBe('error')
  await page.evaluate(() => (window as any).consent.acceptAll())
  expect(await evaluate(page, 'window.consent.isGranted("analytics")')).toBe(false)
  expect(await evaluate(page, 'window.rejections')).toEqual([])
  expect(said.uncaught).toEqual([])
  missing.delete(path)
  await page.close()
})

test('/dist/consentry-ui.js answering 404 when a returning visitor asks for the preferences: reported, the API still works', async () => {
  const path = '/dist/consentry-ui.js'
  const context = await browser.newContext()
  const page = await context.newPage()
  const said = watch(page)
  await page.goto(`${site.url}/page`)
  await ready(page)
  await page.evaluate(() => (window as any).consent.rejectAll())
  missing.add(path)
  await page.reload()
  await ready(page)
  await page.evaluate(() => (window as any).consent.showPreferences())
  await expect.poll(() => own(said.errors)).toEqual([expect.stringContaining(`${path} could not be loaded`)])
  await page.evaluate(() => (window as any).consent.acceptAll())
  expect(await evaluate(page, 'window.consent.isGranted("analytics")')).toBe(true)
  expect(await evaluate(page, 'window.rejections')).toEqual([])
  expect(said.uncaught).toEqual([])
  missing.delete(path)
  await context.close()
})

test('the preferences dialog answering 404: reported, the banner is back, and deciding still works', async () => {
  const path = '/dist/consentry-prefs.js'
  missing.add(path)
  const page = await browser.newPage()
  const said = watch(page)
  await page.goto(`${site.url}/page`)
  await settled(page)
  await banner(page).getByRole('button', { name: 'Customize' }).click()
  await expect.poll(() => own(said.errors)).toEqual([expect.stringContaining(`${path} could not be loaded`)])
  // The dialog never came; the banner, inert while it was awaited, answers again.
  expect(await page.getByRole('dialog').count()).toBe(0)
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  expect(await evaluate(page, 'window.consent.isGranted("analytics")')).toBe(true)
  expect(said.uncaught).toEqual([])
  missing.delete(path)
  await page.close()
})

describe('a failing receipts endpoint', () => {
  const decideThrice = async (page: Page) => {
    await ready(page)
    await page.evaluate(() => (window as any).consent.acceptAll())
    await page.evaluate(() => (window as any).consent.rejectAll())
    await page.evaluate(() => (window as any).consent.set({ analytics: true }))
  }
  const keepsTheDecision = async (page: Page) => {
    await page.reload()
    await ready(page)
    expect(await evaluate(page, '[window.consent.hasDecided(), window.consent.isGranted("analytics")]')).toEqual([true, true])
  }

  test('answering 500 gets one request per decision, and the decision is kept', async () => {
    const context = await browser.newContext()
    // Counted in this context only: an earlier test's receipt may still reach the server.
    let receipts = 0
    context.on('request', (request) => void (new URL(request.url()).pathname === '/receipts' && receipts++))
    const page = await context.newPage()
    await page.goto(`${site.url}/page`)
    await decideThrice(page)
    await expect.poll(() => receipts).toBe(3)
    await keepsTheDecision(page)
    await page.waitForLoadState('networkidle')
    expect(receipts).toBe(3)
    await context.close()
  })

  test('unreachable gets one attempt per decision, and the decision is kept', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    let attempts = 0
    await page.route('**/receipts', (route) => {
      attempts++
      return route.abort('connectionrefused')
    })
    await page.goto(`${site.url}/page`)
    await decideThrice(page)
    await expect.poll(() => attempts).toBe(3)
    await keepsTheDecision(page)
    await page.waitForLoadState('networkidle')
    expect(attempts).toBe(3)
    await context.close()
  })
})

test('two tabs deciding at once end in one state, in both tabs and in the cookie', async () => {
  const context = await browser.newContext()
  const tabs = [await context.newPage(), await context.newPage()]
  for (const tab of tabs) await tab.goto(`${site.url}/page`)
  for (const tab of tabs) await ready(tab)
  const state = (tab: Page) => tab.evaluate(() => ({ record: (window as any).consent.record(), state: (window as any).consent.$state.get() }))
  for (let round = 0; round < 6; round++) {
    // Each tab in turn accepts while the other rejects, in the same instant.
    const [accepting, rejecting] = round % 2 ? tabs : [tabs[1]!, tabs[0]!]
    await Promise.all([
      accepting!.evaluate(() => (window as any).consent.acceptAll()),
      rejecting!.evaluate(() => (window as any).consent.rejectAll()),
    ])
    await expect.poll(async () => JSON.stringify(await state(tabs[0]!)) === JSON.stringify(await state(tabs[1]!))).toBe(true)
    // A new tab reads the cookie the browser holds, which takes the pages' writes asynchronously.
    const fresh = await context.newPage()
    const expected = JSON.stringify(await state(tabs[0]!))
    await expect
      .poll(async () => {
        await fresh.goto(`${site.url}/page`)
        await ready(fresh)
        return JSON.stringify(await state(fresh))
      })
      .toBe(expected)
    await fresh.close()
  }
  await context.close()
})
