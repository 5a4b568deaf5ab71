// @vitest-environment node
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { handler, MAX_BODY, startCollector } from '../../collector/server.mjs'
import { startPostgres, type Postgres } from '../../scripts/postgres.mjs'
import { admin, daysAgo, history, newId, ORIGIN, post, receipt, TOKEN } from './helpers'

type Collector = Awaited<ReturnType<typeof startCollector>>

let postgres: Postgres | undefined
afterAll(() => postgres?.stop())

/** Every test below runs against both stores: the embedded one and a real PostgreSQL server. */
const STORES: [string, () => { dataDir?: string; databaseUrl?: string }][] = [
  ['PGlite', () => ({ dataDir: 'memory://' })],
  ['PostgreSQL', () => ((postgres ??= startPostgres()), { databaseUrl: postgres.url })],
]

/** 400s and the reason each must give; none of them may be stored. */
const BAD: [string, string | Blob, RegExp][] = [
  ['not JSON', '{"id": ', /not JSON/],
  ['an empty body', '', /not JSON/],
  ['a JSON array', '[]', /JSON object/],
  ['null', 'null', /JSON object/],
  ['no id', JSON.stringify({ ...receipt(), id: undefined }), /id is missing/],
  ['a short id', JSON.stringify(receipt({ id: 'abc' })), /^id must be/],
  ['an id with spaces', JSON.stringify(receipt({ id: 'abc def ghi jkl' })), /^id must be/],
  ['a negative version', JSON.stringify(receipt({ version: -1 })), /^version must be/],
  ['a fractional version', JSON.stringify(receipt({ version: 1.5 })), /^version must be/],
  ['a version as a string', JSON.stringify(receipt({ version: '3' })), /^version must be/],
  ['a date without a time', JSON.stringify(receipt({ timestamp: '2026-11-30' })), /^timestamp must be an ISO 8601/],
  ['a date in words', JSON.stringify(receipt({ timestamp: 'yesterday' })), /^timestamp must be an ISO 8601/],
  ['February 30', JSON.stringify(receipt({ timestamp: '2026-02-30T10:00:00Z' })), /not a real date/],
  ['a date next month', JSON.stringify(receipt({ timestamp: daysAgo(-30) })), /in the future/],
  ['an unknown source', JSON.stringify(receipt({ source: 'cookie' })), /^source must be one of banner/],
  ['a malformed locale', JSON.stringify(receipt({ locale: 'EN_us' })), /^locale must be/],
  ['purposes as an array', JSON.stringify(receipt({ purposes: ['analytics'] })), /^purposes must be an object/],
  ['a purpose set to "yes"', JSON.stringify(receipt({ purposes: { analytics: 'yes' } })), /^purposes\.analytics must be true or false/],
  ['an uppercase purpose id', JSON.stringify(receipt({ purposes: { Analytics: true } })), /^purposes: "Analytics" is not an id/],
  ['no vendors', JSON.stringify({ ...receipt(), vendors: undefined }), /vendors is missing/],
  [
    '501 vendors',
    JSON.stringify(receipt({ vendors: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`v${i}`, true])) })),
    /vendors has more than 500/,
  ],
  ['a javascript: URL', JSON.stringify(receipt({ url: 'javascript:alert(1)' })), /^url must be an absolute http\(s\) URL/],
  ['a relative URL', JSON.stringify(receipt({ url: '/checkout' })), /^url must be an absolute/],
  ['a 3 KB URL', JSON.stringify(receipt({ url: 'https://shop.example/?' + 'q'.repeat(3000) })), /^url is longer than 2048/],
  // Each of these three got past the checks once, and PostgreSQL then refused the whole INSERT.
  ['a URL holding U+0000', JSON.stringify(receipt({ url: 'https://shop.example/\u0000' })), /^url must not hold control characters/],
  ['a URL holding half a surrogate pair', JSON.stringify(receipt({ url: 'https://shop.example/\ud83d' })), /unpaired surrogates/],
  ['the year 0000', JSON.stringify(receipt({ timestamp: '0000-06-01T00:00:00.000Z' })), /not a real date/],
  ['gpc as a string', JSON.stringify(receipt({ gpc: 'false' })), /^gpc must be true or false/],
  ['no gpc', JSON.stringify({ ...receipt(), gpc: undefined }), /gpc is missing/],
  ['an empty region', JSON.stringify(receipt({ region: '' })), /^region must be/],
  ['an IP address beside the receipt', JSON.stringify(receipt({ ip: '203.0.113.9' })), /unknown field "ip"/],
  ['a user agent beside the receipt', JSON.stringify(receipt({ userAgent: 'Mozilla/5.0' })), /unknown field "userAgent"/],
  ['bytes that are not UTF-8', new Blob([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]), /not UTF-8/],
]

