// @vitest-environment node
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startCollector } from '../../collector/server.mjs'
import { compactStats } from '../../collector/stats.mjs'
import { startPostgres, type Postgres } from '../../scripts/postgres.mjs'
import { admin, TOKEN } from './helpers'
import { SEED, SEED_IDS, sendSeed } from './stats-seed'

type Collector = Awaited<ReturnType<typeof startCollector>>

let postgres: Postgres | undefined
afterAll(() => postgres?.stop())

const STORES: [string, () => { dataDir?: string; databaseUrl?: string }][] = [
  ['PGlite', () => ({ dataDir: 'memory://' })],
  ['PostgreSQL', () => ((postgres ??= startPostgres()), { databaseUrl: postgres.url })],
]

const kinds = (acceptedAll: number, rejectedAll: number, chose: number) => ({ acceptedAll, rejectedAll, chose })
const granting = (necessary: [number, number], analytics: [number, number], marketing: [number, number]) => ({
  analytics: { decisions: analytics[1], granted: analytics[0] },
  marketing: { decisions: marketing[1], granted: marketing[0] },
  necessary: { decisions: necessary[1], granted: necessary[0] },
})

/** What the seed's three days hold, worked out by hand from the table in stats-seed.ts. */
const THREE_DAYS = {
  from: '2026-10-01T00:00:00.000Z',
  to: '2026-10-04T00:00:00.000Z',
  decisions: 7,
  ...kinds(3, 2, 2),
  days: [
    { day: '2026-10-01', ...kinds(1, 1, 1) },
    { day: '2026-10-02', ...kinds(2, 0, 0) },
    { day: '2026-10-03', ...kinds(0, 1, 1) },
  ],
  purposes: [
    { id: 'analytics', decisions: 7, granted: 5, required: false },
    { id: 'marketing', decisions: 7, granted: 3, required: false },
    { id: 'necessary', decisions: 7, granted: 7, required: true },
  ],
  regions: [
    { region: null, decisions: 2, ...kinds(0, 0, 2), purposes: granting([2, 2], [2, 2], [0, 2]) },
    { region: 'EU', decisions: 3, ...kinds(2, 1, 0), purposes: granting([3, 3], [2, 3], [2, 3]) },
    { region: 'US-CA', decisions: 2, ...kinds(1, 1, 0), purposes: granting([2, 2], [1, 2], [1, 2]) },
  ],
  versions: [
    { version: 3, decisions: 5, ...kinds(2, 1, 2), purposes: granting([5, 5], [4, 5], [2, 5]) },
    { version: 4, decisions: 2, ...kinds(1, 1, 0), purposes: granting([2, 2], [1, 2], [1, 2]) },
  ],
}

