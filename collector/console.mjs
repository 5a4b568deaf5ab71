// @ts-check
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { compactStats, period, statsOf } from './stats.mjs'

/**
 * The console (docs/reference.md §13): its page and files at `GET /` and `/console/…`, open to
 * anyone, holding nothing but code; and `GET /stats`, which needs the admin token. The page asks
 * for the token and sends it in a header, never in a URL.
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {import('./store.mjs').Store} Store
 */

const FOLDER = new URL('./console/', import.meta.url)
/** `/stats` merges the per-day counts first when they were last merged longer ago than this. */
const COMPACT_AFTER = 5 * 60_000
/** The files of the page: name → where it is and its type. Preact comes from the installed package. */
const FILES = new Map([
  ['', { url: new URL('index.html', FOLDER), type: 'text/html; charset=utf-8' }],
  ['/console/console.css', { url: new URL('console.css', FOLDER), type: 'text/css; charset=utf-8' }],
  ['/console/console.mjs', { url: new URL('console.mjs', FOLDER), type: 'text/javascript; charset=utf-8' }],
  ['/console/views.mjs', { url: new URL('views.mjs', FOLDER), type: 'text/javascript; charset=utf-8' }],
  ['/console/favicon.svg', { url: new URL('favicon.svg', FOLDER), type: 'image/svg+xml' }],
  ['/console/chart.mjs', { url: new URL('chart.mjs', FOLDER), type: 'text/javascript; charset=utf-8' }],
  ['/console/preact.mjs', { url: new URL(import.meta.resolve('preact')), type: 'text/javascript; charset=utf-8' }],
])
/** No inline script or style, nothing from elsewhere, no form sent anywhere, no framing. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
const HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-cache',
}

/** @param {string} path the request's path, without its trailing slash */
export const isConsolePath = (path) => path === '/stats' || FILES.has(path)

/**
 * @param {Response} response
 * @param {number} status
 * @param {string} text
 */
const plain = (response, status, text) =>
  void response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(text + '\n')

/**
 * The console's request handler, for the paths `isConsolePath` accepts. The per-day counts are
 * also merged after each retention purge (server.mjs).
 * @param {{ store: Store, admin(request: Request): boolean }} options
 */
export const consoleHandler = ({ store, admin }) => {
  /** @type {Map<string, Buffer>} */
  const files = new Map()
  let compacted = 0
  /**
   * @param {Request} request
   * @param {Response} response
   * @param {URL} url
   */
  const handle = async (request, response, url) => {
    const path = url.pathname.replace(/\/+$/, '')
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n')
      return
    }
    const file = FILES.get(path)
    if (file) {
      let body = files.get(path)
      if (!body) files.set(path, (body = await readFile(fileURLToPath(file.url))))
      response.writeHead(200, { 'content-type': file.type, ...HEADERS }).end(request.method === 'HEAD' ? undefined : body)
      return
    }
    if (!admin(request)) {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' })
      response.end('send Authorization: Bearer <CONSENTRY_ADMIN_TOKEN>\n')
      return
    }
    const asked = period(url.searchParams)
    if ('error' in asked) return plain(response, 400, asked.error)
    if (Date.now() - compacted > COMPACT_AFTER) {
      compacted = Date.now()
      await compactStats(store).catch((error) => console.error('consentry collector: merging the stats failed:', error.message))
    }
    let stats
    try {
      stats = await statsOf(store, asked.from, asked.to)
    } catch (error) {
      console.error(`consentry collector: GET ${url.pathname}${url.search} failed:`, /** @type {Error} */ (error).message)
      return plain(response, 503, 'the stats could not be read; try again later')
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    response.end(JSON.stringify(stats))
  }
  return handle
}
