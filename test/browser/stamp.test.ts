import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { fakeVendors } from './vendors'
import { banner, own, ready, settled, watch } from './watch'
import { stampOf } from '../../src/core/stamp'
import { browser, site, useSite } from './harness'

/**
 * Stamped manifests (docs/reference.md §1) and the clean-up of a revoked vendor
 * (docs/reference.md §4, `cleanedUp`), through the built script tag.
 */

const MANIFEST: Record<string, unknown> = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
  vendors: [
    { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-ABC123' } },
    { id: 'stats', name: 'Stats', purposes: ['analytics'], cookies: [{ name: 'st_id', days: 30 }], storage: ['st_cache'] },
  ],
}
const stamped = (manifest: Record<string, unknown>) => ({ stamp: stampOf(manifest), ...manifest })

/** The manifest each path serves: `/<name>` is a page whose manifest is `/<name>.json`. */
const manifests: Record<string, unknown> = {
  stamped: stamped(MANIFEST),
  // Edited after it was stamped: the stamp no longer matches.
  edited: { ...stamped(MANIFEST), controller: 'Someone Else' },
  // Stamped by hand over content no validator would pass.
  broken: stamped({ ...MANIFEST, purposes: 'analytics', vendors: [{ id: 7 }] }),
  unstamped: MANIFEST,
}

const page = (name: string) => `<!doctype html><html lang="en"><head>
<script src="/dist/consentry.js" data-manifest="/${name}.json"></script>
</head><body><a href="/elsewhere" id="leave">Leave</a></body></html>`

const distRequests = (tab: Page): string[] => {
  const paths: string[] = []
  tab.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/dist/')) paths.push(url.pathname)
  })
  return paths
}

/** A visitor who accepted everything on the stamped page, in a context of their own. */
const accepted = async () => {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await fakeVendors(tab, site.url)
  const said = watch(tab)
  await tab.goto(site.url + '/stamped')
  await ready(tab)
  await tab.evaluate(() => (window as any).consent.acceptAll())
  return { context, tab, said }
}

/** Once the clean-up has run: the vendor's cookie is gone and no clean-up is left remembered. */
const cleanedUpForGood = async (tab: Page) =>
  expect(
    await tab.evaluate(() =>
      (window as any).consent.cleanedUp().then(() => [document.cookie.includes('st_id='), localStorage.getItem('consentry-cleanup')]),
    ),
  ).toEqual([false, null])

/**
 * The visitor refuses `stats` and leaves before its clean-up's chunk can arrive (it is refused until
 * the test unroutes it): resolves on the next page view, ready, with `st_id` and `st_cache` still there.
 */
const leaveBeforeCleanUp = async (tab: Page) => {
  await tab.route('**/dist/consentry-forget.js', (route) => route.abort())
  await Promise.all([
    tab.waitForURL(site.url + '/elsewhere'),
    tab.evaluate(() => {
      document.cookie = 'st_id=1; path=/'
      localStorage.setItem('st_cache', '1')
      ;(window as any).consent.set({ analytics: false })
      document.getElementById('leave')!.click()
    }),
  ])
  await ready(tab)
}

useSite((request, response) => {
  const path = new URL(request.url!, 'http://x').pathname
  const name = path.slice(1).replace(/\.json$/, '')
  if (path.endsWith('.json') && name in manifests)
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(manifests[name]))
  else if (name in manifests) response.writeHead(200, { 'content-type': 'text/html' }).end(page(name))
  else if (path === '/elsewhere') response.writeHead(200, { 'content-type': 'text/html' }).end(page('stamped'))
  // A page whose load waits for an image that takes a second and a half.
  else if (path === '/slow-load')
    response.writeHead(200, { 'content-type': 'text/html' }).end(page('stamped').replace('</body>', '<img src="/slow.gif" alt=""></body>'))
  else if (path === '/slow.gif') setTimeout(() => response.writeHead(404).end(), 1500)
  else return false
  return true
})

test('a first visit with a stamped manifest shows the banner without fetching the validator', async () => {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await fakeVendors(tab, site.url)
  const said = watch(tab)
  const requests = distRequests(tab)
  await tab.goto(site.url + '/stamped')
  await ready(tab)
  await banner(tab).waitFor()
  await tab.waitForLoadState('networkidle')
  expect([...requests].sort()).toEqual(['/dist/consentry-ui.js', '/dist/consentry.js', '/dist/presets/ga4.js'])
  await tab.evaluate(() => (window as any).consent.acceptAll())
  await tab.waitForFunction(() => (window as any).googleRan === 1)
  expect(own(said.errors)).toEqual([])
  await context.close()
})

test('an unstamped or edited manifest is validated as before', async () => {
  for (const name of ['unstamped', 'edited']) {
    const context = await browser.newContext()
    const tab = await context.newPage()
    await fakeVendors(tab, site.url)
    const requests = distRequests(tab)
    await tab.goto(`${site.url}/${name}`)
    await ready(tab)
    expect(requests).toContain('/dist/consentry-check.js')
    await context.close()
  }
})

test('a stamped manifest whose content is broken fails closed, reported, with nothing escaping into the page', async () => {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await fakeVendors(tab, site.url)
  const said = watch(tab)
  await tab.goto(site.url + '/broken')
  await settled(tab)
  const state = await tab.evaluate(() => (window as any).consent.$state.get())
  expect([state.status, state.purposes, state.vendors]).toEqual(['error', {}, {}])
  expect(await tab.evaluate(() => (window as any).consent.isGranted('analytics'))).toBe(false)
  expect(own(said.errors).join('\n')).toMatch(/invalid manifest/)
  expect(said.uncaught).toEqual([])
  await context.close()
})

