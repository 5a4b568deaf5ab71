// @ts-check
// The clients of `npm run bench:collector` (scripts/bench-collector.mjs): the collector started as
// a site owner starts it, kept-alive connections posting receipts, the process's CPU time and the
// machine's load.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'

/** Concurrent clients (CLIENTS, default 50). */
export const CLIENTS = Number(process.env.CLIENTS ?? 50)
/** The admin token every collector of the bench is started with. */
export const TOKEN = randomBytes(16).toString('hex')
const cli = fileURLToPath(new URL('../../collector/cli.mjs', import.meta.url))

/**
 * The collector in its own process, as a site owner runs it.
 * @param {string[]} args
 * @param {Record<string, string>} env
 */
export const start = (args, env = {}) => {
  const child = spawn(process.execPath, [cli, '--port', '0', '--rate-limit', '0', ...args], {
    env: { ...process.env, CONSENTRY_ADMIN_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = new Promise((resolve, reject) => {
    /** @type {string | null} */
    let output = ''
    // Read to the end (the access log follows), but looked at only until it listens.
    child.stdout?.on('data', (chunk) => {
      if (output === null) return
      output += chunk
      const found = /listening on (http:\/\/\S+)\/receipts/.exec(output)
      if (found) resolve(found[1]), (output = null)
    })
    child.once('exit', (code) => reject(new Error(`the collector exited (${code}): ${output}`)))
  })
  return { child, url: /** @type {Promise<string>} */ (url) }
}

/**
 * CPU seconds (user + system) a process has used so far, from Linux's /proc; NaN elsewhere.
 * @param {number | undefined} pid
 */
export const cpuSeconds = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

/** The machine's load average over the last minute, from Linux's /proc; NaN elsewhere. */
export const loadAverage = () => {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
  } catch {
    return NaN
  }
}

/** @param {import('node:child_process').ChildProcess} child */
export const exited = (child) => new Promise((done) => (child.exitCode !== null || child.signalCode ? done(undefined) : child.once('exit', done)))

/**
 * A client of its own: one keep-alive connection that sends one receipt at a time, written and
 * read by hand. Node's `http` client costs several times the service's own work per request, and
 * on a machine with two cores a heavy load generator delays the service it measures; this one
 * writes the request in one piece and reads no more of the answer than its status and length.
 * Resolves with the status, or 0 when the connection failed; a connection that failed is opened
 * again for the next receipt.
 * @param {string} url
 * @returns {{ post(body: string): Promise<number>, close(): void }}
 */
export const connection = (url) => {
  const { hostname, port, host } = new URL(url)
  /** @type {import('node:net').Socket | null} */
  let socket = null
  /** @type {((status: number) => void) | null} */
  let pending = null
  let buffer = ''
  /** @param {number} status */
  const settle = (status) => {
    const resolve = pending
    pending = null
    resolve?.(status)
  }
  const open = () => {
    const opened = connect(Number(port), hostname)
    opened.setNoDelay(true)
    opened.setEncoding('latin1')
    buffer = ''
    opened.on('data', (/** @type {string} */ chunk) => {
      buffer += chunk
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = buffer.slice(0, end)
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
      if (buffer.length < end + 4 + length) return
      buffer = buffer.slice(end + 4 + length)
      settle(Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0))
    })
    opened.on('error', () => {})
    opened.on('close', () => {
      if (socket === opened) socket = null
      settle(0)
    })
    return opened
  }
  return {
    post: (body) =>
      new Promise((resolve) => {
        pending = resolve
        socket ??= open()
        socket.write(`POST /receipts HTTP/1.1\r\nhost: ${host}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
      }),
    close: () => socket?.destroy(),
  }
}

let serial = 0
export const receipt = () => {
  const id = (randomBytes(6).toString('hex') + (serial++).toString(36)).slice(-16).padStart(16, '0')
  const body = JSON.stringify({
    id,
    version: 1,
    timestamp: new Date().toISOString(),
    source: 'banner',
    locale: 'en',
    purposes: { necessary: true, analytics: serial % 2 === 0, marketing: false },
    vendors: { ga4: serial % 2 === 0, 'meta-pixel': false },
    url: 'https://shop.example/',
    gpc: false,
  })
  return { id, body }
}

/**
 * CLIENTS clients posting receipts back to back until `until()` says stop.
 * @param {string} url
 * @param {() => boolean} stop
 * @param {[number, number][]} [timed] receives [sent at, latency] of each acknowledged receipt
 */
export const load = async (url, stop, timed = /** @type {[number, number][]} */ ([])) => {
  /** @type {number[]} */
  const latencies = []
  /** @type {string[]} */
  const acknowledged = []
  let failed = 0
  const client = async () => {
    const { post, close } = connection(url)
    while (!stop()) {
      const { id, body } = receipt()
      const started = performance.now()
      const status = await post(body)
      if (status === 204) {
        latencies.push(performance.now() - started)
        timed.push([started, performance.now() - started])
        acknowledged.push(id)
      } else failed++
    }
    close()
  }
  const began = performance.now()
  await Promise.all(Array.from({ length: CLIENTS }, client))
  return { latencies, acknowledged, failed, seconds: (performance.now() - began) / 1000 }
}

/**
 * @param {number[]} sorted
 * @param {number} p
 */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** The ids of every stored receipt, from the NDJSON export. @param {string} url */
export const storedIds = async (url) => {
  const response = await fetch(`${url}/receipts?format=ndjson`, { headers: { authorization: `Bearer ${TOKEN}` } })
  const text = await response.text()
  return new Set(text.split('\n').filter(Boolean).map((line) => JSON.parse(line).id))
}
