// @ts-check
import { createHash, timingSafeEqual } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { CSV_HEADER, csvLine, parseReceipt } from './receipt.mjs'
import { openStore } from './store.mjs'
import { clientAddress, rateLimiter } from './rate-limit.mjs'
import { consoleHandler, isConsolePath } from './console.mjs'
import { compactStats } from './stats.mjs'

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {import('./store.mjs').Stored} Stored
 * @typedef {{
 *   token: string, origins?: string[], port?: number, host?: string,
 *   databaseUrl?: string, dataDir?: string, retainDays?: number, rateLimit?: number, trustProxy?: number,
 * }} CollectorOptions
 * @typedef {{ url: string, store: Store, purge(): Promise<number>, close(): Promise<void> }} Collector
 */

/** The largest receipt body accepted (docs/reference.md §13). */
export const MAX_BODY = 16 * 1024
export const DEFAULT_RETAIN_DAYS = 1825
/** Requests per client and minute: a visitor decides a few times, never dozens of times a minute. */
export const DEFAULT_RATE_LIMIT = 120
const TYPES = ['text/plain', 'application/json']
const PURGE_EVERY = 6 * 3600_000
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** @param {string} value */
const sha256 = (value) => createHash('sha256').update(value).digest()

/**
 * Whether the request carries `Authorization: Bearer <token>`. Both sides are hashed first, so
 * the comparison takes the same time whatever the length or content of what was sent.
 * @param {Request} request
 * @param {Buffer} expected the token's SHA-256
 */
const authorized = (request, expected) => {
  const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')
  return timingSafeEqual(sha256(match?.[1] ?? ''), expected) && match !== null
}

/**
 * @param {Response} response
 * @param {number} status
 * @param {string} [text]
 * @param {Record<string, string>} [headers]
 */
const answer = (response, status, text, headers = {}) => {
  if (text === undefined) return void response.writeHead(status, headers).end()
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text + '\n')
}

/**
 * The body as text, or the status that refuses it: 413 over `MAX_BODY` bytes, 400 when it is
 * not UTF-8. Reading stops counting at the limit; the connection is then closed.
 * @param {Request} request
 * @returns {Promise<{ text: string } | { status: number, reason: string }>}
 */
const readBody = (request) =>
  new Promise((resolve) => {
    const tooLarge = { status: 413, reason: `the body is larger than ${MAX_BODY} bytes` }
    if (Number(request.headers['content-length']) > MAX_BODY) return resolve(tooLarge)
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    request.on('data', (/** @type {Buffer} */ chunk) => {
      if (size > MAX_BODY) return
      size += chunk.length
      if (size > MAX_BODY) resolve(tooLarge)
      else chunks.push(chunk)
    })
    request.on('end', () => {
      if (size > MAX_BODY) return
      try {
        resolve({ text: utf8.decode(Buffer.concat(chunks)) })
      } catch {
        resolve({ status: 400, reason: 'the body is not UTF-8 text' })
      }
    })
    request.on('error', () => resolve({ status: 400, reason: 'the body could not be read' }))
  })

/**
 * @param {Response} response
 * @param {string} chunk
 */
const write = async (response, chunk) => {
  if (!response.write(chunk)) await once(response, 'drain')
}

/**
 * @param {string | null} value
 * @param {string} name
 * @returns {Date | null | string} the date, null when absent, or the problem
 */
const dateParam = (value, name) => {
  if (value === null || value === '') return null
  const time = Date.parse(value)
  return /^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(time) ? new Date(time) : `${name} must be an ISO 8601 date, like 2026-05-01 or 2026-05-01T00:00:00Z`
}

/** @param {Stored} stored */
const json = ({ receipt, receivedAt }) => JSON.stringify({ ...receipt, receivedAt })

/**
 * `GET /receipts?from&to&format`: the receipts dated from `from` (included) to `to` (excluded),
 * streamed page by page as CSV or NDJSON.
 * @param {Store} store
 * @param {URLSearchParams} query
 * @param {Response} response
 */
const exportReceipts = async (store, query, response) => {
  const from = dateParam(query.get('from'), 'from')
  const to = dateParam(query.get('to'), 'to')
  const format = query.get('format') ?? 'ndjson'
  if (typeof from === 'string') return answer(response, 400, from)
  if (typeof to === 'string') return answer(response, 400, to)
  if (format !== 'csv' && format !== 'ndjson') return answer(response, 400, 'format must be csv or ndjson')
  const csv = format === 'csv'
  response.writeHead(200, {
    'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    ...(csv && { 'content-disposition': 'attachment; filename="consentry-receipts.csv"' }),
  })
  if (csv) await write(response, CSV_HEADER + '\r\n')
  for await (const page of store.range(from, to)) {
    const lines = page.map((stored) => (csv ? csvLine(stored.receipt, stored.receivedAt) + '\r\n' : json(stored) + '\n'))
    await write(response, lines.join(''))
  }
  response.end()
}

/**
 * CORS headers for a configured origin (never `*`), and whether the origin may post at all: with
 * no `--origin`, any origin may, and none gets CORS headers.
 * @param {Request} request
 * @param {string[]} origins
 */
