import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startCollector } from '../../collector/server.mjs'
import { launchChromium } from './chromium'
import { SEED, SEED_IDS, sendSeed } from '../collector/stats-seed'

// The collector's console (docs/reference.md §13), served by a real collector holding the seed of
// test/collector/stats-seed.ts, whose figures are worked out by hand there.
const TOKEN = 'console-test-token-0123456789'
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
let browser: Browser
let collector: Awaited<ReturnType<typeof startCollector>>

beforeAll(async () => {
  collector = await startCollector({ token: TOKEN, port: 0, dataDir: 'memory://', rateLimit: 0 })
  await sendSeed(collector.url)
  browser = await launchChromium()
}, 300_000)
afterAll(async () => {
  await browser?.close()
  await collector?.close()
})

/** A page at `width` px, with every URL it asks for and every error and CSP violation it meets. */
const open = async (width: number) => {
  const context = await browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true })
  const page = await context.newPage()
  const urls: string[] = []
  const errors: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(`${collector.url}/`)
  return { page, urls, errors, close: () => context.close() }
}

const signIn = async (page: Page, token = TOKEN) => {
  await page.getByLabel('Admin token').fill(token)
  await page.keyboard.press('Enter')
}

const showPeriod = async (page: Page) => {
  await page.getByLabel('From', { exact: true }).fill('2026-10-01')
  await page.getByLabel('To (included)').fill('2026-10-03')
  await page.getByRole('button', { name: 'Show', exact: true }).click()
  await page.getByText('7 decisions from 2026-10-01 to 2026-10-03 (UTC days).').waitFor()
}

/** The text of each row of a table, cells joined by " | ". */
const rows = (page: Page, name: string) =>
  page
    .getByRole('region', { name })
    .locator('tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent).join(' | ')))

test('asks for the token, keeps it in sessionStorage only, and shows the seed’s figures at 360 px', async () => {
  const { page, urls, errors, close } = await open(360)
  const csp = (await page.request.get(`${collector.url}/`)).headers()['content-security-policy']
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toContain('unsafe-inline')
  await signIn(page, 'not-the-token-0123456789')
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('This token is not accepted')
  await signIn(page)
  await showPeriod(page)
  expect(await page.evaluate(() => sessionStorage.getItem('consentry-admin-token'))).toBe(TOKEN)
  const summary = await page.locator('.summary').innerText()
  expect(summary.replace(/\s+/g, ' ')).toBe('Decisions 7 Accepted all 3 (42.9 %) Chose 2 (28.6 %) Rejected all 2 (28.6 %)')
  expect((await page.locator('.shares').innerText()).replace(/\s+/g, ' ')).toBe(
    'analytics 71.4 % 5 of 7 marketing 42.9 % 3 of 7 necessary (always granted) 100.0 % 7 of 7',
  )
  expect(await rows(page, 'Decisions by region')).toEqual([
    'Region | Decisions | Accepted all | Chose | Rejected all | analytics granted | marketing granted',
    'No region | 2 | 0 (0.0 %) | 2 (100.0 %) | 0 (0.0 %) | 100.0 % | 0.0 %',
    'EU | 3 | 2 (66.7 %) | 0 (0.0 %) | 1 (33.3 %) | 66.7 % | 66.7 %',
    'US-CA | 2 | 1 (50.0 %) | 0 (0.0 %) | 1 (50.0 %) | 50.0 % | 50.0 %',
  ])
  expect(await rows(page, 'Decisions by manifest version')).toEqual([
    'Version | Decisions | Accepted all | Chose | Rejected all | analytics granted | marketing granted',
    '3 | 5 | 2 (40.0 %) | 2 (40.0 %) | 1 (20.0 %) | 80.0 % | 40.0 %',
    '4 | 2 | 1 (50.0 %) | 0 (0.0 %) | 1 (50.0 %) | 50.0 % | 50.0 %',
  ])
  await page.getByText('Decisions per day as a table').click()
  expect(await rows(page, 'Decisions per day, table')).toEqual([
    'Day | Accepted all | Chose | Rejected all',
    '2026-10-01 | 1 | 1 | 1',
    '2026-10-02 | 2 | 0 | 0',
    '2026-10-03 | 0 | 1 | 1',
  ])
  // The chart: one bar per day, as high as that day's decisions (3, 2, 2 of an axis of 5).
  const heights = await page.locator('.chart svg g').evaluateAll((bars) =>
    bars.map((bar) => [...bar.querySelectorAll('rect')].reduce((sum, rect) => sum + Number(rect.getAttribute('height')), 0)),
  )
  expect(heights.map((height) => Math.round(height))).toEqual([60, 40, 40])
  // Nothing wider than the screen: the wide tables scroll inside their own box.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  expect(urls.filter((url) => url.includes(TOKEN))).toEqual([])
  // Chromium reports the wrong token's 401 in the console; nothing else may be there.
  expect(errors).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)'])
  await close()
})

