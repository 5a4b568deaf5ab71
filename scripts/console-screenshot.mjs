// @ts-check
// `node scripts/console-screenshot.mjs`: the README's picture of the collector's console
// (docs/console.png). A collector on a throwaway embedded database receives, through its own
// POST /receipts, a month of receipts for the examples' manifests (examples/*/consent.json), each
// built from its manifest as the library records a decision (every purpose listed, required ones
// granted, a vendor granted when all its purposes are); who accepts, refuses or chooses is drawn
// from a fixed seed, so that the picture is the same on every run. Chromium then opens the console
// at 1100 px wide, signs in and looks up one visitor.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startCollector } from '../collector/server.mjs'
import { launchChromium } from './chromium.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const TOKEN = 'screenshot-token-0123456789abcdef'
const FIRST = Date.parse('2026-11-01T00:00:00Z')
const DAYS = 30
const DAY = 86_400_000

/** A small deterministic generator (mulberry32): the same receipts on every run. */
const random = (() => {
  let seed = 20261101
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
})()
const pick = (/** @type {any[]} */ items) => items[Math.floor(random() * items.length)]

/** @typedef {{ id: string, required?: boolean }} Purpose */
/** @typedef {{ id: string, purposes: string[] }} Vendor */

const manifests = readdirSync(join('examples'))
  .filter((name) => existsSync(join('examples', name, 'consent.json')))
  .map((name) => ({ name, manifest: JSON.parse(readFileSync(join('examples', name, 'consent.json'), 'utf8')) }))

/** @param {...string} parts */
function join(...parts) {
  return root + parts.join('/')
}

/**
 * One visitor's receipt for `manifest`, on `day`.
 * @param {string} name the example
 * @param {any} manifest
 * @param {number} day
 * @param {number} serial
 */
const receiptFor = (name, manifest, day, serial) => {
  const optional = manifest.purposes.filter((/** @type {Purpose} */ p) => !p.required).map((/** @type {Purpose} */ p) => p.id)
  const draw = random()
  // Roughly what consent platforms report for opt-in banners: about half accept all, a third refuse.
  const granted = new Set(draw < 0.52 ? optional : draw < 0.85 ? [] : optional.filter(() => random() < 0.45))
  /** @type {Record<string, boolean>} */
  const purposes = {}
  for (const purpose of manifest.purposes) purposes[purpose.id] = Boolean(purpose.required) || granted.has(purpose.id)
  /** @type {Record<string, boolean>} */
  const vendors = {}
  for (const vendor of manifest.vendors ?? []) vendors[vendor.id] = vendor.purposes.every((/** @type {string} */ id) => purposes[id])
  const region = name === '24seven' ? pick(['DE', 'DE', 'FR', 'US-CA', 'US-CA', 'RO']) : undefined
  const time = day + Math.floor(random() * DAY)
  return {
    id: `${name.replace(/[^a-z0-9]/g, '')}${String(serial).padStart(6, '0')}`.slice(0, 32),
    version: manifest.version,
    timestamp: new Date(time).toISOString(),
    source: draw < 0.85 ? 'banner' : 'preferences',
    locale: manifest.defaultLocale,
    purposes,
    vendors,
    url: `http://127.0.0.1:8787/${name}/`,
    gpc: false,
    ...(region && { region }),
  }
}

const main = async () => {
  const collector = await startCollector({ token: TOKEN, port: 0, dataDir: 'memory://', rateLimit: 0 })
  try {
    const receipts = []
    let serial = 0
    for (let index = 0; index < DAYS; index++) {
      const day = FIRST + index * DAY
      // Busier on weekdays, and a campaign in the third week.
      const visitors = 12 + Math.floor(random() * 10) + (new Date(day).getUTCDay() % 6 === 0 ? -6 : 0) + (index >= 14 && index < 19 ? 14 : 0)
      for (let n = 0; n < visitors; n++) {
        const { name, manifest } = pick(manifests)
        receipts.push(receiptFor(name, manifest, day, serial++))
      }
    }
    // A visitor who came back and changed their mind: the look-up below shows both decisions.
    const returning = receiptFor('24seven', manifests.find((m) => m.name === '24seven')?.manifest, FIRST + 3 * DAY, serial++)
    const changed = { ...returning, timestamp: new Date(Date.parse(returning.timestamp) + 9 * DAY).toISOString(), source: 'preferences' }
    changed.purposes = { ...returning.purposes, marketing: !returning.purposes.marketing }
    receipts.push(returning, changed)
    for (let start = 0; start < receipts.length; start += 20) {
      const statuses = await Promise.all(
        receipts.slice(start, start + 20).map((receipt) =>
          fetch(`${collector.url}/receipts`, { method: 'POST', body: JSON.stringify(receipt), headers: { 'content-type': 'text/plain' } }).then(
            (response) => response.status,
          ),
        ),
      )
      if (statuses.some((status) => status !== 204)) throw new Error(`the collector refused a receipt: ${statuses}`)
    }
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 })
      await page.goto(`${collector.url}/`)
      await page.getByRole('textbox', { name: 'Admin token' }).fill(TOKEN)
      await page.getByRole('button', { name: 'Open the console' }).click()
      await page.getByLabel('From', { exact: true }).fill('2026-11-01')
      await page.getByLabel('To (included)').fill('2026-11-30')
      await page.getByRole('button', { name: 'Show', exact: true }).click()
      await page.getByText(`${receipts.length} decisions from 2026-11-01 to 2026-11-30`).waitFor()
      await page.getByRole('textbox', { name: 'Consent id' }).fill(returning.id)
      await page.getByRole('button', { name: 'Look up' }).click()
      await page.getByText(`${returning.id}: 2 decisions`).waitFor()
      const out = join('docs', 'console.png')
      await page.screenshot({ path: out, fullPage: true })
      console.log(`${receipts.length} receipts from ${manifests.map((m) => m.name).join(', ')}: ${out}`)
    } finally {
      await browser.close()
    }
  } finally {
    await collector.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
