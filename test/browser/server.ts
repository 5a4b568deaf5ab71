import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'

const TYPES: Record<string, string> = {
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

export interface Served {
  url: string
  server: Server
  close(): Promise<void>
}

/** A hook that may answer a request itself (fault injection, CSP headers); return true if it did. */
export type Handler = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>

/**
 * Serves `mounts` (URL prefix → folder) on 127.0.0.1 at a free port. `/` of a folder serves its
 * `index.html`. Used by `npm start` and by the browser tests, so both see the same site.
 */
export const serve = async (mounts: Record<string, string>, handler?: Handler, port = 0): Promise<Served> => {
  const roots = Object.entries(mounts).sort(([a], [b]) => b.length - a.length)
  const server = createServer(async (request, response) => {
    try {
      if (handler && (await handler(request, response))) return
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
      const mount = roots.find(([prefix]) => path.startsWith(prefix))
      if (!mount) return notFound(response)
      const [prefix, folder] = mount
      const base = resolve(folder)
      let file = normalize(join(base, path.slice(prefix.length)))
      if (!file.startsWith(base)) return notFound(response)
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html')
      const body = await readFile(file).catch(() => null)
      if (!body) return notFound(response)
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      response.end(body)
    } catch {
      response.writeHead(500).end()
    }
  })
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done))
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}`,
    server,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}

const notFound = (response: ServerResponse) => {
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
}
