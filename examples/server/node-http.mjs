// A Node `http` server that renders the analytics tag only with consent (docs/reference.md §11).
// Run: node examples/server/node-http.mjs, then open http://127.0.0.1:8790/
import { createServer } from 'node:http'
import { readConsent } from 'consentry/server'
import { manifest, page, regionOf } from './manifest.mjs'

export const handler = (request, response) => {
  // Cloudflare's country header here; other CDNs have their own (CloudFront-Viewer-Country…).
  const region = regionOf(request.headers['cf-ipcountry'])
  const consent = readConsent(request.headers.cookie, manifest, { gpc: request.headers['sec-gpc'], region })
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', vary: 'Cookie, Sec-GPC' })
  response.end(page(consent, region))
}

if (import.meta.url === `file://${process.argv[1]}`) createServer(handler).listen(8790, '127.0.0.1')