describe.each(STORES)('on %s', (_name, store) => {
  let collector: Collector
  let url: string
  beforeAll(async () => {
    collector = await startCollector({ token: TOKEN, origins: [ORIGIN, 'http://localhost:8787'], port: 0, rateLimit: 0, ...store() })
    url = collector.url
  }, 300_000)
  afterAll(() => collector?.close())

  const count = async () => Number((await collector.store.query('select count(*)::int as n from receipts')).rows[0].n)

  test('stores a text/plain receipt, answers 204, and gives it back in the visitor’s history', async () => {
    const sent = receipt({ region: 'eu' })
    const response = await post(url, JSON.stringify(sent))
    expect([response.status, await response.text()]).toEqual([204, ''])
    const [stored, ...rest] = await history(url, sent.id)
    expect(rest).toEqual([])
    expect(stored).toEqual({ ...sent, purposes: { analytics: false, marketing: true, necessary: true }, receivedAt: expect.any(String) })
    expect(Date.now() - Date.parse(stored.receivedAt)).toBeLessThan(600_000)
  })

  test('accepts application/json as well', async () => {
    const sent = receipt()
    expect((await post(url, JSON.stringify(sent), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(204)
    expect((await history(url, sent.id)).map((r) => r.id)).toEqual([sent.id])
  })

  test('stores the same receipt once, however often and in whatever key order it comes', async () => {
    const sent = receipt()
    const reordered = Object.fromEntries(Object.entries(sent).reverse())
    const statuses = await Promise.all([sent, sent, reordered, sent].map(async (r) => (await post(url, JSON.stringify(r))).status))
    expect(statuses).toEqual([204, 204, 204, 204])
    expect(await history(url, sent.id)).toHaveLength(1)
  })

  test('stores a receipt sent again while its first copy is still being written once, and acknowledges both', async () => {
    const [a, b] = [receipt(), receipt()]
    const first = [collector.store.add(a as any), collector.store.add(b as any)]
    // The first INSERT starts in this turn of the event loop; the copies, in the other order,
    // come in the next one: on PostgreSQL a second INSERT in flight, on PGlite the next one.
    await new Promise((turn) => setImmediate(turn))
    const again = [collector.store.add(b as any), collector.store.add(a as any)]
    await Promise.all(again)
    // Acknowledged means committed: once the copies are answered, the originals are there.
    const { rows } = await collector.store.query('select consent_id from receipts where consent_id = any($1) order by consent_id', [[a.id, b.id]])
    expect(rows.map((row) => row.consent_id)).toEqual([a.id, b.id].sort())
    await Promise.all(first)
    expect([(await history(url, a.id)).length, (await history(url, b.id)).length]).toEqual([1, 1])
  })

  test('fails only the receipt the database refuses, not the others written with it', async () => {
    const good = [receipt(), receipt()]
    // A receipt that skipped the checks (as through a bug): jsonb refuses U+0000.
    const refused = receipt({ url: 'https://shop.example/\u0000' })
    const results = await Promise.allSettled([good[0], refused, good[1]].map((r) => collector.store.add(r as any)))
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    for (const r of good) expect(await history(url, r.id)).toHaveLength(1)
    expect(await history(url, refused.id)).toEqual([])
  })

  test('gives a visitor’s history oldest first, and an empty array for an unknown id', async () => {
    const first = receipt({ timestamp: daysAgo(3), source: 'banner' })
    const second = { ...first, timestamp: daysAgo(2), source: 'preferences', purposes: { analytics: true } }
    expect((await post(url, JSON.stringify(second))).status).toBe(204)
    expect((await post(url, JSON.stringify(first))).status).toBe(204)
    expect((await history(url, first.id)).map((r) => r.source)).toEqual(['banner', 'preferences'])
    expect(await history(url, newId())).toEqual([])
  })

  test.each(BAD)('refuses %s with 400 and the reason, storing nothing', async (_case, body, reason) => {
    const before = await count()
    const response = await post(url, body)
    expect(response.status).toBe(400)
    expect(await response.text()).toMatch(reason)
    expect(await count()).toBe(before)
  })

  test('takes a body of exactly 16 KB and refuses one byte more with 413, with or without a length', async () => {
    const sent = receipt()
    const json = JSON.stringify(sent)
    const exact = json + ' '.repeat(MAX_BODY - Buffer.byteLength(json))
    expect((await post(url, exact)).status).toBe(204)
    const over = receipt()
    const tooLarge = JSON.stringify(over) + ' '.repeat(MAX_BODY)
    const declared = await post(url, tooLarge)
    expect([declared.status, await declared.text()]).toEqual([413, `the body is larger than ${MAX_BODY} bytes\n`])
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(tooLarge.slice(i * 8000, (i + 1) * 8000)))
        controller.close()
      },
    })
    const chunked = await fetch(`${url}/receipts`, { method: 'POST', body: stream, headers: { 'content-type': 'text/plain' }, duplex: 'half' } as RequestInit)
    expect(chunked.status).toBe(413)
    expect(await history(url, sent.id)).toHaveLength(1)
    expect(await history(url, over.id)).toEqual([])
  })

  test('refuses other content types with 415', async () => {
    const sent = receipt()
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html'])
      expect((await post(url, JSON.stringify(sent), { 'content-type': type })).status).toBe(415)
    expect(await history(url, sent.id)).toEqual([])
  })

  test('sends CORS headers to the configured origins only, never *, and refuses receipts from other sites', async () => {
    const allowed = await post(url, JSON.stringify(receipt()), { 'content-type': 'text/plain', origin: ORIGIN })
    expect([allowed.status, allowed.headers.get('access-control-allow-origin')]).toEqual([204, ORIGIN])
    const preflight = await fetch(`${url}/receipts`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:8787', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8787')
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST')
    const foreign = receipt()
    const refused = await post(url, JSON.stringify(foreign), { 'content-type': 'text/plain', origin: 'https://elsewhere.example' })
    expect([refused.status, refused.headers.get('access-control-allow-origin')]).toEqual([403, null])
    const foreignPreflight = await fetch(`${url}/receipts`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example' } })
    expect([foreignPreflight.status, foreignPreflight.headers.get('access-control-allow-origin')]).toEqual([403, null])
    expect(await history(url, foreign.id)).toEqual([])
    const history401 = await fetch(`${url}/receipts/${foreign.id}`, { headers: { origin: ORIGIN } })
    expect(history401.headers.get('access-control-allow-origin')).toBe(null)
  })

  test('answers the admin endpoints only with the bearer token', async () => {
    const sent = receipt()
    await post(url, JSON.stringify(sent))
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
      { authorization: `Bearer ${TOKEN}${TOKEN}` },
      { authorization: 'Bearer ' },
      { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ]
    for (const path of [`/receipts/${sent.id}`, '/receipts?format=csv', '/receipts'])
      for (const headers of attempts) {
        const response = await fetch(url + path, { headers })
        expect([path, response.status, response.headers.get('www-authenticate')]).toEqual([path, 401, 'Bearer'])
      }
    expect((await fetch(`${url}/receipts/${sent.id}`, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200)
  })

  test('exports a date range as CSV and as NDJSON, from included, to excluded', async () => {
    const start = Date.now() - 5 * 86_400_000
    const at = (hours: number) => new Date(start + hours * 3_600_000).toISOString()
    const inside = [receipt({ timestamp: at(1) }), receipt({ timestamp: at(0), region: 'ca-us', url: 'https://shop.example/list?ids=1,2&q="x"' })]
    const outside = [receipt({ timestamp: at(-1) }), receipt({ timestamp: at(2) })]
    for (const r of [...inside, ...outside]) await post(url, JSON.stringify(r))
    const query = `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(2))}`
    const csv = await admin(url, `/receipts?${query}&format=csv`)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = (await csv.text()).split('\r\n')
    expect(lines).toEqual([
      'id,timestamp,received_at,version,source,locale,gpc,region,url,purposes_granted,purposes_denied,vendors_granted,vendors_denied',
      expect.stringMatching(new RegExp(`^${inside[1]!.id},${at(0)},[^,]+,3,banner,ro,false,ca-us,"https://shop.example/list\\?ids=1,2&q=""x""",marketing necessary,analytics,meta-pixel,ga4$`)),
      expect.stringMatching(new RegExp(`^${inside[0]!.id},${at(1)},[^,]+,3,banner,ro,false,,https://shop.example/checkout,marketing necessary,analytics,meta-pixel,ga4$`)),
      '',
    ])
    const ndjson = await admin(url, `/receipts?${query}&format=ndjson`)
    const rows = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line))
    expect(rows.map((r) => r.id)).toEqual([inside[1]!.id, inside[0]!.id])
  })

  test('exports every receipt once when thousands share one millisecond, across pages', async () => {
    // More receipts than one page of the export holds, all dated the same millisecond, their row
    // numbers running past 999 to 1000 and beyond.
    const at = daysAgo(10)
    const sent = Array.from({ length: 2100 }, () => receipt({ timestamp: at }))
    await Promise.all(sent.map((r) => collector.store.add(r as any)))
    const to = new Date(Date.parse(at) + 1).toISOString()
    const ndjson = await admin(url, `/receipts?from=${encodeURIComponent(at)}&to=${encodeURIComponent(to)}&format=ndjson`)
    const ids = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line).id)
    expect(ids.length).toBe(sent.length)
    expect(ids.sort()).toEqual(sent.map((r) => r.id).sort())
  })

  test('refuses a malformed export or history query with 400', async () => {
    for (const query of ['format=xlsx', 'from=last-week', 'to=2026-13-45T00:00:00Z'])
      expect([query, (await admin(url, `/receipts?${query}`)).status]).toEqual([query, 400])
    expect((await admin(url, '/receipts/not%20an%20id')).status).toBe(400)
  })

  test('answers 404 elsewhere and 405 to other methods', async () => {
    expect((await admin(url, '/nothing-here')).status).toBe(404)
    expect((await admin(url, '/receiptsx')).status).toBe(404)
    const put = await fetch(`${url}/receipts`, { method: 'PUT', body: '{}' })
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, POST, OPTIONS'])
  })

  test('keeps no IP address and no user agent: the table holds the receipt and the time it came, nothing else', async () => {
    const sent = receipt()
    const headers = { 'content-type': 'text/plain', 'user-agent': 'UniqueAgent/9.9', 'x-forwarded-for': '203.0.113.77' }
    expect((await post(url, JSON.stringify(sent), headers)).status).toBe(204)
    const columns = await collector.store.query(
      "select column_name from information_schema.columns where table_name = 'receipts' order by ordinal_position",
    )
    expect(columns.rows.map((row) => row.column_name)).toEqual(['seq', 'consent_id', 'decided_at', 'received_at', 'digest', 'receipt'])
    const everything = JSON.stringify((await collector.store.query('select * from receipts')).rows)
    expect(everything).toContain(sent.id)
    for (const trace of ['UniqueAgent', '203.0.113.77', '127.0.0.1', '::1']) expect(everything).not.toContain(trace)
  })

  test('deletes receipts older than the retention period and keeps the rest', async () => {
    const old = receipt({ timestamp: daysAgo(40) })
    const recent = receipt({ timestamp: daysAgo(20) })
    for (const r of [old, recent]) expect((await post(url, JSON.stringify(r))).status).toBe(204)
    expect(await collector.store.purge(30)).toBe(1)
    expect(await history(url, old.id)).toEqual([])
    expect(await history(url, recent.id)).toHaveLength(1)
  })

  test('has applied each migration once', async () => {
    const { rows } = await collector.store.query('select name from consentry_migrations order by name')
    expect(rows.map((row) => row.name)).toEqual(['001-receipts.sql', '002-stats.sql'])
  })

  /** Runs `check` against a handler limited to `rateLimit` requests a minute, on its own port. */
  const withLimit = async (options: { rateLimit: number; trustProxy?: number }, check: (url: string) => Promise<void>) => {
    const limited = createServer(handler({ store: collector.store, token: TOKEN, origins: [], ...options }))
    await new Promise((listening) => limited.listen(0, '127.0.0.1', () => listening(undefined)))
    try {
      await check(`http://127.0.0.1:${(limited.address() as { port: number }).port}`)
    } finally {
      limited.closeAllConnections()
      await new Promise((closed) => limited.close(closed))
    }
  }

  test('answers 429 to a client over its limit per minute, admin requests included', async () => {
    await withLimit({ rateLimit: 3 }, async (limitedUrl) => {
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await post(limitedUrl, JSON.stringify(receipt()))).status)
      const refused = await post(limitedUrl, JSON.stringify(receipt()))
      statuses.push(refused.status, (await admin(limitedUrl, '/receipts/abcdefgh')).status)
      expect(statuses).toEqual([204, 204, 204, 429, 429])
      expect(refused.headers.get('retry-after')).toBe('60')
    })
  })

  /** The statuses of one POST per entry, each sent with that `X-Forwarded-For`. */
  const postsFrom = (limitedUrl: string, forwardedFor: string[]) =>
    forwardedFor.reduce<Promise<number[]>>(async (statuses, from) => {
      const headers = { 'content-type': 'text/plain', 'x-forwarded-for': from }
      return [...(await statuses), (await post(limitedUrl, JSON.stringify(receipt()), headers)).status]
    }, Promise.resolve([]))

  test('behind one trusted proxy, counts each visitor under the address the proxy appended', async () => {
    await withLimit({ rateLimit: 2, trustProxy: 1 }, async (limitedUrl) => {
      // What the client wrote itself, left of the proxy's entry, does not give it a fresh limit.
      const visitorA = ['203.0.113.1', '198.51.100.7, 203.0.113.1', '203.0.113.1']
      const visitorB = ['203.0.113.2', '203.0.113.2']
      expect(await postsFrom(limitedUrl, [...visitorA, ...visitorB])).toEqual([204, 204, 429, 204, 204])
    })
  })

  test('without --trust-proxy, ignores X-Forwarded-For: a client cannot pick the address it is counted under', async () => {
    await withLimit({ rateLimit: 2 }, async (limitedUrl) => {
      expect(await postsFrom(limitedUrl, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([204, 204, 429])
    })
  })
})