/** Counts the page's reads of the clean-ups remembered in `localStorage`, from before any script runs. */
const countCleanupReads = (tab: Page) =>
  tab.addInitScript(() => {
    const getItem = Storage.prototype.getItem
    ;(window as any).cleanupReads = 0
    Storage.prototype.getItem = function (key: string) {
      if (key === 'consentry-cleanup') (window as any).cleanupReads++
      return getItem.call(this, key)
    }
  })

test('a returning visitor who refuses no vendor costs no read of localStorage', async () => {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await fakeVendors(tab, site.url)
  await countCleanupReads(tab)
  await tab.goto(site.url + '/stamped')
  await ready(tab)
  await tab.evaluate(() => (window as any).consent.acceptAll())
  await tab.reload()
  await ready(tab)
  await settled(tab)
  expect(await tab.evaluate(() => [(window as any).consent.isGranted('stats'), (window as any).cleanupReads])).toEqual([true, 0])
  // A visitor who refuses one still has what a page view left looked for.
  await tab.evaluate(() => (window as any).consent.rejectAll())
  await tab.reload()
  await ready(tab)
  expect(await tab.evaluate(() => (window as any).consent.cleanedUp().then(() => (window as any).cleanupReads))).toBeGreaterThan(0)
  await context.close()
})

test('a clean-up cut short waits while the vendor is granted again, and never deletes a granted vendor\'s cookies', async () => {
  const { context, tab, said } = await accepted()
  await leaveBeforeCleanUp(tab)
  // Granted again before the clean-up could run: the vendor's cookie is its own again.
  await tab.evaluate(() => (window as any).consent.acceptAll())
  await tab.unroute('**/dist/consentry-forget.js')
  await tab.reload()
  await ready(tab)
  await tab.evaluate(() => (window as any).consent.cleanedUp())
  expect(await tab.evaluate(() => document.cookie.includes('st_id='))).toBe(true)
  // Refused once more: the vendor's cookies go, and nothing is left remembered.
  await tab.evaluate(() => {
    document.cookie = 'st_id=2; path=/'
    ;(window as any).consent.set({ analytics: false })
  })
  await tab.evaluate(() => (window as any).consent.cleanedUp())
  await tab.reload()
  await ready(tab)
  await cleanedUpForGood(tab)
  expect(said.uncaught).toEqual([])
  await context.close()
})

test('a clean-up whose chunk arrives after the vendor was granted again keeps the cookies, until refused again', async () => {
  const { context, tab, said } = await accepted()
  // The chunk that cleans up is held back until the visitor has changed their mind.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  const asked = new Promise<void>((resolve) =>
    tab.route('**/dist/consentry-forget.js', async (route) => {
      resolve()
      await held
      await route.continue()
    }),
  )
  await tab.evaluate(() => {
    document.cookie = 'st_id=1; path=/'
    ;(window as any).consent.set({ analytics: false })
  })
  await asked
  await tab.evaluate(() => (window as any).consent.acceptAll())
  release()
  expect(await tab.evaluate(() => (window as any).consent.cleanedUp().then(() => document.cookie.includes('st_id=')))).toBe(true)
  await tab.evaluate(() => (window as any).consent.set({ analytics: false }))
  await cleanedUpForGood(tab)
  expect(said.uncaught).toEqual([])
  await context.close()
})

test('a clean-up cut short by leaving the page is finished on the next page view', async () => {
  const { context, tab, said } = await accepted()
  // The chunk that cleans up cannot arrive before the page is gone.
  await leaveBeforeCleanUp(tab)
  expect(await tab.evaluate(() => [document.cookie.includes('st_id='), localStorage.getItem('st_cache')])).toEqual([true, '1'])
  await tab.unroute('**/dist/consentry-forget.js')
  await tab.reload()
  await ready(tab)
  expect(
    await tab.evaluate(() =>
      (window as any).consent
        .cleanedUp()
        .then(() => [(window as any).consent.isGranted('analytics'), document.cookie.includes('st_id='), localStorage.getItem('st_cache')]),
    ),
  ).toEqual([false, false, null])
  expect(said.uncaught).toEqual([])
  await context.close()
})

test('what an earlier page view left to clean up waits for the page\'s load, localStorage unread before it', async () => {
  const { context, tab, said } = await accepted()
  await countCleanupReads(tab)
  await leaveBeforeCleanUp(tab)
  await tab.unroute('**/dist/consentry-forget.js')
  const requests = distRequests(tab)
  await tab.goto(site.url + '/slow-load', { waitUntil: 'commit' })
  await ready(tab)
  // The manifest is read and the page is still loading: nothing looked for yet.
  expect(await tab.evaluate(() => [document.readyState, (window as any).cleanupReads, document.cookie.includes('st_id=')])).toEqual([
    'interactive',
    0,
    true,
  ])
  expect(requests).not.toContain('/dist/consentry-forget.js')
  await tab.waitForLoadState('load')
  await cleanedUpForGood(tab)
  expect(requests).toContain('/dist/consentry-forget.js')
  expect(said.uncaught).toEqual([])
  await context.close()
})
