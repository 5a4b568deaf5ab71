// @ts-check
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { digestOf, ordered } from './receipt.mjs'

/**
 * @typedef {import('./receipt.mjs').Receipt} Receipt
 * @typedef {{ rows: any[] }} Result
 * @typedef {{ query(sql: string, params?: unknown[]): Promise<Result>, exec(sql: string): Promise<unknown> }} Queries
 * @typedef {Queries & {
 *   kind: 'pglite' | 'postgres',
 *   transaction<T>(work: (db: Queries) => Promise<T>): Promise<T>,
 *   close(): Promise<void>,
 * }} Database
 * @typedef {{ receipt: Receipt, receivedAt: string }} Stored
 * @typedef {{
 *   kind: 'pglite' | 'postgres',
 *   add(receipt: Receipt): Promise<void>,
 *   history(consentId: string): Promise<Stored[]>,
 *   range(from: Date | null, to: Date | null): AsyncGenerator<Stored[]>,
 *   purge(retainDays: number): Promise<number>,
 *   close(): Promise<void>,
 *   query(sql: string, params?: unknown[]): Promise<Result>,
 * }} Store
 */

const MIGRATIONS = new URL('./migrations/', import.meta.url)
/** Receipts written by one INSERT: one commit (one fsync) acknowledges them all. */
const BATCH = 200
/** Rows read per query of an export, so that a year of receipts never sits in memory at once. */
const PAGE = 1000
/** Any constant: held while migrating, so that two services starting together migrate once. */
const MIGRATION_LOCK = 7_140_143

/**
 * @param {string} name the package
 * @param {string} hint what to do instead
 */
const load = async (name, hint) => {
  try {
    return await import(name)
  } catch (error) {
    if (/** @type {any} */ (error)?.code === 'ERR_MODULE_NOT_FOUND')
      throw new Error(`${name} is not installed: run "npm install ${name}"${hint}`)
    throw error
  }
}

/**
 * The embedded PostgreSQL (PGlite), its files in `dataDir`. Loaded only here, on demand: the
 * browser library never imports it.
 * @param {string} dataDir
 * @returns {Promise<Database>}
 */
const openPglite = async (dataDir) => {
  const { PGlite } = await load('@electric-sql/pglite', ', or set DATABASE_URL to use a PostgreSQL server')
  // `memory://` (PGlite's own notation) keeps nothing on disk: for tests only.
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
  return {
    kind: 'pglite',
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (work) => db.transaction((/** @type {any} */ tx) => work({ query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql) })),
    close: () => db.close(),
  }
}

/**
 * A PostgreSQL server through the `pg` client.
 * @param {string} url
 * @returns {Promise<Database>}
 */
