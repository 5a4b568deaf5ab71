/**
 * Floors of a returning visit's script time: pages with no consent manager that do only what any
 * returning visit must, measured as a cold returning visit is (a new tab, traced).
 */
import { openPage, sleep } from './browser.mjs'
import { SETTLE } from './options.mjs'
import { consentryGated, page } from './pages.mjs'
import { add } from './server.mjs'
import { scriptTime, traced } from './trace.mjs'

/** What each floor page's only script does. */
export const FLOORS = {
  cookie: 'reads document.cookie',
  fetch: 'reads document.cookie and fetches consent.json',
}

/** Serves the floor pages (the manifest they fetch is the fetched-manifest page's). */
export const addFloorPages = () => {
  add('/page/floor-cookie.html', page({ head: '<script>window.c = document.cookie</script>', gated: consentryGated }))
  add(
    '/page/floor-fetch.html',
    page({
      head: "<script>window.c = document.cookie; fetch('/page/dist/consent.json').then((r) => r.text()).then(JSON.parse)</script>",
      gated: consentryGated,
    }),
  )
}

/** Script time (`ms`, `cpu`) of a floor page, in a new tab of a fresh context. */
export const floorScript = async (browser, origin, floor) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const { tab } = await openPage(context, origin)
    const url = `${origin}/page/floor-${floor}.html`
    const trace = await traced(browser, `floor-${floor}`, async () => {
      await tab.goto(url, { waitUntil: 'load' })
      await sleep(SETTLE)
    })
    const { ms, cpu, evaluated } = scriptTime(trace, url)
    if (!evaluated.some((src) => src.startsWith(url))) throw new Error(`floor ${floor}: its script did not run`)
    return { ms, cpu }
  } finally {
    await context.close()
  }
}
