// @ts-check
// The time of GET /stats over 1,000,000 receipts on PostgreSQL (docs/reference.md §13), the last
// step of `npm run bench:collector` (or `node scripts/bench-stats.mjs` alone, with a throwaway
// PostgreSQL of its own). The receipts are written by the database itself (INSERT … SELECT from
// generate_series, 100,000 per statement, through the same triggers that count them on intake),
// spread over 365 days, three manifest versions and five regions, with half accepting all, a
// third refusing and the rest choosing among four purposes. Then a collector process answers
// /stats over HTTP for several periods; each is asked 7 times and the median and the slowest are
// given, with the CPU time PostgreSQL and the collector spent per request (a figure that holds on a
// busy machine, where wall-clock times do not) and the machine's load average.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startPostgres } from './postgres.mjs'

const RECEIPTS = Number(process.env.STATS_RECEIPTS ?? 1_000_000)
const CHUNK = 100_000
const RUNS = 7
const TOKEN = randomBytes(16).toString('hex')
const cli = fileURLToPath(new URL('../collector/cli.mjs', import.meta.url))

// $1: the first serial of the chunk, $2: its last; receipts dated over the 365 days before now.
const SEED = `
insert into receipts (consent_id, decided_at, digest, receipt)
select id, at, md5(id), jsonb_build_object(
    'id', id, 'version', 1 + serial % 3, 'timestamp', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'source', 'banner', 'locale', 'en', 'purposes', purposes,
    'vendors', jsonb_build_object('ga4', purposes->'analytics', 'meta', purposes->'marketing', 'hotjar', purposes->'journey'),
    'url', 'https://shop.example/products/a-long-path?utm_source=newsletter', 'gpc', false)
  || case when serial % 6 = 5 then '{}'::jsonb else jsonb_build_object('region', (array['DE', 'FR', 'US-CA', 'RO', 'GB'])[1 + serial % 6]) end
from (
  select serial, lpad(to_hex(serial), 16, '0') as id, now() - random() * interval '365 days' as at,
    case when draw < 0.5 then '{"service":true,"security":true,"journey":true,"analytics":true,"communications":true,"marketing":true}'::jsonb
      when draw < 0.83 then '{"service":true,"security":true,"journey":false,"analytics":false,"communications":false,"marketing":false}'::jsonb
      else jsonb_build_object('service', true, 'security', true, 'journey', random() < 0.5, 'analytics', random() < 0.5,
        'communications', random() < 0.3, 'marketing', random() < 0.2) end as purposes
  from (select serial, random() as draw from generate_series($1::bigint, $2::bigint) serial) drawn
) made`

/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms))

const loadAverage = () => {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
  } catch {
    return NaN
  }
}

/**
 * CPU seconds (user + system) used so far by a PostgreSQL server (its postmaster and every process
 * it started) and by `pid`, from Linux's /proc; NaN elsewhere. On a machine busy with other work,
 * the time a request takes says more about the machine than about the query; this does not.
 * @param {string} url the server's URL, its unix socket folder in `host`
 * @param {number | undefined} pid
 */
const cpuSeconds = (url, pid) => {
  try {
    const folder = new URL(url).searchParams.get('host')
    const postmaster = Number(readFileSync(`${folder}/data/postmaster.pid`, 'utf8').split('\n')[0])
    let total = 0
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      let fields
      try {
        fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
      } catch {
        continue
      }
      if (Number(entry) === postmaster || Number(fields[1]) === postmaster || Number(entry) === pid)
        total += (Number(fields[11]) + Number(fields[12])) / 100
    }
    return total
  } catch {
    return NaN
  }
}

/**
 * Seeds a database of its own on the PostgreSQL server at `serverUrl` and times /stats on it.
 * @param {string} serverUrl
 */
export const benchStats = async (serverUrl) => {
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query('drop database if exists consentry_stats_bench')
  await admin.query('create database consentry_stats_bench')
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = '/consentry_stats_bench'
  const child = spawn(process.execPath, [cli, '--port', '0'], {
    env: { ...process.env, CONSENTRY_ADMIN_TOKEN: TOKEN, DATABASE_URL: url.href },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const base = await new Promise((resolve, reject) => {
      let output = ''
      child.stdout?.on('data', (chunk) => {
        output += chunk
        const found = /listening on (http:\/\/\S+)\/receipts/.exec(output)
        if (found) resolve(found[1])
      })
      child.once('exit', (code) => reject(new Error(`the collector exited (${code}): ${output}`)))
    })
    const db = new pg.Client({ connectionString: url.href })
    await db.connect()
    const seeding = Date.now()
    for (let first = 1; first <= RECEIPTS; first += CHUNK) await db.query(SEED, [first, Math.min(RECEIPTS, first + CHUNK - 1)])
    // What autovacuum does on its own a little later; the figures are those of a settled table.
    await db.query('vacuum analyze receipts')
    await db.query('vacuum analyze consentry_stats_days')
    const counted = await db.query('select count(*)::int as receipts, (select count(*)::int from consentry_stats_days) as rows from receipts')
    await db.end()
    const seeded = (Date.now() - seeding) / 1000
    const day = (/** @type {number} */ ago) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10)
    const periods = [
      ['the last 30 days (default)', ''],
      ['365 days, whole days', `from=${day(365)}&to=${day(-1)}`],
      ['365 days, ending now', `from=${new Date(Date.now() - 365 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`],
    ]
    // The first request merges the rows the seeding left (as a retention purge does every six hours).
    const first = performance.now()
    await fetch(`${base}/stats`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((response) => response.arrayBuffer())
    const merging = Math.round(performance.now() - first)
    const results = []
    for (const [name, query] of periods) {
      /** @type {number[]} */
      const times = []
      let decisions = 0
      let cpu = 0
      for (let run = 0; run < RUNS; run++) {
        const before = cpuSeconds(serverUrl, child.pid)
        const start = performance.now()
        const response = await fetch(`${base}/stats?${query}`, { headers: { authorization: `Bearer ${TOKEN}` } })
        const stats = await response.json()
        times.push(performance.now() - start)
        if (response.status !== 200) throw new Error(`GET /stats?${query}: ${response.status}`)
        decisions = stats.decisions
        cpu += cpuSeconds(serverUrl, child.pid) - before
        await sleep(100)
      }
      times.sort((a, b) => a - b)
      results.push({
        period: name,
        decisions,
        'median ms': Math.round(times[Math.floor(RUNS / 2)] ?? NaN),
        'slowest ms': Math.round(times[RUNS - 1] ?? NaN),
        'CPU ms per request': Math.round((cpu / RUNS) * 1000),
        'load average': loadAverage(),
      })
    }
    console.log(
      `GET /stats on PostgreSQL: ${counted.rows[0].receipts.toLocaleString('en')} receipts (seeded in ${seeded.toFixed(0)} s), ` +
        `${counted.rows[0].rows.toLocaleString('en')} rows of per-day counts, merged by the first request in ${merging} ms; ${RUNS} requests per period`,
    )
    console.table(results)
    return results
  } finally {
    child.kill('SIGTERM')
  }
}

const main = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]
if (main) {
  const postgres = startPostgres()
  benchStats(postgres.url)
    .catch((error) => {
      console.error(error)
      process.exitCode = 1
    })
    .finally(() => postgres.stop())
}
