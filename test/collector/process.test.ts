// @vitest-environment node
// The collector as an operator runs it, in a process of its own (docs/reference.md §13): options
// checked before the disk is touched, a prompt stop on SIGTERM, an immediate restart after
// kill -9, and two collectors sharing one PostgreSQL database.
import { spawnSync, type ChildProcess } from 'node:child_process'
import { Agent, createServer, request } from 'node:http'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { startPostgres, type Postgres } from '../../scripts/postgres.mjs'
import { exited, history, post, receipt, startProcess, TOKEN } from './helpers'

let postgres: Postgres | undefined
const folders: string[] = []
const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  postgres?.stop()
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
}, 120_000)

const folder = () => folders[folders.push(mkdtempSync(join(tmpdir(), 'consentry-process-'))) - 1]!

let databases = 0
const database = async () => {
  postgres ??= startPostgres()
  const name = `process_${++databases}`
  const client = new pg.Client({ connectionString: postgres.url })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  return postgres.url.replace('/postgres?', `/${name}?`)
}

/** The environment of a collector on a fresh store of each kind, and its --data folder. */
const STORES: [string, () => Promise<{ env: Record<string, string>; data: string }>][] = [
  ['PGlite', async () => ({ env: { CONSENTRY_ADMIN_TOKEN: TOKEN }, data: folder() })],
  ['PostgreSQL', async () => ({ env: { CONSENTRY_ADMIN_TOKEN: TOKEN, DATABASE_URL: await database() }, data: folder() })],
]

const start = (data: string, env: Record<string, string>, args: string[] = []) => {
  const started = startProcess(data, env, args)
  children.push(started.child)
  return started
}

/** One POST over `agent`'s kept-alive connection: the status, or the error that ended it. */
const postOver = (agent: Agent, url: string, body: string) =>
  new Promise<number>((done, failed) => {
    const sent = request(`${url}/receipts`, { method: 'POST', agent, headers: { 'content-type': 'text/plain' } }, (response) => {
      response.resume()
      response.on('end', () => done(response.statusCode ?? 0))
    })
    sent.on('error', failed)
    sent.end(body)
  })

const cli = resolve('collector/cli.mjs')

test('refuses --port 99999, and a port that is taken, before it creates anything on the disk', async () => {
  const cwd = folder()
  const env = { PATH: process.env.PATH, CONSENTRY_ADMIN_TOKEN: TOKEN }
  const outOfRange = spawnSync(process.execPath, [cli, '--port', '99999'], { cwd, env, encoding: 'utf8' })
  expect([outOfRange.status, outOfRange.stderr]).toEqual([2, expect.stringContaining('--port takes a whole number from 0 to 65535')])
  expect(readdirSync(cwd)).toEqual([])
  const taken = createServer()
  await new Promise((listening) => taken.listen(0, '127.0.0.1', () => listening(undefined)))
  try {
    const port = String((taken.address() as { port: number }).port)
    const refused = spawnSync(process.execPath, [cli, '--port', port], { cwd, env, encoding: 'utf8', timeout: 120_000 })
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringMatching(/could not start: .*EADDRINUSE/)])
    expect(readdirSync(cwd)).toEqual([])
  } finally {
    taken.close()
  }
}, 300_000)

describe.each(STORES)('on %s', (_name, fresh) => {
  test('stops promptly on SIGTERM while kept-alive clients keep sending, and keeps every receipt it answered', async () => {
    const { env, data } = await fresh()
    const first = start(data, env)
    const url = await first.url
    const acknowledged: string[] = []
    let giveUp = false
    // Eight clients, each sending receipts back to back over one kept-alive connection, until a
    // request fails: once the service has closed their connection and stopped listening.
    const client = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 })
      try {
        while (!giveUp) {
          const sent = receipt()
          if ((await postOver(agent, url, JSON.stringify(sent))) === 204) acknowledged.push(sent.id)
        }
      } catch {
        // The connection was closed and no new one accepted: the client is done.
      } finally {
        agent.destroy()
      }
      return performance.now()
    }
    const clients = Array.from({ length: 8 }, client)
    await expect.poll(() => acknowledged.length, { timeout: 120_000, interval: 20 }).toBeGreaterThanOrEqual(200)
    const signalled = performance.now()
    first.child.kill('SIGTERM')
    const late = setTimeout(() => (giveUp = true), 30_000)
    const ended = await Promise.all(clients)
    clearTimeout(late)
    expect(giveUp).toBe(false)
    // Every connection was closed by the service within seconds of the signal.
    expect(Math.max(...ended) - signalled).toBeLessThan(10_000)
    expect(await exited(first.child)).toBe(0)
    const again = start(data, env)
    const restarted = await again.url
    for (const id of acknowledged) expect([id, (await history(restarted, id)).length]).toEqual([id, 1])
    again.child.kill('SIGTERM')
    expect(await exited(again.child)).toBe(0)
  }, 300_000)

  test('starts again at once after kill -9, with every receipt it answered', async () => {
    const { env, data } = await fresh()
    const first = start(data, env)
    const url = await first.url
    const sent = receipt()
    expect((await post(url, JSON.stringify(sent))).status).toBe(204)
    // The next one starts in the same moment, while the killed one may still be going away.
    first.child.kill('SIGKILL')
    const second = start(data, env)
    const restarted = await second.url
    expect(await history(restarted, sent.id)).toHaveLength(1)
    second.child.kill('SIGTERM')
    expect(await exited(second.child)).toBe(0)
  }, 300_000)
})

test('two collectors on one PostgreSQL database, started together, migrate once and store every receipt once', async () => {
  const databaseUrl = await database()
  const env = { CONSENTRY_ADMIN_TOKEN: TOKEN, DATABASE_URL: databaseUrl }
  const [a, b] = [start(folder(), env), start(folder(), env)]
  const urls = await Promise.all([a.url, b.url])
  // 600 receipts, each sent to both collectors at once (a beacon retried through another
  // instance behind a load balancer), by eight clients.
  const receipts = Array.from({ length: 600 }, () => receipt())
  let next = 0
  const client = async () => {
    for (let sent = receipts[next++]; sent; sent = receipts[next++]) {
      const statuses = await Promise.all(urls.map(async (url) => (await post(url, JSON.stringify(sent))).status))
      expect(statuses).toEqual([204, 204])
    }
  }
  await Promise.all(Array.from({ length: 8 }, client))
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const { rows } = await db.query('select consent_id, count(*)::int as n from receipts group by consent_id')
    expect(rows.length).toBe(receipts.length)
    expect(rows.every((row) => row.n === 1)).toBe(true)
    expect(new Set(rows.map((row) => row.consent_id))).toEqual(new Set(receipts.map((r) => r.id)))
    const migrations = await db.query('select name from consentry_migrations order by name')
    expect(migrations.rows.map((row) => row.name)).toEqual(['001-receipts.sql', '002-stats.sql', '003-received-at.sql'])
  } finally {
    await db.end()
  }
  for (const url of urls) expect(await history(url, receipts[0]!.id)).toHaveLength(1)
  for (const { child } of [a, b]) child.kill('SIGTERM')
  expect(await Promise.all([exited(a.child), exited(b.child)])).toEqual([0, 0])
}, 300_000)
