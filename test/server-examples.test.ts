// @vitest-environment node
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { encode } from '../src/core/cookie-format'
// The examples import `consentry/server` as a site would: the built package, through its exports.
// @ts-expect-error: a plain JavaScript example, as a site would write it
import edge from '../examples/server/edge.mjs'
// @ts-expect-error: a plain JavaScript example, as a site would write it
import { handler } from '../examples/server/node-http.mjs'

const TAG = 'https://analytics.example/tag.js'
const cookie = (purposes: string[]) =>
  'consentry=' +
  encode({
    id: 'abcdefgh12345678',
    version: 1,
    fingerprint: '',
    timestamp: Math.floor(Date.now() / 1000) * 1000 - 60_000,
    source: 'banner',
    locale: 'en',
    gpc: false,
    purposes,
    off: [],
  })

let server: Server
let url: string
beforeAll(async () => {
  server = createServer(handler)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

const CASES: [string, boolean, Record<string, string>][] = [
  ['no cookie', false, {}],
  ['analytics allowed', true, { cookie: cookie(['analytics']) }],
  ['analytics refused', false, { cookie: cookie([]) }],
  ['a Californian who has not decided (opt-out)', true, { 'cf-ipcountry': 'US-CA' }],
  ['a German who has not decided (opt-in)', false, { 'cf-ipcountry': 'DE' }],
]

describe.each([
  ['the Node http example', (headers: Record<string, string>) => fetch(url, { headers }).then((r) => r.text())],
  ['the edge example', (headers: Record<string, string>) => Promise.resolve(edge.fetch(new Request('https://example.com/', { headers }))).then((r) => r.text())],
])('%s', (_, get) => {
  test.each(CASES)('%s: analytics tag rendered %s', async (_, expected, headers) => {
    expect((await get(headers)).includes(TAG)).toBe(expected)
  })
})
