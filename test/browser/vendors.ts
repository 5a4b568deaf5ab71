import type { BrowserContext, Page } from 'playwright-core'

/**
 * Small stand-ins for the vendors' scripts, by host: each defines what the real one would, says it
 * ran, and sets a cookie or storage key the real one sets, so that clean-up can be seen. Every one
 * (an unknown host's empty script too) also adds its own address to `window.vendorRuns` as it runs.
 */
export const FAKES: Record<string, string> = {
  // Zendesk's snippet.js finds its key in the address of the element with id="ze-snippet".
  'static.zdassets.com': `window.zE = function () { (window.zECalls = window.zECalls || []).push([].slice.call(arguments)) }
    window.zeSnippet = (document.getElementById('ze-snippet') || {}).src`,
  'v2.zopim.com': `(function (z, calls) {
    window.zopimCalls = calls
    var log = function (name) { return function () { calls.push(name) } }
    z.livechat = { cookieLaw: { comply: log('comply'), setDefaultImplicitConsent: log('setDefaultImplicitConsent') },
      window: { show: log('window.show') }, button: { show: log('button.show') }, hideAll: log('hideAll'), clearAll: log('clearAll') }
    z._.splice(0).forEach(function (fn) { fn() })
    z._.push = function (fn) { fn() }
    document.cookie = '__zlcmid=1Fake; path=/'
  })(window.$zopim, [])`,
  'embed.tawk.to': `(function (api, calls) {
    window.tawkCalls = calls
    var log = function (name) { return function () { calls.push(name) } }
    api.onLoaded = true; api.maximize = log('maximize'); api.hideWidget = log('hideWidget'); api.shutdown = log('shutdown'); api.start = log('start')
    if (api.onLoad) api.onLoad()
    localStorage.setItem('twk_token_fake', '1')
  })(window.Tawk_API, [])`,
  // What gtag.js finds in the dataLayer when it first runs: Consent Mode commands must come first.
  'www.googletagmanager.com': `window.googleRan = (window.googleRan || 0) + 1
    window.googleSaw = window.googleSaw || JSON.parse(JSON.stringify(Array.from(window.dataLayer || [], function (entry) {
      return entry && typeof entry.length === 'number' ? Array.from(entry) : entry
    })))
    document.cookie = '_ga=GA1.1.1234.5678; path=/'`,
  'connect.facebook.net': `(function (fbq, calls) {
    window.fbqCalls = calls
    fbq.callMethod = function () { calls.push([].slice.call(arguments)) }
    fbq.queue.splice(0).forEach(function (args) { fbq.callMethod.apply(fbq, args) })
    document.cookie = '_fbp=fb.1.1234.5678; path=/'
  })(window.fbq, [])`,
  'static.hotjar.com': `window.hotjarRan = window._hjSettings.hjid
    document.cookie = '_hjSessionUser_' + window._hjSettings.hjid + '=1; path=/'
    localStorage.setItem('_hjSession_' + window._hjSettings.hjid, '1')`,
}

const EMBEDS = ['www.youtube-nocookie.com', 'www.youtube.com']
/** Pages, not scripts, of a script host: Google Tag Manager's iframe for browsers without JavaScript. */
const PAGES = ['https://www.googletagmanager.com/ns.html']

/** Says which script is running, then plays the vendor's. */
const fake = (host: string) =>
  `;(window.vendorRuns = window.vendorRuns || []).push(document.currentScript && document.currentScript.src);\n${FAKES[host] ?? ''}`

/**
 * Answers every request that leaves `siteUrl`'s host with a fake (an empty script for unknown
 * hosts, a blank page for video embeds and `PAGES`) and logs its URL in the returned array.
 */
export const fakeVendors = async (target: Page | BrowserContext, siteUrl: string): Promise<string[]> => {
  const requested: string[] = []
  const site = new URL(siteUrl).host
  await target.route(
    (url) => url.host !== site,
    (route) => {
      const url = new URL(route.request().url())
      requested.push(url.href)
      if (EMBEDS.includes(url.host) || PAGES.includes(url.origin + url.pathname))
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>player</title>' })
      return route.fulfill({ contentType: 'text/javascript', body: fake(url.host) })
    },
  )
  return requested
}
