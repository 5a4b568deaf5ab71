// @ts-check
/**
 * `GET /stats` (docs/reference.md §13): how visitors decided over a period, counted by the
 * database from the per-day counts that migration 002-stats.sql keeps, never by reading receipts
 * into the service. Whole UTC days come from those counts; the part of a day at either end of the
 * period, from the receipts themselves, through their index by date.
 *
 * @typedef {import('./store.mjs').Store} Store
 * @typedef {{ decisions: number, granted: number }} Granting
 * @typedef {{ decisions: number, acceptedAll: number, rejectedAll: number, chose: number, purposes: Record<string, Granting> }} Breakdown
 * @typedef {{
 *   from: string, to: string, decisions: number, acceptedAll: number, rejectedAll: number, chose: number,
 *   days: { day: string, acceptedAll: number, rejectedAll: number, chose: number }[],
 *   purposes: ({ id: string, required: boolean } & Granting)[],
 *   regions: ({ region: string | null } & Breakdown)[],
 *   versions: ({ version: number } & Breakdown)[],
 * }} Stats
 */

const DAY = 86_400_000
/** The longest period asked at once: ten years of days. */
export const MAX_DAYS = 3660
/** The period when none is given: the last 30 days, today included. */
const DEFAULT_DAYS = 30
const KINDS = /** @type {const} */ (['acceptedAll', 'rejectedAll', 'chose'])
// A date, or a date and time with its zone, as `Date.prototype.toISOString` writes them.
const ISO = /^(\d{4})-(\d\d)-(\d\d)(T\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d))?$/

/**
 * @param {string | null} value
 * @param {string} name
 * @returns {Date | null | string} the time, null when absent, or the problem
 */
export const parseTime = (value, name) => {
  if (value === null || value === '') return null
  const problem = `${name} must be an ISO 8601 date, like 2026-05-01 or 2026-05-01T00:00:00Z`
  const match = ISO.exec(value)
  if (!match) return problem
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const calendar = new Date(Date.UTC(year, month - 1, day))
  const time = Date.parse(match[4] ? value : `${value}T00:00:00Z`)
  if (year < 1 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || Number.isNaN(time))
    return `${name} is not a real date`
  return new Date(time)
}

/** @param {number} time */
const startOfDay = (time) => Math.floor(time / DAY) * DAY
/** @param {number} time */
const dayOf = (time) => new Date(time).toISOString().slice(0, 10)

/**
 * The period of `?from&to`, or the problem with it (a 400).
 * @param {URLSearchParams} query
 * @param {number} [now]
 * @returns {{ from: Date, to: Date } | { error: string }}
 */
export const period = (query, now = Date.now()) => {
  const from = parseTime(query.get('from'), 'from')
  const to = parseTime(query.get('to'), 'to')
  if (typeof from === 'string') return { error: from }
  if (typeof to === 'string') return { error: to }
  const end = to ?? new Date(startOfDay(now) + DAY)
  const start = from ?? new Date(startOfDay(end.getTime() - 1) - (DEFAULT_DAYS - 1) * DAY)
  if (start >= end) return { error: 'from must come before to' }
  if (end.getTime() - start.getTime() > MAX_DAYS * DAY) return { error: `the period is longer than ${MAX_DAYS} days` }
  return { from: start, to: end }
}

// $1, $2: the period; $3, $4: its whole days (dates, $4 excluded); $5: the end of its first part
// day, $6: the start of its last one. Receipts are counted by day, region and shape (a manifest
// version and the purposes granted and refused); each shape is classified once.
const QUERY = `
with grouped as materialized (
  select day, region, shape, sum(n)::bigint as n from (
    select day, region, shape, n from consentry_stats_days where day >= $3::date and day < $4::date
    union all
    select (counted.decided_at at time zone 'UTC')::date, coalesce(counted.receipt->>'region', ''), shape.id, 1
    from receipts counted join consentry_stats_shapes shape
      on shape.version = (counted.receipt->>'version')::integer and shape.digest = md5((counted.receipt->'purposes')::text)
    where (counted.decided_at >= $1::timestamptz and counted.decided_at < $5::timestamptz)
      or (counted.decided_at >= $6::timestamptz and counted.decided_at < $2::timestamptz)
  ) counted group by 1, 2, 3 having sum(n) <> 0
),
refused as materialized (
  select distinct shape.version, choice.key as purpose
  from consentry_stats_shapes shape, jsonb_each(shape.purposes) choice where choice.value = 'false'
),
kinds as materialized (
  select shape.id as shape, shape.version, shape.purposes, case
    when not exists (select 1 from jsonb_each(shape.purposes) choice where choice.value = 'false') then 'acceptedAll'
    when not exists (
      select 1 from jsonb_each(shape.purposes) choice join refused on refused.version = shape.version and refused.purpose = choice.key
      where choice.value = 'true'
    ) then 'rejectedAll'
    else 'chose' end as kind
  from consentry_stats_shapes shape where shape.id in (select shape from grouped)
),
classified as (select grouped.day, kinds.version, grouped.region, kinds.kind, grouped.n from grouped join kinds using (shape)),
granting as (
  select kinds.version, regions.region, kinds.purposes, sum(regions.n)::bigint as n
  from (select region, shape, sum(n) as n from grouped group by 1, 2) regions join kinds using (shape) group by 1, 2, 3
)
select 'kind' as part, to_char(day, 'YYYY-MM-DD') as day, version, region, kind,
  null as purpose, sum(n)::bigint as decisions, null::bigint as granted, null::boolean as required
from classified group by grouping sets ((day, kind), (version, kind), (region, kind))
union all
select 'purpose', null, version, region, null, choice.key, sum(n)::bigint,
  coalesce(sum(n) filter (where choice.value = 'true'), 0)::bigint,
  not exists (select 1 from refused where refused.purpose = choice.key)
from granting, jsonb_each(granting.purposes) choice group by grouping sets ((choice.key), (version, choice.key), (region, choice.key))`