test('looks up a consent id and downloads the exports with the token in a header', async () => {
  const { page, urls, errors, close } = await open(1024)
  await signIn(page)
  await showPeriod(page)
  await page.getByRole('textbox', { name: 'Consent id' }).fill(SEED_IDS[2]!)
  await page.getByRole('button', { name: 'Look up' }).click()
  expect(await rows(page, `History of ${SEED_IDS[2]}`)).toEqual([
    'Decided | Source | Version | Region | Granted | Refused | Received',
    expect.stringMatching(/^2026-10-01T20:00:00.000Z \| banner \| 3 \| – \| analytics, necessary \| marketing \| 20\d\d-/),
  ])
  await page.getByRole('textbox', { name: 'Consent id' }).fill('nobody-has-this-id')
  await page.getByRole('button', { name: 'Look up' }).click()
  await page.getByText('No receipt has the consent id nobody-has-this-id.').waitFor()
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()])
  expect(csv.suggestedFilename()).toBe('consent-receipts-2026-10-01-to-2026-10-03.csv')
  const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\r\n')
  expect(lines.map((line) => line.split(',')[0])).toEqual(['id', ...SEED_IDS])
  const [ndjson] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download NDJSON' }).click()])
  const exported = readFileSync((await ndjson.path())!, 'utf8').trim().split('\n').map((line) => JSON.parse(line))
  expect(exported.map(({ receivedAt: _, ...receipt }) => receipt)).toEqual(
    SEED.slice(0, 7).map((receipt) => ({ ...receipt, purposes: Object.fromEntries(Object.entries(receipt.purposes).sort()), vendors: { ads: receipt.vendors.ads, ga4: receipt.vendors.ga4 } })),
  )
  expect(urls.filter((url) => url.includes(TOKEN))).toEqual([])
  // Signing out forgets the token.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByLabel('Admin token').waitFor()
  expect(await page.evaluate(() => sessionStorage.getItem('consentry-admin-token'))).toBeNull()
  expect(errors).toEqual([])
  await close()
})

test('axe-core finds nothing, signed out and signed in, and the keyboard reaches every control', async () => {
  const { page, errors, close } = await open(360)
  const violations = async () => {
    // Evaluated through the debugging protocol: the page's CSP forbids any script it did not serve.
    await page.evaluate(AXE)
    return page.evaluate(async () => {
      const { violations } = await (window as any).axe.run(document)
      return violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`)
    })
  }
  expect(await violations()).toEqual([])
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('token')
  await page.keyboard.type(TOKEN)
  await page.keyboard.press('Enter')
  await showPeriod(page)
  await page.getByText('Decisions per day as a table').click()
  await page.getByRole('textbox', { name: 'Consent id' }).fill(SEED_IDS[0]!)
  await page.getByRole('button', { name: 'Look up' }).click()
  await page.getByText(`${SEED_IDS[0]}: 1 decision, oldest first`).waitFor()
  expect(await violations()).toEqual([])
  // Tab goes through the period, sign out, the table toggle, the scrolling tables, the look-up and the exports.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const reached: string[] = []
  for (let i = 0; i < 24; i++) {
    await page.keyboard.press('Tab')
    reached.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? ''))
  }
  expect(reached).toEqual(expect.arrayContaining(['Sign out', 'Decisions per day as a table', 'Decisions by region', 'Look up', 'Download CSV', 'Download NDJSON']))
  expect(errors).toEqual([])
  await close()
})
