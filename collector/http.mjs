// @ts-check
import { createServer } from 'node:http'

/**
 * The HTTP side of the service that is not about receipts (docs/reference.md §13): each request
 * gets a number and a name, used by its access line and by every error line about it; and a
 * shutdown that stops accepting, answers what is in flight, then closes every connection, idle
 * or kept alive, without waiting for the clients to let go.
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {(what: string, error: unknown) => void} Report
 * @typedef {(request: Request, response: Response) => Promise<void>} Handle
 */

/** @type {WeakMap<Request, Report>} */
const reporters = new WeakMap()

/**
 * The function that writes an error line naming `request`, for a request that came through
 * `listen`.
 * @param {Request} request
 * @returns {Report | undefined}
 */
export const reporterOf = (request) => reporters.get(request)

/** How long a shutdown waits for the answers in flight (a long export) before cutting them. */
export const SHUTDOWN_GRACE = 10_000
/** The longest request target an access or error line repeats. */
const SHOWN_URL = 200

/**
 * @param {{
 *   handle: Handle, port: number, host: string,
 *   accessLog?: (line: string) => void, errorLog: (line: string) => void,
 * }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export const listen = async ({ handle, port, host, accessLog, errorLog }) => {
  let count = 0
  let closing = false
  /** @type {Set<Response>} */
  const inFlight = new Set()
  const server = createServer((request, response) => {
    const started = performance.now()
    const name = `#${++count} ${request.method} ${(request.url ?? '').slice(0, SHOWN_URL)}`
    inFlight.add(response)
    // Once the service is stopping, every answer closes its connection.
    if (closing) response.setHeader('connection', 'close')
    response.once('close', () => {
      inFlight.delete(response)
      const status = response.writableFinished ? String(response.statusCode) : 'aborted'
      accessLog?.(`${new Date().toISOString()} ${name} ${status} ${(performance.now() - started).toFixed(1)}ms`)
      if (closing) server.closeIdleConnections()
    })
    /** @type {Report} */
    const report = (what, error) =>
      errorLog(`consentry collector: ${new Date().toISOString()} ${name}: ${what}: ${/** @type {Error} */ (error)?.message ?? error}`)
    reporters.set(request, report)
    handle(request, response).catch((error) => {
      report('internal error', error)
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal error\n')
      else response.destroy()
    })
  })
  server.requestTimeout = 30_000
  await new Promise((listening, failed) => server.once('error', failed).listen(port, host, () => listening(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shown}:${address.port}`,
    close: async () => {
      closing = true
      const closed = new Promise((done) => server.close(() => done(undefined)))
      for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close')
      server.closeIdleConnections()
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE)
      await closed
      clearTimeout(cut)
    },
  }
}

/**
 * Lines written to `stream` together, once per turn of the event loop: an access line per request
 * costs one write per turn, not one per line.
 * @param {NodeJS.WritableStream} stream
 * @returns {(line: string) => void}
 */
export const lineWriter = (stream) => {
  /** @type {string[]} */
  let lines = []
  return (line) => {
    if (lines.length === 0)
      setImmediate(() => {
        stream.write(lines.join(''))
        lines = []
      })
    lines.push(line + '\n')
  }
}
