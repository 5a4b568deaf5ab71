// @ts-check
import { createHash, timingSafeEqual } from 'node:crypto'
import { listen, reporterOf } from './http.mjs'
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
 *   log?: (line: string) => void, accessLog?: (line: string) => void, errorLog?: (line: string) => void,
 * }} CollectorOptions
 * @typedef {{ url: string, store: Store, purge(): Promise<number>, close(): Promise<void> }} Collector
 * @typedef {import('./http.mjs').Report} Report writes an error line naming the request
 * @typedef {import('./http.mjs').Handle} Handle
 */

/** The largest receipt body accepted (docs/reference.md §13). */
export const MAX_BODY = 16 * 1024
export const DEFAULT_RETAIN_DAYS = 1825
/** Requests per client and minute: a visitor decides a few times, never dozens of times a minute. */
export const DEFAULT_RATE_LIMIT = 120
const TYPES = ['text/plain', 'application/json']
const PURGE_EVERY = 6 * 3600_000
const HEALTH_TIMEOUT = 5000
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
  if (response.destroyed) throw new Error('the client went away')
  if (response.write(chunk)) return
  // Until the client has read what was written, or has gone.
  await new Promise((resolve) => {
    const done = () => {
      response.off('drain', done).off('close', done)
      resolve(undefined)
    }
    response.on('drain', done).on('close', done)
  })
}

/** A date, or a date and time, as `from` and `to` take them; a time without a zone is UTC. */
const DATE_PARAM = /^(\d{4})-(\d\d)-(\d\d)(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)?)?$/

/**
 * @param {string | null} value
 * @param {string} name
 * @returns {Date | null | string} the date, null when absent, or the problem
 */
