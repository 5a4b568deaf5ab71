import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from './chromium'
import { serve, type Served } from './server'

let browser: Browser
let site: Served

const MANIFEST = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
}

const PAGE = `<!doctype html><html lang="en"><head>
<script src="/dist/consentry.js"></script>
<script type="application/json" id="consentry-manifest">${JSON.stringify(MANIFEST)}</script>
</head><body>
<script type="text/plain" data-consent="analytics">window.ran = (window.ran || []).concat('analytics')</script>
<script type="text/plain" data-consent="necessary">window.ran = (window.ran || []).concat('necessary')</script>
</body></html>`

beforeAll(async () => {
  site = await serve({ '/dist/': 'dist' }, (request, response) => {
    if (request.url !== '/') return false
    response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
    return true
  })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

test('runs required scripts at once and granted ones after acceptAll, and again after a reload', async () => {
  const page = await browser.newPage()
  await page.goto(site.url)
  await page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')
  expect(await page.evaluate(() => (window as any).ran)).toEqual(['necessary'])
  await page.evaluate(() => (window as any).consent.acceptAll())
  await page.waitForFunction(() => (window as any).ran.length === 2)
  expect(await page.evaluate(() => (window as any).ran)).toEqual(['necessary', 'analytics'])
  await page.reload()
  await page.waitForFunction(() => (window as any).ran?.length === 2)
  expect(await page.evaluate(() => (window as any).ran)).toEqual(['analytics', 'necessary'])
  await page.close()
})