const cors = (request, origins) => {
  /** @type {{ allowed: boolean, headers: Record<string, string> }} */
  let result
  const origin = request.headers.origin
  if (!origins.length || origin === undefined) result = { allowed: true, headers: {} }
  else if (!origins.includes(origin)) result = { allowed: false, headers: { vary: 'Origin' } }
  else result = { allowed: true, headers: { 'access-control-allow-origin': origin, vary: 'Origin' } }
  return result
}

/**
 * `POST /receipts`: one receipt, stored once however often it is sent; 204 only once it is
 * committed.
 * @param {Store} store
 * @param {Request} request
 * @param {Response} response
 * @param {Record<string, string>} headers CORS headers
 */
const receive = async (store, request, response, headers) => {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!TYPES.includes(type)) return answer(response, 415, 'send the receipt as text/plain or application/json', headers)
  const body = await readBody(request)
  if ('status' in body) return answer(response, body.status, body.reason, { ...headers, connection: 'close' })
  const parsed = parseReceipt(body.text)
  if ('error' in parsed) return answer(response, 400, parsed.error, headers)
  try {
    await store.add(parsed.receipt)
  } catch (error) {
    console.error('consentry collector: a receipt could not be stored:', /** @type {Error} */ (error).message)
    return answer(response, 503, 'the receipt could not be stored; send it again later', headers)
  }
  answer(response, 204, undefined, headers)
}

/**
 * The request handler of the service (docs/reference.md §13).
 * @param {{ store: Store, token: string, origins: string[], rateLimit: number, trustProxy?: number }} options
 * @returns {(request: Request, response: Response) => Promise<void>}
 */
export const handler = ({ store, token, origins, rateLimit, trustProxy = 0 }) => {
  const expected = sha256(token)
  const allow = rateLimiter({ perMinute: rateLimit })
  const site = consoleHandler({ store, admin: (request) => authorized(request, expected) })
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://collector')
    const path = url.pathname.replace(/\/+$/, '')
    if (isConsolePath(path)) return site(request, response, url)
    if (path !== '/receipts' && !path.startsWith('/receipts/')) return answer(response, 404, 'not found')
    if (!allow(clientAddress(request, trustProxy))) return answer(response, 429, 'too many requests', { 'retry-after': '60' })
    const { allowed, headers } = cors(request, origins)
    if (request.method === 'OPTIONS' && path === '/receipts') {
      if (!allowed) return answer(response, 403, 'this origin may not send receipts', headers)
      const preflight = { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' }
      return answer(response, 204, undefined, { ...headers, ...(headers['access-control-allow-origin'] ? preflight : {}) })
    }
    if (request.method === 'POST' && path === '/receipts') {
      if (!allowed) return answer(response, 403, 'this origin may not send receipts', headers)
      return receive(store, request, response, headers)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return answer(response, 405, 'method not allowed', { allow: path === '/receipts' ? 'GET, POST, OPTIONS' : 'GET' })
    if (!authorized(request, expected))
      return answer(response, 401, 'send Authorization: Bearer <CONSENTRY_ADMIN_TOKEN>', { 'www-authenticate': 'Bearer' })
    if (path === '/receipts') return exportReceipts(store, url.searchParams, response)
    const id = path.slice('/receipts/'.length)
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return answer(response, 400, 'a consent id is letters, digits, "-" and "_"')
    const history = await store.history(id)
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    response.end(`[${history.map(json).join(',')}]`)
  }
}

/**
 * Starts the consent records service: opens (and migrates) the store, purges receipts older than
 * `retainDays` now and every six hours, and listens on `host`:`port` (0: a free port).
 * @param {CollectorOptions} options
 * @returns {Promise<Collector>}
 */
export const startCollector = async ({
  token,
  origins = [],
  port = 8788,
  host = '127.0.0.1',
  databaseUrl,
  dataDir = './consentry-data',
  retainDays = DEFAULT_RETAIN_DAYS,
  rateLimit = DEFAULT_RATE_LIMIT,
  trustProxy = 0,
}) => {
  if (!token) throw new Error('CONSENTRY_ADMIN_TOKEN is not set')
  const store = await openStore({ databaseUrl, dataDir })
  const purge = () => store.purge(retainDays).then(async (count) => (await compactStats(store), count))
  const handle = handler({ store, token, origins, rateLimit, trustProxy })
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      console.error('consentry collector:', error.message)
      if (!response.headersSent) answer(response, 500, 'internal error')
      else response.destroy()
    })
  })
  server.requestTimeout = 30_000
  try {
    await purge()
    await new Promise((listening, failed) => server.once('error', failed).listen(port, host, () => listening(undefined)))
  } catch (error) {
    await store.close().catch(() => {})
    throw error
  }
  const timer = setInterval(() => purge().catch((error) => console.error('consentry collector: purge failed:', error.message)), PURGE_EVERY)
  timer.unref()
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shown}:${address.port}`,
    store,
    purge,
    close: async () => {
      clearInterval(timer)
      const closed = new Promise((done) => server.close(() => done(undefined)))
      server.closeIdleConnections()
      await closed
      await store.close()
    },
  }
}
