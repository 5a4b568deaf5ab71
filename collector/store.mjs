// @ts-check
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { lockFolder } from './lock.mjs'
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
 *   ping(): Promise<void>,
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
/**
 * INSERTs in flight at once on a PostgreSQL server: while one waits for its commit to reach the
 * disk, the next one is already being written. PGlite runs one query at a time: one there.
 */
const IN_FLIGHT = 2
/**
 * Rows read per query of an export, so that a year of receipts never sits in memory at once, and
 * so that no query holds the database long: PGlite runs in the service's own thread, and a page
 * of 500 takes it a few milliseconds, during which nothing else is answered.
 */
const PAGE = 500
/** Rows deleted per statement of the retention purge, for the same reason. */
const PURGE_BATCH = 1000
/**
 * Planner settings for the queries that walk an index page by page. Without statistics (PGlite
 * never gathers them; a PostgreSQL server only after a while), the planner guesses that a range
 * holds a few hundred rows and reads them all, then sorts them, for every page: an export then
 * takes time in the square of its size. These make it follow the index, which is always right
 * for a page of a few hundred rows.
 */
const FOLLOW_INDEX = 'set local enable_sort = off; set local enable_bitmapscan = off; set local enable_seqscan = off'
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
  const onDisk = !dataDir.startsWith('memory://')
  if (onDisk) await mkdir(dataDir, { recursive: true })
  const release = onDisk ? lockFolder(dataDir) : () => {}
  let db
  try {
    db = await PGlite.create(dataDir)
  } catch (error) {
    release()
    throw error
  }
  return {
    kind: 'pglite',
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (work) => db.transaction((/** @type {any} */ tx) => work({ query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql) })),
    close: async () => {
      try {
        await db.close()
      } finally {
        release()
      }
    },
  }
}

/**
 * A PostgreSQL server through the `pg` client.
 * @param {string} url
 * @returns {Promise<Database>}
 */
const openPostgres = async (url) => {
  const { default: pg } = await load('pg', ', or leave DATABASE_URL unset to use the embedded database')
  // A server that does not answer fails a request after 5 s rather than holding it.
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 5000 })
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
 * Writes receipts in batches: each INSERT commits every receipt that arrived while the previous
 * ones were being written, and up to `inFlight` INSERTs run at once, each on its own connection,
 * so that a batch does not wait for another one's commit. Each promise settles after the commit
 * that holds its receipt, so a 204 is only ever sent for a receipt that is on disk
 * (docs/reference.md §13).
 *
 * A receipt sent twice can sit in two batches in flight at once: PostgreSQL makes the second
 * INSERT wait for the first one's commit before `on conflict do nothing` skips the row (or takes
 * it, when the first one rolled back), so a duplicate is never acknowledged before its original
 * is committed. Rows go in digest order, so two batches never wait for each other in a cycle.
 * @param {Database} db
 * @param {number} inFlight the INSERTs that may run at once
 */