/** @returns {Breakdown} */
const breakdown = () => ({ decisions: 0, acceptedAll: 0, rejectedAll: 0, chose: 0, purposes: {} })

/**
 * @template K
 * @param {Map<K, Breakdown>} map
 * @param {K} key
 */
const entry = (map, key) => {
  let found = map.get(key)
  if (!found) map.set(key, (found = breakdown()))
  return found
}

/**
 * The stats of a period, as `GET /stats` answers them.
 * @param {Store} store
 * @param {Date} from
 * @param {Date} to excluded
 * @returns {Promise<Stats>}
 */
export const statsOf = async (store, from, to) => {
  const firstWhole = Math.ceil(from.getTime() / DAY) * DAY
  const lastWhole = startOfDay(to.getTime())
  const whole = firstWhole < lastWhole
  const iso = (/** @type {number} */ time) => new Date(time).toISOString()
  const { rows } = await store.query(QUERY, [
    from.toISOString(),
    to.toISOString(),
    dayOf(whole ? firstWhole : 0),
    dayOf(whole ? lastWhole : 0),
    iso(whole ? firstWhole : to.getTime()),
    iso(whole ? lastWhole : to.getTime()),
  ])
  /** @type {Map<string, Record<(typeof KINDS)[number], number>>} */
  const days = new Map()
  for (let day = startOfDay(from.getTime()); day < to.getTime(); day += DAY) days.set(dayOf(day), { acceptedAll: 0, rejectedAll: 0, chose: 0 })
  /** @type {Map<string, Breakdown>} */
  const regions = new Map()
  /** @type {Map<number, Breakdown>} */
  const versions = new Map()
  /** @type {Stats['purposes']} */
  const purposes = []
  for (const row of rows) {
    const count = Number(row.decisions)
    const kind = /** @type {(typeof KINDS)[number]} */ (row.kind)
    if (row.part === 'kind') {
      if (row.day !== null) {
        const day = days.get(row.day)
        if (day) day[kind] += count
      } else {
        const found = row.version !== null ? entry(versions, Number(row.version)) : entry(regions, row.region)
        found[kind] += count
        found.decisions += count
      }
      continue
    }
    const granting = { decisions: count, granted: Number(row.granted) }
    if (row.version !== null) entry(versions, Number(row.version)).purposes[row.purpose] = granting
    else if (row.region !== null) entry(regions, row.region).purposes[row.purpose] = granting
    else purposes.push({ id: row.purpose, ...granting, required: row.required })
  }
  const totals = { acceptedAll: 0, rejectedAll: 0, chose: 0 }
  for (const day of days.values()) for (const kind of KINDS) totals[kind] += day[kind]
  const byKey = (/** @type {[any, any]} */ [a], /** @type {[any, any]} */ [b]) => (a < b ? -1 : a > b ? 1 : 0)
  /** @param {Breakdown} counts */
  const sorted = (counts) => ({ ...counts, purposes: Object.fromEntries(Object.entries(counts.purposes).sort(byKey)) })
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    decisions: totals.acceptedAll + totals.rejectedAll + totals.chose,
    ...totals,
    days: [...days].map(([day, counts]) => ({ day, ...counts })),
    purposes: purposes.sort((a, b) => (a.id < b.id ? -1 : 1)),
    regions: [...regions].sort(byKey).map(([region, counts]) => ({ region: region || null, ...sorted(counts) })),
    versions: [...versions].sort(byKey).map(([version, counts]) => ({ version, ...sorted(counts) })),
  }
}

/**
 * Merges the rows of each group of the per-day counts into one, and drops the groups that no
 * receipt is left in. Two services may do it at once: each merges only the rows it deleted.
 * @param {Store} store
 * @returns {Promise<void>}
 */
export const compactStats = async (store) => {
  await store.query(`
    with merged as (
      select day, region, shape from consentry_stats_days group by 1, 2, 3 having count(*) > 1 or sum(n) = 0
    ), gone as (
      delete from consentry_stats_days kept using merged
      where kept.day = merged.day and kept.region = merged.region and kept.shape = merged.shape
      returning kept.day, kept.region, kept.shape, kept.n
    )
    insert into consentry_stats_days (day, region, shape, n)
    select day, region, shape, sum(n) from gone group by 1, 2, 3 having sum(n) <> 0`)
}
