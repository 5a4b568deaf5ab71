// @ts-check
// `npm run bench:collector`: the consent records service under load, on PostgreSQL and on the
// embedded PGlite, then killed with SIGKILL mid-load to check that no acknowledged receipt is lost.
// CLIENTS (default 50) concurrent clients for DURATION seconds (default 30) against each store.
// Besides wall-clock throughput it reports receipts per CPU-second of the collector process, a
// figure that holds on a machine busy with other work, where wall-clock figures do not, and the
// load average at the end of each run, to tell a busy machine's figures from a quiet one's.
// Then, with EXPORTED (default 200,000) receipts in the store, the same load runs while one
// client exports them all: the intake latency during the export, and whether any request failed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../collector/store.mjs'
import { startPostgres } from './postgres.mjs'
import { benchStats } from './bench-stats.mjs'
import { CLIENTS, TOKEN, cpuSeconds, exited, load, loadAverage, percentile, start, storedIds } from './bench/collector-client.mjs'

const SECONDS = Number(process.env.DURATION ?? 30)
const EXPORTED = Number(process.env.EXPORTED ?? 200_000)

/**
 * Writes `count` receipts dated over the last days straight into the store, before the service
 * starts (the embedded one is then the service's alone): a store as large as the export to measure.
 * @param {{ databaseUrl?: string, dataDir: string }} where
 * @param {number} count
 */
const seed = async (where, count) => {
  const store = await openStore(where)
  try {
    for (let done = 0; done < count; done += 50_000)
      await store.query(
        `insert into receipts (consent_id, decided_at, digest, receipt)
         select 'seed' || lpad(i::text, 12, '0'), at, md5('seed' || i), jsonb_build_object(
           'id', 'seed' || lpad(i::text, 12, '0'), 'version', 1, 'timestamp', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'source', 'banner', 'locale', 'en', 'purposes', jsonb_build_object('necessary', true, 'analytics', i % 2 = 0),
           'vendors', jsonb_build_object('ga4', i % 2 = 0), 'url', 'https://shop.example/', 'gpc', false)
         from generate_series($1::int + 1, $2::int) as i, lateral (select now() - interval '7 days' + i * interval '1 second' as at) as t`,
        [done, Math.min(count, done + 50_000)],
      )
  } finally {
    await store.close()
  }
}

/**
 * The same load while one client exports every receipt as CSV: the latencies of the receipts
 * sent while the export ran, and the export's own time and size.
 * @param {string} url
 */
const duringExport = async (url) => {
  /** @type {{ began: number, ended: number, rows: number, status: number } | null} */
  let exported = null
  const running = (async () => {
    await new Promise((wait) => setTimeout(wait, 2000))
    const began = performance.now()
    const response = await fetch(`${url}/receipts?format=csv`, { headers: { authorization: `Bearer ${TOKEN}` } })
    let rows = -1
    for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (response.body)) for (const byte of chunk) if (byte === 10) rows++
    exported = { began, ended: performance.now(), rows, status: response.status }
  })()
  /** @type {[number, number][]} */
  const timed = []
  const result = await load(url, () => exported !== null, timed)
  await running
  const { began, ended, rows, status } = /** @type {{ began: number, ended: number, rows: number, status: number }} */ (
    /** @type {unknown} */ (exported)
  )
  const during = timed.filter(([sent]) => sent >= began && sent <= ended).map(([, latency]) => latency).sort((a, b) => a - b)
  return {
    acknowledged: result.acknowledged,
    figures: {
      'export s': Number(((ended - began) / 1000).toFixed(1)),
      'exported rows': status === 200 ? rows : `status ${status}`,
      'receipts/s during export': Math.round(during.length / ((ended - began) / 1000)),
      'p50 ms during export': Number(percentile(during, 50).toFixed(1)),
      'p99 ms during export': Number(percentile(during, 99).toFixed(1)),
      'max ms during export': Number((during.at(-1) ?? NaN).toFixed(1)),
      'failed during export': result.failed,
    },
  }
}

/**
 * @param {string} name
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {{ databaseUrl?: string, dataDir: string }} where
 */
const bench = async (name, args, env, where) => {
  if (EXPORTED > 0) await seed(where, EXPORTED)
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
  const exporting = EXPORTED > 0 ? await duringExport(url) : null
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
  const missing = [...acknowledged, ...(exporting?.acknowledged ?? []), ...during.acknowledged].filter((id) => !stored.has(id))
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
    ...exporting?.figures,
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
    results.push(await bench('PostgreSQL', [], { DATABASE_URL: postgres.url }, { databaseUrl: postgres.url, dataDir: data }))
    results.push(await bench('PGlite', ['--data', data], {}, { dataDir: data }))
    if (process.env.STATS !== '0') await benchStats(postgres.url) // GET /stats over 1,000,000 receipts
  } finally {
    postgres.stop()
    rmSync(data, { recursive: true, force: true })
  }
  console.log(
    `consent records service: ${CLIENTS} concurrent clients, ${SECONDS} s per store (--rate-limit 0: the clients share one address), ` +
      `then the same load during an export of ${EXPORTED} receipts, then SIGKILL mid-load`,
  )
  console.table(results)
  // The SIGKILL test kills the collector, not the machine: it cannot show what a power cut keeps.
  console.log(
    'PostgreSQL flushes each commit to the disk before the 204. PGlite hands it to the operating system only (it runs\n' +
      'with fsync off): its receipts survive the SIGKILL above, but an operating-system crash or a power cut can lose the last ones.',
  )
  if (results.some((result) => result['lost after SIGKILL'] > 0 || result['missing from export'] > 0 || Number(result['failed during export']) > 0))
    process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