describe.each(STORES)('GET /stats on %s', (_name, store) => {
  let collector: Collector
  beforeAll(async () => {
    collector = await startCollector({ token: TOKEN, port: 0, rateLimit: 0, ...store() })
    await sendSeed(collector.url)
  }, 300_000)
  afterAll(() => collector?.close())

  const stats = async (query: string) => {
    const response = await admin(collector.url, `/stats?${query}`)
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8'])
    return response.json()
  }

  test('counts each kind of decision per day, the share granting each purpose, by region and by version', async () => {
    expect(await stats('from=2026-10-01&to=2026-10-04')).toEqual(THREE_DAYS)
  })

  test('counts a period that starts and ends inside a day from the receipts themselves', async () => {
    // r2 to r6: the part-days at both ends come from the receipts, 2026-10-02 from the daily counts.
    const found = await stats('from=2026-10-01T12:00:00Z&to=2026-10-03T12:00:00Z')
    expect(found).toMatchObject({ decisions: 5, ...kinds(2, 2, 1) })
    expect(found.days).toEqual([
      { day: '2026-10-01', ...kinds(0, 1, 1) },
      { day: '2026-10-02', ...kinds(2, 0, 0) },
      { day: '2026-10-03', ...kinds(0, 1, 0) },
    ])
    // Within one day, and across midnight with no whole day inside.
    expect(await stats('from=2026-10-01T10:00:00Z&to=2026-10-01T21:00:00Z')).toMatchObject({ decisions: 2, ...kinds(0, 1, 1) })
    expect(await stats('from=2026-10-02T22:00:00%2B00:00&to=2026-10-03T07:00:00Z')).toMatchObject({ decisions: 2, ...kinds(1, 1, 0) })
  })

  test('keeps counting right as receipts arrive, are merged and are deleted', async () => {
    await compactStats(collector.store)
    expect(await stats('from=2026-10-01&to=2026-10-04')).toEqual(THREE_DAYS)
    // The same receipt sent again is stored once, and counted once.
    const again = await fetch(`${collector.url}/receipts`, { method: 'POST', body: JSON.stringify(SEED[0]), headers: { 'content-type': 'text/plain' } })
    expect(again.status).toBe(204)
    expect(await stats('from=2026-10-01&to=2026-10-04')).toEqual(THREE_DAYS)
    // As the retention purge deletes receipts, so they leave the counts.
    await collector.store.query('delete from receipts where consent_id = any($1)', [[SEED_IDS[0], SEED_IDS[6]]])
    const after = await stats('from=2026-10-01&to=2026-10-04')
    expect(after).toMatchObject({ decisions: 5, ...kinds(2, 2, 1) })
    await compactStats(collector.store)
    expect(await stats('from=2026-10-01&to=2026-10-04')).toEqual(after)
    const { rows } = await collector.store.query('select count(*)::int as n from consentry_stats_days where n <= 0')
    expect(rows[0].n).toBe(0)
    await sendSeed(collector.url)
    expect(await stats('from=2026-10-01&to=2026-10-04')).toEqual(THREE_DAYS)
  })

  test('answers an empty period with zeros, every day listed', async () => {
    const found = await stats('from=2025-01-01&to=2025-01-03')
    expect(found).toEqual({
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-03T00:00:00.000Z',
      decisions: 0,
      ...kinds(0, 0, 0),
      days: [
        { day: '2025-01-01', ...kinds(0, 0, 0) },
        { day: '2025-01-02', ...kinds(0, 0, 0) },
      ],
      purposes: [],
      regions: [],
      versions: [],
    })
  })

  test('defaults to the last 30 days, today included', async () => {
    const found = await stats('')
    expect(found.days).toHaveLength(30)
    expect(found.days.at(-1).day).toBe(new Date().toISOString().slice(0, 10))
  })

  test.each([
    ['from=2026-02-30', 400, /from is not a real date/],
    ['from=0000-01-01', 400, /from is not a real date/],
    ['to=yesterday', 400, /to must be an ISO 8601 date/],
    ['from=2026-10-04&to=2026-10-01', 400, /from must come before to/],
    ['from=2000-01-01&to=2026-01-01', 400, /longer than 3660 days/],
  ])('refuses %s with %i', async (query, status, reason) => {
    const response = await admin(collector.url, `/stats?${query}`)
    expect(response.status).toBe(status)
    expect(await response.text()).toMatch(reason)
  })

  test('needs the admin token', async () => {
    expect((await fetch(`${collector.url}/stats`)).status).toBe(401)
    expect((await admin(collector.url, '/stats', 'wrong-token-0123456789')).status).toBe(401)
  })
})

test('the migration counts the receipts stored before it, and its triggers those written and deleted after', async () => {
  const { PGlite } = await import('@electric-sql/pglite')
  const { readFileSync } = await import('node:fs')
  const db = await PGlite.create('memory://')
  const migration = (name: string) => readFileSync(`collector/migrations/${name}`, 'utf8')
  const insert = (receipt: (typeof SEED)[number]) =>
    db.query('insert into receipts (consent_id, decided_at, digest, receipt) values ($1, $2, $1, $3::jsonb)', [receipt.id, receipt.timestamp, JSON.stringify(receipt)])
  const counts = async () =>
    (await db.query<{ day: string; region: string; n: number }>('select day::text as day, region, sum(n)::int as n from consentry_stats_days group by 1, 2 having sum(n) <> 0 order by 1, 2')).rows
  await db.exec(migration('001-receipts.sql'))
  for (const receipt of SEED.slice(0, 4)) await insert(receipt)
  await db.transaction((tx) => tx.exec(migration('002-stats.sql')))
  expect(await counts()).toEqual([
    { day: '2026-10-01', region: '', n: 1 },
    { day: '2026-10-01', region: 'EU', n: 2 },
    { day: '2026-10-02', region: 'EU', n: 1 },
  ])
  for (const receipt of SEED.slice(4, 7)) await insert(receipt)
  await db.query('delete from receipts where consent_id = $1', [SEED_IDS[0]])
  expect(await counts()).toEqual([
    { day: '2026-10-01', region: '', n: 1 },
    { day: '2026-10-01', region: 'EU', n: 1 },
    { day: '2026-10-02', region: 'EU', n: 1 },
    { day: '2026-10-02', region: 'US-CA', n: 1 },
    { day: '2026-10-03', region: '', n: 1 },
    { day: '2026-10-03', region: 'US-CA', n: 1 },
  ])
  await db.close()
})