const openPostgres = async (url) => {
  const { default: pg } = await load('pg', ', or leave DATABASE_URL unset to use the embedded database')
  const pool = new pg.Pool({ connectionString: url, max: 8 })
  // An idle connection the server drops must not take the service down with it.
  pool.on('error', (/** @type {Error} */ error) => console.error('consentry collector: database connection lost:', error.message))
  await pool.query('select 1')
  return {
    kind: 'postgres',
    query: (sql, params) => pool.query(sql, params),
    exec: (sql) => pool.query(sql),
    transaction: async (work) => {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const result = await work({ query: (sql, params) => client.query(sql, params), exec: (sql) => client.query(sql) })
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

/**
 * Applies the migrations in `collector/migrations/` not applied yet, in name order, each with its
 * record in `consentry_migrations`: the same files for PGlite and for a PostgreSQL server.
 * @param {Database} db
 * @returns {Promise<string[]>} the names applied now
 */
export const migrate = async (db) => {
  const names = (await readdir(MIGRATIONS)).filter((name) => name.endsWith('.sql')).sort()
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`)
    await tx.exec(
      'create table if not exists consentry_migrations (name text primary key, applied_at timestamptz not null default now())',
    )
    const done = new Set((await tx.query('select name from consentry_migrations')).rows.map((row) => row.name))
    const applied = []
    for (const name of names.filter((name) => !done.has(name))) {
      await tx.exec(await readFile(new URL(name, MIGRATIONS), 'utf8'))
      await tx.query('insert into consentry_migrations (name) values ($1)', [name])
      applied.push(name)
    }
    return applied
  })
}

/** @param {unknown} value a timestamptz as either driver gives it */
const iso = (value) => new Date(/** @type {string} */ (value)).toISOString()

/** @param {any} row */
const stored = (row) => ({
  receipt: ordered(typeof row.receipt === 'string' ? JSON.parse(row.receipt) : row.receipt),
  receivedAt: iso(row.received_at),
})

/**
 * Writes receipts in batches: while one INSERT commits, the receipts that arrive wait for the
 * next one. Each promise settles after the commit that holds its receipt, so a 204 is only ever
 * sent for a receipt that is on disk (docs/reference.md §13).
 * @param {Database} db
 */
const batcher = (db) => {
  /** @type {{ receipt: Receipt, done(): void, failed(error: unknown): void }[]} */
  const waiting = []
  /** @type {Promise<void> | null} */
  let writing = null

  /** @param {typeof waiting} batch */
  const insert = async (batch) => {
    const params = batch.flatMap(({ receipt }) => [receipt.id, receipt.timestamp, digestOf(receipt), JSON.stringify(receipt)])
    const values = batch.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`).join(', ')
    await db.query(
      `insert into receipts (consent_id, decided_at, digest, receipt) values ${values} on conflict (digest) do nothing`,
      params,
    )
  }

  const drain = async () => {
    while (waiting.length) {
      const batch = waiting.splice(0, BATCH)
      try {
        await insert(batch)
        for (const entry of batch) entry.done()
      } catch (error) {
        for (const entry of batch) entry.failed(error)
      }
    }
    writing = null
  }

  return {
    /** @param {Receipt} receipt */
    add: (receipt) =>
      /** @type {Promise<void>} */ (
        new Promise((done, failed) => {
          waiting.push({ receipt, done, failed })
          writing ??= drain()
        })
      ),
    idle: () => writing ?? Promise.resolve(),
  }
}

/**
 * Opens the receipts store: a PostgreSQL server when `databaseUrl` is given, else the embedded
 * one in `dataDir`; migrated before it is returned.
 * @param {{ databaseUrl?: string, dataDir: string }} options
 * @returns {Promise<Store>}
 */
export const openStore = async ({ databaseUrl, dataDir }) => {
  const db = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(dataDir)
  try {
    await migrate(db)
  } catch (error) {
    await db.close().catch(() => {})
    throw error
  }
  const writes = batcher(db)
  return {
    kind: db.kind,
    /** Plain SQL, for maintenance and for the tests that look at what is kept. */
    query: (sql, params) => db.query(sql, params),
    add: writes.add,
    history: async (consentId) =>
      (
        await db.query('select receipt, received_at from receipts where consent_id = $1 order by decided_at, seq', [consentId])
      ).rows.map(stored),
    range: async function* (from, to) {
      let after = { at: '-infinity', seq: '0' }
      for (;;) {
        const { rows } = await db.query(
          `select seq::text as seq, decided_at, receipt, received_at from receipts
           where decided_at >= $1 and decided_at < $2 and (decided_at, seq) > ($3::timestamptz, $4::bigint)
           order by decided_at, seq limit ${PAGE}`,
          [from?.toISOString() ?? '-infinity', to?.toISOString() ?? 'infinity', after.at, after.seq],
        )
        if (rows.length) yield rows.map(stored)
        if (rows.length < PAGE) return
        const last = rows[rows.length - 1]
        after = { at: iso(last.decided_at), seq: last.seq }
      }
    },
    purge: async (retainDays) => {
      const { rows } = await db.query(
        `with gone as (delete from receipts where decided_at < now() - make_interval(days => $1::int) returning 1)
         select count(*)::int as count from gone`,
        [retainDays],
      )
      return Number(rows[0].count)
    },
    close: async () => {
      await writes.idle()
      await db.close()
    },
  }
}