const batcher = (db, inFlight) => {
  /** @type {{ receipt: Receipt, digest: string, done(): void, failed(error: unknown): void }[]} */
  const waiting = []
  let writers = 0
  let scheduled = false
  /** @type {(() => void)[]} */
  const idle = []

  /** @param {typeof waiting} batch */
  const insert = async (batch) => {
    const params = batch.flatMap(({ receipt, digest }) => [receipt.id, receipt.timestamp, digest, JSON.stringify(receipt)])
    const values = batch.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`).join(', ')
    await db.query(
      `insert into receipts (consent_id, decided_at, digest, receipt) values ${values} on conflict (digest) do nothing`,
      params,
    )
  }

  /**
   * Commits `batch`; when the INSERT fails, each receipt is tried on its own, so that a receipt
   * the database refuses fails alone rather than with every receipt sent at the same moment.
   * @param {typeof waiting} batch
   */
  const commit = async (batch) => {
    batch.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0))
    try {
      await insert(batch)
      for (const entry of batch) entry.done()
    } catch (error) {
      if (batch.length === 1) return batch[0]?.failed(error)
      for (const entry of batch) await commit([entry])
    }
  }

  const write = async () => {
    writers++
    while (waiting.length) await commit(waiting.splice(0, BATCH))
    writers--
    if (writers === 0) for (const resolve of idle.splice(0)) resolve()
  }

  /** Starts a writer when one is free, once the receipts read in this turn of the event loop are queued. */
  const schedule = () => {
    if (scheduled || writers >= inFlight) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      if (waiting.length && writers < inFlight) void write()
    })
  }

  return {
    /** @param {Receipt} receipt */
    add: (receipt) =>
      /** @type {Promise<void>} */ (
        new Promise((done, failed) => {
          waiting.push({ receipt, digest: digestOf(receipt), done, failed })
          schedule()
        })
      ),
    /** Resolves once nothing is waiting or being written. */
    idle: () => (waiting.length === 0 && writers === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(() => resolve(undefined)))),
  }
}

/** Lets the event loop answer what came in, so that a long read or purge never holds the service. */
const turn = () => new Promise((resolve) => setImmediate(resolve))

/**
 * One query that walks an index, in a transaction of its own that makes the planner follow the
 * index (see FOLLOW_INDEX).
 * @param {Database} db
 * @param {string} sql
 * @param {unknown[]} params
 */
const alongIndex = (db, sql, params) =>
  db.transaction(async (tx) => {
    await tx.exec(FOLLOW_INDEX)
    return tx.query(sql, params)
  })

/**
 * The receipts dated from `from` (included) to `to` (excluded), oldest first, page by page. Each
 * page is one short query, and the event loop turns between pages, so that receipts keep being
 * written and answered while an export runs, on either store (docs/reference.md §13). The export
 * holds the receipts stored when it began; whether those that arrive while it runs are in it
 * depends on their date, and the end of the range is never moved by them.
 * @param {Database} db
 * @param {Date | null} from
 * @param {Date | null} to
 * @returns {AsyncGenerator<Stored[]>}
 */
async function* range(db, from, to) {
  const { rows: top } = await db.query('select coalesce(max(seq), 0)::text as last from receipts')
  const last = top[0].last
  // The position after the last row read: its date, as PostgreSQL's own text (to the
  // microsecond), and its row number. Rows are ordered by the bigint column, never by its text
  // (the name `seq` alone in ORDER BY would mean the output column, and '998' > '1002').
  let after = { at: from?.toISOString() ?? '-infinity', seq: '0' }
  for (;;) {
    const { rows } = await alongIndex(
      db,
      `select seq::text as after_seq, decided_at::text as after_at, receipt, received_at from receipts
       where decided_at < $1 and (decided_at, seq) > ($2::timestamptz, $3::bigint) and seq <= $4::bigint
       order by decided_at, receipts.seq limit ${PAGE}`,
      [to?.toISOString() ?? 'infinity', after.at, after.seq, last],
    )
    if (rows.length) yield rows.map(stored)
    if (rows.length < PAGE) return
    const end = rows[rows.length - 1]
    after = { at: end.after_at, seq: end.after_seq }
    await turn()
  }
}

/**
 * Deletes the receipts the service received more than `retainDays` days ago, by the database's
 * clock, never by the date in the receipt, which is the visitor's (docs/reference.md §13); a
 * thousand at a time, the event loop turning in between.
 * @param {Database} db
 * @param {number} retainDays
 * @returns {Promise<number>} how many were deleted
 */
const purge = async (db, retainDays) => {
  const { rows } = await db.query('select (now() - make_interval(days => $1::int))::text as cutoff', [retainDays])
  const cutoff = rows[0].cutoff
  let deleted = 0
  for (;;) {
    const { rows: gone } = await alongIndex(
      db,
      `with gone as (delete from receipts where seq in
         (select seq from receipts where received_at < $1::timestamptz order by received_at limit ${PURGE_BATCH}) returning 1)
       select count(*)::int as count from gone`,
      [cutoff],
    )
    const count = Number(gone[0].count)
    deleted += count
    if (count < PURGE_BATCH) return deleted
    await turn()
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
  const writes = batcher(db, db.kind === 'postgres' ? IN_FLIGHT : 1)
  return {
    kind: db.kind,
    /** Plain SQL, for maintenance and for the tests that look at what is kept. */
    query: (sql, params) => db.query(sql, params),
    add: writes.add,
    history: async (consentId) =>
      (
        await db.query('select receipt, received_at from receipts where consent_id = $1 order by decided_at, seq', [consentId])
      ).rows.map(stored),
    ping: async () => void (await db.query('select 1')),
    range: (from, to) => range(db, from, to),
    purge: (retainDays) => purge(db, retainDays),
    close: async () => {
      await writes.idle()
      await db.close()
    },
  }
}