const dateParam = (value, name) => {
  if (value === null || value === '') return null
  const match = DATE_PARAM.exec(value)
  const problem = `${name} must be a real ISO 8601 date from the year 0001 on, like 2026-05-01 or 2026-05-01T00:00:00Z`
  if (!match) return problem
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const calendar = new Date(Date.UTC(2000, month - 1, day))
  calendar.setUTCFullYear(year)
  // The year 0000 has a date in JavaScript but none in PostgreSQL; February 30 has none in either.
  if (year < 1 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return problem
  const time = Date.parse(match[4] || value.length === 10 ? value : value + 'Z')
  return Number.isNaN(time) ? problem : new Date(time)
}

/**
 * The store did not answer: 503, before the first byte of the answer, and a line naming the
 * request (docs/reference.md §13).
 * @param {Response} response
 * @param {Report} report
 * @param {unknown} error
 */
const unavailable = (response, report, error) => {
  report('the receipts store did not answer', error)
  answer(response, 503, 'the receipts store is not answering; try again later', { 'retry-after': '5' })
}

/** @param {Stored} stored */
const json = ({ receipt, receivedAt }) => JSON.stringify({ ...receipt, receivedAt })

/**
 * `GET /receipts?from&to&format`: the receipts dated from `from` (included) to `to` (excluded),
 * streamed page by page as CSV or NDJSON. The parameters are checked, and the first page read,
 * before the status is sent: a store that does not answer gets 503, never a 200 cut short. A
 * store that fails after that breaks the transfer, so that no client takes a part for the whole.
 * @param {Store} store
 * @param {URLSearchParams} query
 * @param {Response} response
 * @param {Report} report
 */
const exportReceipts = async (store, query, response, report) => {
  const from = dateParam(query.get('from'), 'from')
  const to = dateParam(query.get('to'), 'to')
  const format = query.get('format') ?? 'ndjson'
  if (typeof from === 'string') return answer(response, 400, from)
  if (typeof to === 'string') return answer(response, 400, to)
  if (format !== 'csv' && format !== 'ndjson') return answer(response, 400, 'format must be csv or ndjson')
  const csv = format === 'csv'
  const pages = store.range(from, to)
  let page
  try {
    page = await pages.next()
  } catch (error) {
    return unavailable(response, report, error)
  }
  response.writeHead(200, {
    'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    ...(csv && { 'content-disposition': 'attachment; filename="consentry-receipts.csv"' }),
  })
  if (csv) await write(response, CSV_HEADER + '\r\n')
  try {
    for (; !page.done; page = await pages.next()) {
      const lines = page.value.map((stored) => (csv ? csvLine(stored.receipt, stored.receivedAt) + '\r\n' : json(stored) + '\n'))
      await write(response, lines.join(''))
    }
  } catch (error) {
    if (!response.destroyed) report('the export broke off: the receipts store stopped answering', error)
    return void response.destroy()
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
 * @param {Report} report
 */
const receive = async (store, request, response, headers, report) => {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!TYPES.includes(type)) return answer(response, 415, 'send the receipt as text/plain or application/json', headers)
  const body = await readBody(request)
  if ('status' in body) return answer(response, body.status, body.reason, { ...headers, connection: 'close' })
  const parsed = parseReceipt(body.text)
  if ('error' in parsed) return answer(response, 400, parsed.error, headers)
  try {
    await store.add(parsed.receipt)
  } catch (error) {
    report('the receipt could not be stored', error)
    return answer(response, 503, 'the receipt could not be stored; send it again later', headers)
  }
  answer(response, 204, undefined, headers)
}

/**
 * `GET /health`: 200 when the store answers within five seconds, else 503. No token: it says
 * nothing but whether the service can take receipts.
 * @param {Store} store
 * @param {Response} response
 * @param {Report} report
 */
const health = async (store, response, report) => {
  /** @type {NodeJS.Timeout | undefined} */
  let timer
  const late = new Promise((_, failed) => (timer = setTimeout(() => failed(new Error('no answer within 5 s')), HEALTH_TIMEOUT)))
  try {
    await Promise.race([store.ping(), late])
  } catch (error) {
    return unavailable(response, report, error)
  } finally {
    clearTimeout(timer)
  }
  answer(response, 200, 'ok', { 'cache-control': 'no-store' })
}

/** @type {Report} */
const reportToConsole = (what, error) => console.error(`consentry collector: ${what}: ${/** @type {Error} */ (error)?.message}`)

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
    const report = reporterOf(request) ?? reportToConsole
    if (/^\/health\/*(\?|$)/.test(request.url ?? '') && (request.method === 'GET' || request.method === 'HEAD')) return health(store, response, report)
    const url = new URL(request.url ?? '/', 'http://collector')
    const path = url.pathname.replace(/\/+$/, '')
    if (isConsolePath(path)) return site(request, response, url)
    if (path !== '/receipts' && !path.startsWith('/receipts/')) return answer(response, 404, 'not found')
    // Whether a request carries the header at all is no secret; only its value is compared in constant time.
    const admin = request.headers.authorization !== undefined && authorized(request, expected)
    // The admin is never limited, nor are preflights: one costs no more than its refusal, and a
    // refused one reaches the page as a CORS error, not as 429 (docs/reference.md §13).
    if (!admin && request.method !== 'OPTIONS' && !allow(clientAddress(request, trustProxy)))
      return answer(response, 429, 'too many requests', { 'retry-after': '60' })
    const { allowed, headers } = cors(request, origins)
    if (request.method === 'OPTIONS' && path === '/receipts') {
      if (!allowed) return answer(response, 403, 'this origin may not send receipts', headers)
      const preflight = { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' }
      return answer(response, 204, undefined, { ...headers, ...(headers['access-control-allow-origin'] ? preflight : {}) })
    }
    if (request.method === 'POST' && path === '/receipts') {
      if (!allowed) return answer(response, 403, 'this origin may not send receipts', headers)
      return receive(store, request, response, headers, report)
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return answer(response, 405, 'method not allowed', { allow: path === '/receipts' ? 'GET, POST, OPTIONS' : 'GET' })
    if (!admin)
      return answer(response, 401, 'send Authorization: Bearer <CONSENTRY_ADMIN_TOKEN>', { 'www-authenticate': 'Bearer' })
    if (path === '/receipts') return exportReceipts(store, url.searchParams, response, report)
    const id = path.slice('/receipts/'.length)
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return answer(response, 400, 'a consent id is letters, digits, "-" and "_"')
    let history
    try {
      history = await store.history(id)
    } catch (error) {
      return unavailable(response, report, error)
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    response.end(`[${history.map(json).join(',')}]`)
  }
}

/**
 * Starts the consent records service: listens on `host`:`port` (0: a free port) first, so that an
 * address it cannot take fails before anything is written to the disk; then opens (and migrates)
 * the store, and purges receipts received more than `retainDays` ago, now and every six hours.
 * Requests that come meanwhile wait for the store.
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
  log = (line) => console.log(line),
  accessLog,
  errorLog = (line) => console.error(line),
}) => {
  if (!token) throw new Error('CONSENTRY_ADMIN_TOKEN is not set')
  /** @type {(handle: Handle) => void} */
  let opened = () => {}
  /** @type {Promise<Handle>} */
  const ready = new Promise((resolve) => (opened = resolve))
  const http = await listen({ handle: async (request, response) => (await ready)(request, response), port, host, accessLog, errorLog })
  let store
  try {
    store = await openStore({ databaseUrl, dataDir })
  } catch (error) {
    await http.close()
    throw error
  }
  const purge = async () => {
    const deleted = await /** @type {Store} */ (store).purge(retainDays)
    await compactStats(/** @type {Store} */ (store))
    if (deleted) log(`consentry collector: deleted ${deleted} receipts received more than ${retainDays} days ago (--retain-days)`)
    return deleted
  }
  opened(handler({ store, token, origins, rateLimit, trustProxy }))
  try {
    await purge()
  } catch (error) {
    await http.close()
    await store.close().catch(() => {})
    throw error
  }
  const timer = setInterval(() => purge().catch((error) => errorLog(`consentry collector: the purge failed: ${error.message}`)), PURGE_EVERY)
  timer.unref()
  return {
    url: http.url,
    store,
    purge,
    close: async () => {
      clearInterval(timer)
      await http.close()
      await /** @type {Store} */ (store).close()
    },
  }
}
