// @vitest-environment node
// What an operator meets (docs/reference.md §13): exports that leave intake alone, retention by
// the time a receipt was received, export parameters and a store that is down answered before the
// first byte, no rate limit for the admin, /health and the access log. Each test runs on both
// stores, each with a store of its own.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { startCollector } from '../../collector/server.mjs'
import { startPostgres, type Postgres } from '../../scripts/postgres.mjs'
import { admin, history, ORIGIN, post, receipt, seed, TOKEN } from './helpers'

type Options = { dataDir?: string; databaseUrl?: string }

let postgres: Postgres | undefined
const servers: Postgres[] = []
const folders: string[] = []
afterAll(() => {
  for (const server of [postgres, ...servers]) server?.stop()
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
}, 120_000)

let databases = 0
/** A fresh database on `server` (the shared test server by default). */
const database = async (server?: Postgres) => {
  const on = server ?? (postgres ??= startPostgres())
  const name = `operations_${++databases}`
  const client = new pg.Client({ connectionString: on.url })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  return on.url.replace('/postgres?', `/${name}?`)
}

const STORES: [string, () => Promise<Options>][] = [
  ['PGlite', async () => ({ dataDir: folders[folders.push(mkdtempSync(join(tmpdir(), 'consentry-operations-'))) - 1]! })],
  ['PostgreSQL', async () => ({ databaseUrl: await database() })],
]

/** Starts a collector that keeps what it logs. */
const start = async (store: Options, options: { rateLimit?: number; retainDays?: number } = {}) => {
  const lines = { log: [] as string[], access: [] as string[], errors: [] as string[] }
  const collector = await startCollector({
    token: TOKEN,
    origins: [ORIGIN],
    port: 0,
    rateLimit: 0,
    ...options,
    ...store,
    log: (line) => lines.log.push(line),
    accessLog: (line) => lines.access.push(line),
    errorLog: (line) => lines.errors.push(line),
  })
  return { collector, url: collector.url, lines }
}

/**
 * How many index entries the database has read from the receipts table so far, once its
 * statistics, which each connection reports a moment after its work, have stopped moving.
 */
const indexReads = async (collector: Awaited<ReturnType<typeof startCollector>>) => {
  let last = -1
  for (let attempt = 0; attempt < 40; attempt++) {
    await collector.store.query('select pg_stat_force_next_flush()')
    const { rows } = await collector.store.query("select coalesce(sum(idx_tup_read), 0)::text as n from pg_stat_user_indexes where relname = 'receipts'")
    const reads = Number(rows[0].n)
    if (reads === last) return reads
    last = reads
    await new Promise((wait) => setTimeout(wait, 1500))
  }
  throw new Error('the statistics of the receipts table did not settle')
}

/**
 * Receipts in the export that intake must not wait for: enough for dozens of pages of the store
 * (500 each), so that an export holding the store starves the visitors below the 50 answers asked
 * for, and one rereading the range for every page reads ~30 times more than it exports. The
 * larger exports operators run are npm run bench:collector's.
 */
const EXPORTED = 30_000

