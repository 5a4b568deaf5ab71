import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startCollector } from '../../collector/server.mjs'
import { ready, record, visitor } from './examples-site'
import { browser, site, useSite } from './harness'

// An example page sending its receipt to a real collector on another origin, as `npm start` runs them.
const TOKEN = 'browser-test-token-0123456789'
const data = mkdtempSync(join(tmpdir(), 'consentry-collector-browser-'))
let collector: Awaited<ReturnType<typeof startCollector>>

useSite()
beforeAll(async () => {
  collector = await startCollector({ token: TOKEN, port: 0, dataDir: data, origins: [site.url] })
}, 300_000)
afterAll(async () => {
  await collector?.close()
  rmSync(data, { recursive: true, force: true })
})

const history = async (id: string) =>
  (await fetch(`${collector.url}/receipts/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()

test('a decision on an example page ends up in the collector, with the id the preferences show', async () => {
  const manifest = JSON.parse(readFileSync('examples/b2b/consent.json', 'utf8'))
  site.override('/b2b/consent.json', { ...manifest, log: { endpoint: `${collector.url}/receipts` } })
  const { context, page, errors, close } = await visitor(browser, site)
  // The collector is real: its requests go out instead of to the vendor fakes.
  await context.route(`${collector.url}/**`, (route) => route.continue())
  const sent: string[] = []
  page.on('request', (request) => {
    if (request.url().startsWith(collector.url)) sent.push(`${request.method()} ${request.headers()['content-type']}`)
  })
  await page.goto(`${site.url}/b2b/`)
  await ready(page)
  await page.getByRole('region', { name: 'Your privacy choices' }).getByRole('button', { name: 'Accept all' }).click()
  const decided = await record(page)
  await expect.poll(() => history(decided.id), { timeout: 20_000 }).toHaveLength(1)
  const [stored] = await history(decided.id)
  expect(stored).toEqual({
    ...decided,
    url: `${site.url}/b2b/`,
    gpc: false,
    receivedAt: expect.any(String),
  })
  // A beacon with a text/plain body: no CORS preflight, one POST.
  expect(sent).toEqual(['POST text/plain;charset=utf-8'])
  await page.evaluate(() => (window as any).consent.showPreferences())
  const dialog = page.getByRole('dialog', { name: 'Cookie settings' })
  await expect.poll(() => dialog.textContent()).toContain(`Your consent ID is ${decided.id}, saved on`)
  expect(errors).toEqual([])
  await close()
})
