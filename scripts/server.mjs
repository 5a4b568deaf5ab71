import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {(request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>} Handler
 * @typedef {{ url: string, server: import('node:http').Server, close(): Promise<void> }} Served
 */

/**
 * The file a URL path names under `folder`, or `null`: never outside it, and `index.html` for a
 * folder.
 * @param {string} folder
 * @param {string} rest the path below the mount's prefix
 * @returns {Promise<string | null>}
 */
const fileIn = async (folder, rest) => {
  const base = resolve(folder)
  let file = normalize(join(base, rest))
  if (file !== base && !file.startsWith(base + '/') && !file.startsWith(base + '\\')) return null
  const found = await stat(file).catch(() => null)
  if (found?.isDirectory()) file = join(file, 'index.html')
  else if (!found) return null
  return (await stat(file).catch(() => null))?.isFile() ? file : null
}

/**
 * Serves `mounts` (URL prefix → folder, or folders tried in order) on 127.0.0.1, at `port` (0: a
 * free one). `/` of a folder serves its `index.html`. `handler` may answer a request first (fault
 * injection, headers) and returns true when it did. Used by `npm start` and the browser tests, so
 * both see the same site.
 * @param {Record<string, string | string[]>} mounts
 * @param {Handler} [handler]
 * @param {number} [port]
 * @returns {Promise<Served>}
 */
export const serve = async (mounts, handler, port = 0) => {
  const roots = Object.entries(mounts).sort(([a], [b]) => b.length - a.length)
  const server = createServer(async (request, response) => {
    try {
      if (handler && (await handler(request, response))) return
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
      for (const [prefix, folders] of roots) {
        if (!path.startsWith(prefix)) continue
        for (const folder of [folders].flat()) {
          const file = await fileIn(folder, path.slice(prefix.length))
          if (!file) continue
          const body = await readFile(file)
          response.writeHead(200, {
            'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
            'cache-control': 'no-store',
          })
          return response.end(body)
        }
      }
      notFound(response)
    } catch {
      if (!response.headersSent) response.writeHead(500)
      response.end()
    }
  })
  await new Promise((done) => server.listen(port, '127.0.0.1', () => done(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () => new Promise((done) => server.close(() => done(undefined))),
  }
}

/** The port `npm start` listens on unless `PORT` says otherwise. */
export const DEFAULT_PORT = 8787

/**
 * The consent records service `npm start` runs beside the examples: every example manifest's
 * `log.endpoint` is `${EXAMPLES_COLLECTOR}/receipts` (docs/reference.md §13).
 */
export const EXAMPLES_COLLECTOR = 'http://127.0.0.1:8788'

/**
 * The examples site of `npm start`: `examples/` at `/`, and the built `dist/` files beside them,
 * so pages load `/consentry.js` as a site owner's would (docs/reference.md §1).
 * `mounts` adds folders under other prefixes (the browser tests serve `dist/` at `/dist/` too).
 * @param {{ root?: string, handler?: Handler, port?: number, mounts?: Record<string, string | string[]> }} [options]
 * @returns {Promise<Served>}
 */
export const serveExamples = ({ root = '.', handler, port = 0, mounts = {} } = {}) =>
  serve(
    { ...mounts, '/': [join(root, 'examples'), join(root, 'dist')] },
    async (request, response) => (handler && (await handler(request, response))) || withRegion(join(root, 'examples'), request, response),
    port,
  )

/**
 * A page asked for with `?region=DE` gets `data-region="DE"` on its consentry script tag, as a
 * site's server would write it from its CDN's country header (docs/reference.md §10).
 * @param {string} folder
 * @param {IncomingMessage} request
 * @param {ServerResponse} response
 */
const withRegion = async (folder, request, response) => {
  const url = new URL(request.url ?? '/', 'http://x')
  const region = url.searchParams.get('region') ?? ''
  if (!/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(region) || !/(\/|\.html)$/.test(url.pathname)) return false
  const file = await fileIn(folder, decodeURIComponent(url.pathname))
  if (!file) return false
  const html = (await readFile(file, 'utf8')).replace('<script src="/consentry.js"', `$& data-region="${region}"`)
  response.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(html)
  return true
}

/** @param {ServerResponse} response */
const notFound = (response) => {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found')
}
