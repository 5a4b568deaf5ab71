/**
 * The bench's server: every file gzipped once, in memory, sent with `Cache-Control: no-store`; the
 * bench sums the gzip sizes of what each page view fetched.
 */
import { createServer } from 'node:http'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const files = new Map()
const TYPES = { js: 'text/javascript', css: 'text/css', json: 'application/json', html: 'text/html', gif: 'image/gif' }

/** Serves `body` at `path`. */
export const add = (path, body) => {
  const type = TYPES[path.split('.').pop()] ?? TYPES.html
  const gzipped = gzipSync(body, { level: 9 })
  files.set(path, { type, gzipped, size: gzipped.length })
}
export const addFile = (path, file) => add(path, readFileSync(file))

/**
 * Serves a build of consentry (a `dist/` directory: its scripts, chunks, presets and locales, the
 * folders included) under `prefix`, e.g. `/dist/`.
 */
export const addBuild = (prefix, dir) => {
  if (!existsSync(join(dir, 'consentry.js'))) throw new Error(`${dir} has no consentry.js: is it a build of consentry?`)
  const walk = (folder, at) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && !['cli', 'configure', 'esm', 'types'].includes(entry.name))
        walk(join(folder, entry.name), `${at}${entry.name}/`)
      else if (entry.isFile() && /\.(js|json)$/.test(entry.name)) addFile(at + entry.name, join(folder, entry.name))
    }
  }
  walk(dir, prefix)
}

/** Paths requested since the last `fetched.length = 0`. */
export const fetched = []
/** Any path a page asked for that the bench does not serve. */
export const missing = new Set()

const handle = (request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname
  const file = files.get(path)
  if (!file) {
    if (path !== '/favicon.ico') missing.add(path)
    return response.writeHead(path === '/favicon.ico' ? 204 : 404).end()
  }
  fetched.push(path)
  response
    .writeHead(200, {
      'content-type': `${file.type}; charset=utf-8`,
      'content-encoding': 'gzip',
      'cache-control': 'no-store',
    })
    .end(file.gzipped)
}

/** @returns {Promise<{ origin: string, close(): void }>} */
export const startServer = async () => {
  const server = createServer(handle)
  await new Promise((done) => server.listen(0, '127.0.0.1', done))
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }
}

/** The gzip bytes a tool cost in a page view that fetched `paths`: its files and its inline configuration. */
export const bytesOf = (tool, paths) =>
  (tool.inline ? gzipSync(tool.inline, { level: 9 }).length : 0) +
  paths.filter(tool.owns).reduce((sum, path) => sum + files.get(path).size, 0)
