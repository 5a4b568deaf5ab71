// @ts-check
// `npm run bench:collector`: the consent records service under load, on PostgreSQL and on the
// embedded PGlite, then killed with SIGKILL mid-load to check that no acknowledged receipt is lost.
// CLIENTS (default 50) concurrent clients for DURATION seconds (default 30) against each store.
// Besides wall-clock throughput it reports receipts per CPU-second of the collector process, a
// figure that holds on a machine busy with other work, where wall-clock figures do not, and the
// load average at the end of each run, to tell a busy machine's figures from a quiet one's.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startPostgres } from './postgres.mjs'
import { benchStats } from './bench-stats.mjs'

const CLIENTS = Number(process.env.CLIENTS ?? 50)
const SECONDS = Number(process.env.DURATION ?? 30)
const TOKEN = randomBytes(16).toString('hex')
const cli = fileURLToPath(new URL('../collector/cli.mjs', import.meta.url))

/**
 * The collector in its own process, as a site owner runs it.
 * @param {string[]} args
 * @param {Record<string, string>} env
 */
const start = (args, env = {}) => {
  const child = spawn(process.execPath, [cli, '--port', '0', '--rate-limit', '0', ...args], {
    env: { ...process.env, CONSENTRY_ADMIN_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = new Promise((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk) => {
      output += chunk
      const found = /listening on (http:\/\/\S+)\/receipts/.exec(output)
      if (found) resolve(found[1])
    })
    child.once('exit', (code) => reject(new Error(`the collector exited (${code}): ${output}`)))
  })
  return { child, url: /** @type {Promise<string>} */ (url) }
}

/**
 * CPU seconds (user + system) a process has used so far, from Linux's /proc; NaN elsewhere.
 * @param {number | undefined} pid
 */
const cpuSeconds = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

/** The machine's load average over the last minute, from Linux's /proc; NaN elsewhere. */
const loadAverage = () => {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
  } catch {
    return NaN
  }
}

/** @param {import('node:child_process').ChildProcess} child */
const exited = (child) => new Promise((done) => (child.exitCode !== null || child.signalCode ? done(undefined) : child.once('exit', done)))

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
const connection = (url) => {
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
const receipt = () => {
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
 */
const load = async (url, stop) => {
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
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** The ids of every stored receipt, from the NDJSON export. @param {string} url */
const storedIds = async (url) => {
  const response = await fetch(`${url}/receipts?format=ndjson`, { headers: { authorization: `Bearer ${TOKEN}` } })
  const text = await response.text()
  return new Set(text.split('\n').filter(Boolean).map((line) => JSON.parse(line).id))
}

/**
 * @param {string} name
 * @param {string[]} args
 * @param {Record<string, string>} env
 */
const bench = async (name, args, env) => {
  const service = start(args, env)
  const url = await service.url
  const deadline = Date.now() + SECONDS * 1000
  const cpuBefore = cpuSeconds(service.child.pid)
  const { latencies, acknowledged, failed, seconds } = await load(url, () => Date.now() > deadline)
  const cpu = cpuSeconds(service.child.pid) - cpuBefore
  latencies.sort((a, b) => a - b)
  const result = {
    store: name,
    'receipts/s': Math.round(acknowledged.length / seconds),
    'p50 ms': Number(percentile(latencies, 50).toFixed(1)),
    'p99 ms': Number(percentile(latencies, 99).toFixed(1)),
    'receipts per CPU-s': Math.round(acknowledged.length / cpu),
    'load average': loadAverage(),
    acknowledged: acknowledged.length,
    failed,
  }
  // The fault test: load again, SIGKILL mid-load, restart, and look for every 204.
  let killed = false
  const faulted = load(url, () => killed)
  await new Promise((wait) => setTimeout(wait, Math.min(5, SECONDS) * 1000))
  service.child.kill('SIGKILL')
  killed = true
  const during = await faulted
  await exited(service.child)
  const again = start(args, env)
  const restarted = await again.url
  const stored = await storedIds(restarted)
  const missing = [...acknowledged, ...during.acknowledged].filter((id) => !stored.has(id))
  // Whatever the export did not list is looked up by id too, so that an export fault and a lost
  // receipt are told apart.
  const lost = []
  const unlisted = []
  for (const id of missing) {
    const response = await fetch(`${restarted}/receipts/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    if ((await response.json()).length === 0) lost.push(id)
    else unlisted.push(id)
  }
  if (unlisted.length) console.error(`${name}: stored, but the export did not list: ${unlisted.join(', ')}`)
  if (lost.length) console.error(`${name}: acknowledged but not stored: ${lost.join(', ')}`)
  again.child.kill('SIGTERM')
  await exited(again.child)
  return {
    ...result,
    'acknowledged before SIGKILL': during.acknowledged.length,
    'lost after SIGKILL': lost.length,
    'missing from export': unlisted.length,
  }
}

const main = async () => {
  const postgres = startPostgres()
  const data = mkdtempSync(join(tmpdir(), 'consentry-bench-'))
  const results = []
  try {
    results.push(await bench('PostgreSQL', [], { DATABASE_URL: postgres.url }))
    results.push(await bench('PGlite', ['--data', data], {}))
    if (process.env.STATS !== '0') await benchStats(postgres.url) // GET /stats over 1,000,000 receipts
  } finally {
    postgres.stop()
    rmSync(data, { recursive: true, force: true })
  }
  console.log(`consent records service: ${CLIENTS} concurrent clients, ${SECONDS} s per store, then SIGKILL mid-load`)
  console.table(results)
  // The SIGKILL test kills the collector, not the machine: it cannot show what a power cut keeps.
  console.log(
    'PostgreSQL flushes each commit to the disk before the 204. PGlite hands it to the operating system only (it runs\n' +
      'with fsync off): its receipts survive the SIGKILL above, but an operating-system crash or a power cut can lose the last ones.',
  )
  if (results.some((result) => result['lost after SIGKILL'] > 0 || result['missing from export'] > 0)) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