describe.each(STORES)('on %s', (_name, fresh) => {
  test(`keeps answering receipts at their usual pace while an export of ${EXPORTED.toLocaleString('en')} streams`, async () => {
    const { collector, url } = await start(await fresh())
    try {
      const from = new Date(Date.now() - 20 * 86_400_000)
      const prefix = await seed((sql, params) => collector.store.query(sql, params), EXPORTED, from)
      const readBefore = await indexReads(collector)
      let exporting = true
      const exported = admin(url, '/receipts?format=ndjson').then(async (response) => {
        const text = await response.text()
        exporting = false
        return [response.status, text] as const
      })
      // Four visitors deciding one after another while the export runs.
      const during: number[] = []
      const acknowledged: string[] = []
      const visitor = async () => {
        while (exporting) {
          const sent = receipt()
          const began = performance.now()
          const response = await post(url, JSON.stringify(sent))
          expect(response.status).toBe(204)
          acknowledged.push(sent.id)
          if (exporting) during.push(performance.now() - began)
        }
      }
      const [[status, text]] = await Promise.all([exported, visitor(), visitor(), visitor(), visitor()])
      expect(status).toBe(200)
      // The export holds every seeded receipt, once, in order.
      const seeded = text.split('\n').filter((line) => line.includes(`"${prefix}`))
      expect(seeded.length).toBe(EXPORTED)
      expect(JSON.parse(seeded[0]!).id).toBe(`${prefix}00000001`)
      expect(JSON.parse(seeded.at(-1)!).id).toBe(`${prefix}${String(EXPORTED).padStart(8, '0')}`)
      // Receipts were answered all along, none failed, none waiting for the export to end. (An
      // export that holds the store makes them wait for its end, tens of seconds here, and resets
      // their connections. The latencies a busy site sees are measured by npm run bench:collector;
      // this machine may be shared, so only the median is held to a bound here.)
      during.sort((a, b) => a - b)
      expect(during.length).toBeGreaterThan(50)
      expect(during[Math.floor(during.length / 2)]).toBeLessThan(1000)
      // The database read each exported receipt about once: an export that rereads the rest of
      // the range for every page does work in the square of its size, and holds the store.
      expect((await indexReads(collector)) - readBefore).toBeLessThan(3 * EXPORTED)
      for (const id of acknowledged.slice(-5)) expect(await history(url, id)).toHaveLength(1)
    } finally {
      await collector.close()
    }
  }, 300_000)

  test('keeps receipts dated 1970 and 0001 by the visitor’s clock across a restart, and deletes by the time it received them', async () => {
    const store = await fresh()
    let { collector, url, lines } = await start(store, { retainDays: 30 })
    const epoch = receipt({ timestamp: '1970-01-01T00:00:00.000Z' })
    const first = receipt({ timestamp: '0001-01-01T00:00:00.000Z' })
    const old = receipt({ timestamp: new Date(Date.now() - 400 * 86_400_000).toISOString() })
    for (const sent of [epoch, first, old]) expect((await post(url, JSON.stringify(sent))).status).toBe(204)
    await collector.close()
    // The next start purges: nothing it received today goes, whatever the date in the receipt.
    ;({ collector, url, lines } = await start(store, { retainDays: 30 }))
    try {
      for (const sent of [epoch, first, old]) expect((await history(url, sent.id)).map((r) => r.timestamp)).toEqual([sent.timestamp])
      expect(lines.log).toEqual([])
      await collector.store.query("update receipts set received_at = now() - interval '31 days' where consent_id = $1", [epoch.id])
      expect(await collector.purge()).toBe(1)
      expect(await history(url, epoch.id)).toEqual([])
      expect(await history(url, first.id)).toHaveLength(1)
      expect(lines.log).toEqual(['consentry collector: deleted 1 receipts received more than 30 days ago (--retain-days)'])
    } finally {
      await collector.close()
    }
  }, 300_000)

  test('checks the export parameters before it answers: an impossible date gets 400', async () => {
    const { collector, url } = await start(await fresh())
    try {
      for (const query of ['from=0000-01-01', 'from=2026-02-30', 'to=2026-02-29', 'to=2025-04-31T00:00:00Z', 'from=2026-05-01T24:30:00Z', 'from=2026-5-1'])
        expect([query, (await admin(url, `/receipts?${query}&format=csv`)).status]).toEqual([query, 400])
      const refused = await admin(url, '/receipts?from=0000-01-01&format=csv')
      expect(await refused.text()).toMatch(/^from must be a real ISO 8601 date from the year 0001 on/)
      const sent = receipt({ timestamp: '2024-02-29T12:00:00.000Z' })
      expect((await post(url, JSON.stringify(sent))).status).toBe(204)
      for (const query of ['from=2024-02-29&to=2024-03-01', 'from=2024-02-29T11:00:00Z&to=2024-02-29T13:00', 'from=2024-02-29T13:00:00%2B02:00'])
        expect([query, (await (await admin(url, `/receipts?${query}`)).text()).includes(sent.id)]).toEqual([query, true])
      expect((await (await admin(url, '/receipts?from=0001-01-01&to=2024-02-29')).text())).toBe('')
    } finally {
      await collector.close()
    }
  }, 300_000)

  test('never rate-limits a request that carries the admin token, nor a CORS preflight', async () => {
    const { collector, url } = await start(await fresh(), { rateLimit: 3 })
    try {
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await post(url, JSON.stringify(receipt()))).status)
      expect(statuses).toEqual([204, 204, 204, 429])
      // The same address, over its limit: the admin's own requests, all answered.
      for (let i = 0; i < 10; i++) {
        expect((await admin(url, '/receipts?format=csv')).status).toBe(200)
        expect((await admin(url, '/receipts/abcdefgh')).status).toBe(200)
      }
      const sent = receipt()
      const byAdmin = await post(url, JSON.stringify(sent), { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` })
      expect(byAdmin.status).toBe(204)
      const preflight = await fetch(`${url}/receipts`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } })
      expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, ORIGIN])
      expect((await fetch(`${url}/health`)).status).toBe(200)
      // A wrong token is counted like any request: guessing it stays limited.
      expect((await admin(url, '/receipts/abcdefgh', `${TOKEN}x`)).status).toBe(429)
      expect((await post(url, JSON.stringify(receipt()))).status).toBe(429)
    } finally {
      await collector.close()
    }
  }, 300_000)

  test('answers GET /health with 200 and no token, and writes one access line per request', async () => {
    const { collector, url, lines } = await start(await fresh())
    try {
      const healthy = await fetch(`${url}/health`)
      expect([healthy.status, await healthy.text()]).toEqual([200, 'ok\n'])
      expect((await fetch(`${url}/health`, { method: 'HEAD' })).status).toBe(200)
      expect((await post(url, JSON.stringify(receipt()))).status).toBe(204)
      expect((await post(url, 'not json')).status).toBe(400)
      await expect.poll(() => lines.access.length).toBe(4)
      const line = /^\d{4}-\d\d-\d\dT[\d:.]+Z #\d+ /.source
      expect(lines.access).toEqual([
        expect.stringMatching(new RegExp(`${line}GET /health 200 [\\d.]+ms$`)),
        expect.stringMatching(new RegExp(`${line}HEAD /health 200 [\\d.]+ms$`)),
        expect.stringMatching(new RegExp(`${line}POST /receipts 204 [\\d.]+ms$`)),
        expect.stringMatching(new RegExp(`${line}POST /receipts 400 [\\d.]+ms$`)),
      ])
      // Nothing about the visitor's connection: no address, no user agent.
      expect(lines.access.join('\n')).not.toMatch(/127\.0\.0\.1|::1|node|undici/i)
      expect(lines.errors).toEqual([])
    } finally {
      await collector.close()
    }
  }, 300_000)
})

describe.each([
  ['PGlite', async () => ({ store: await STORES[0]![1](), stop: async (collector: Awaited<ReturnType<typeof startCollector>>) => collector.store.close() })],
  [
    'PostgreSQL',
    async () => {
      // A server of its own, stopped under the collector.
      const server = startPostgres()
      servers.push(server)
      return { store: { databaseUrl: await database(server) }, stop: async () => server.stop() }
    },
  ],
] as const)('on %s, with the store down', (_name, setup) => {
  test('answers 503 before the first byte to an export, a lookup, a receipt and /health, and names each request in its error line', async () => {
    const { store, stop } = await setup()
    const { collector, url, lines } = await start(store)
    const sent = receipt()
    expect((await post(url, JSON.stringify(sent))).status).toBe(204)
    await stop(collector)
    try {
      for (const path of ['/receipts?format=csv', '/receipts?format=ndjson', `/receipts/${sent.id}`, '/health']) {
        const response = await admin(url, path)
        expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 503, 'text/plain; charset=utf-8'])
        expect(await response.text()).toBe('the receipts store is not answering; try again later\n')
      }
      expect((await post(url, JSON.stringify(receipt()))).status).toBe(503)
      await expect.poll(() => lines.errors.length).toBe(5)
      for (const [i, request] of ['GET /receipts?format=csv', 'GET /receipts?format=ndjson', `GET /receipts/${sent.id}`, 'GET /health', 'POST /receipts'].entries())
        expect(lines.errors[i]).toMatch(new RegExp(`^consentry collector: \\S+Z #\\d+ ${request.replace(/[?/]/g, '\\$&')}: `))
    } finally {
      await collector.close().catch(() => {})
    }
  }, 300_000)
})
