import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'

export const TOKEN = 'test-token-0123456789abcdef'
export const ORIGIN = 'https://shop.example'
const DAY = 86_400_000

let counter = 0
/** A fresh consent id, as the browser makes them: 16 characters of [0-9a-z]. */
export const newId = () => (randomBytes(6).toString('hex') + (counter++).toString(36).padStart(4, '0')).slice(0, 16)

/** A valid receipt, dated a day ago unless told otherwise. */
export const receipt = (overrides: Record<string, unknown> = {}) => ({
  id: newId(),
  version: 3,
  timestamp: new Date(Date.now() - DAY).toISOString(),
  source: 'banner',
  locale: 'ro',
  purposes: { necessary: true, analytics: false, marketing: true },
  vendors: { ga4: false, 'meta-pixel': true },
  url: 'https://shop.example/checkout',
  gpc: false,
  ...overrides,
})

export const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString()

export const post = (url: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'text/plain' }) =>
  fetch(`${url}/receipts`, { method: 'POST', body, headers })

export const admin = (url: string, path: string, token = TOKEN) =>
  fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })

export const history = async (url: string, id: string): Promise<any[]> => {
  const response = await admin(url, `/receipts/${id}`)
  if (response.status !== 200) throw new Error(`GET /receipts/${id}: ${response.status}`)
  return response.json()
}

/**
 * `consentry collector` as a site owner starts it, in its own process, on the embedded database in
 * `data`; `url` resolves once it listens (and rejects when it exits first), `output` is what it printed.
 */
export const startProcess = (data: string, env: Record<string, string | undefined> = { CONSENTRY_ADMIN_TOKEN: TOKEN }, args: string[] = []) => {
  const child = spawn(process.execPath, ['collector/cli.mjs', '--port', '0', '--data', data, '--retain-days', '30', '--rate-limit', '0', ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      const found = /listening on (http:\/\/\S+)\/receipts/.exec(output)
      if (found) resolve(found[1]!)
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => reject(new Error(`the collector exited (${code}): ${output}`)))
  })
  // Awaited by the tests that expect it to start; those that expect a refusal read the output.
  url.catch(() => {})
  return { child, url, output: () => output }
}

/** Resolves with the exit code, or the signal that ended the process. */
export const exited = (child: ChildProcess) =>
  new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(child.exitCode ?? child.signalCode) : child.once('exit', (code, signal) => done(code ?? signal))))

/**
 * Writes `count` valid receipts straight into the table, dated one millisecond apart from
 * `from`, as many as a busy site collects in weeks: for the tests that need a large store fast.
 * Returns their consent ids' common prefix (each id is the prefix and its number).
 */
export const seed = async (query: (sql: string, params?: unknown[]) => Promise<unknown>, count: number, from: Date) => {
  const prefix = randomBytes(4).toString('hex')
  await query(
    `insert into receipts (consent_id, decided_at, digest, receipt)
     select $1 || lpad(i::text, 8, '0'), at, md5($1 || i), jsonb_build_object(
       'id', $1 || lpad(i::text, 8, '0'), 'version', 3, 'timestamp', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'source', 'banner', 'locale', 'en', 'purposes', jsonb_build_object('necessary', true, 'analytics', i % 2 = 0),
       'vendors', jsonb_build_object('ga4', i % 2 = 0), 'url', 'https://shop.example/', 'gpc', false)
     from generate_series(1, $2::int) as i, lateral (select $3::timestamptz + i * interval '1 millisecond' as at) as t`,
    [prefix, count, from.toISOString()],
  )
  return prefix
}
