// A Request → Response handler for edge runtimes (Cloudflare Workers, Deno, Bun, Vercel Edge):
// readConsent needs no DOM and no Node built-in (docs/reference.md §11).
import { readConsent } from 'consentry/server'
import { manifest, page, regionOf } from './manifest.mjs'

export default {
  /** @param {Request} request */
  fetch(request) {
    const region = regionOf(request.headers.get('cf-ipcountry'))
    const consent = readConsent(request.headers.get('cookie'), manifest, { gpc: request.headers.get('sec-gpc'), region })
    return new Response(page(consent, region), {
      headers: { 'content-type': 'text/html; charset=utf-8', vary: 'Cookie, Sec-GPC' },
    })
  },
}
