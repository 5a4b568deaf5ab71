/**
 * The configurator, dist/configure/ (docs/reference.md, Configurator), as a site owner uses it:
 * a manifest built from nothing, previewed with the real UI, downloaded stamped and valid, and
 * accepted by the script tag; an existing manifest opened; axe-core finding nothing.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import type { Frame, Page } from 'playwright-core'
import { validateManifest } from '../../src/index'
import { isStamped } from '../../src/core/stamp'
import { browser, site, useSite } from './harness'

const SLOW = 180_000
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
/** The manifest the owner downloaded, served to the page that tries it. */
let made = ''

useSite((request, response) => {
  const path = new URL(request.url!, 'http://x').pathname
  if (path === '/made/')
    return (response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head><title>Shop</title>
<script src="/consentry.js" data-manifest="/made/consent.json"></script></head><body><h1>Shop</h1></body></html>`), true)
  if (path === '/made/consent.json') return (response.writeHead(200, { 'content-type': 'application/json' }).end(made), true)
  return false
})

/** The preview's frame once its banner or dialog has rendered. */
const preview = async (page: Page): Promise<Frame> => {
  const element = await page.waitForSelector('iframe[title^="Preview"]')
  const frame = (await element.contentFrame())!
  await frame.waitForSelector('body[data-preview="ready"]')
  return frame
}

/** axe-core's violations in a page or frame (open shadow roots included), as `rule: target`. */
const axe = async (target: Page | Frame): Promise<string[]> => {
  await target.addScriptTag({ path: AXE })
  return target.evaluate(async () => {
    const { violations } = await (window as any).axe.run(document, { iframes: false })
    return violations.flatMap((v: any) => v.nodes.map((n: any) => `${v.id}: ${JSON.stringify(n.target)}`))
  })
}

const problems = (page: Page) => page.locator('#problems-count').textContent()

test('builds a manifest from nothing, previews the real UI, and downloads a stamped file the script tag accepts', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true, acceptDownloads: true })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${site.url}/configure/`)

  // The starting point names no controller: the validator says so, with its path.
  await page.getByText('controller: must not be empty').or(page.getByText(/^controller: /)).first().waitFor()
  expect(await page.getByRole('button', { name: 'Download consent.json' }).isDisabled()).toBe(true)

  await page.getByLabel('Company or person responsible (controller)').fill('Example Shop Ltd')
  await page.getByRole('checkbox', { name: 'Analytics' }).check()
  await page.getByRole('checkbox', { name: 'Live chat' }).check()
  await page.getByLabel('Vendor preset').selectOption('ga4')
  await page.getByRole('button', { name: 'Add vendor' }).click()
  // A preset's required id is asked for, and checked as it is typed.
  expect(await problems(page)).toBe('1 problem to fix')
  await page.getByLabel(/^measurementId \(required\)/).fill('UA-1')
  await page.getByText(/^vendors\[0\]\.options\.measurementId: /).waitFor()
  await page.getByLabel(/^measurementId \(required\)/).fill('G-TEST1')
  await page.getByLabel('Vendor preset').selectOption('tawkto')
  await page.getByRole('button', { name: 'Add vendor' }).click()
  await page.getByLabel(/^propertyId \(required\)/).fill('63f1c0ffee0a1b2c3d4e5f60')
  await page.getByLabel(/^widgetId \(required\)/).fill('1gq2chatc')
  // A purpose of one's own, with the keyboard alone: typed, then Enter.
  await page.getByLabel(/^A purpose of your own/).focus()
  await page.keyboard.type('newsletter')
  await page.keyboard.press('Enter')
  const newsletter = page.getByRole('group', { name: 'Purpose “newsletter”' })
  await newsletter.getByLabel('Title').fill('Newsletter')
  await newsletter.getByLabel('Description').fill('Sends you our monthly letter.')
  expect(await problems(page)).toBe('No problems: the manifest is valid.')

  // The real banner, in Romanian, dark, at phone width; then the dialog.
  let frame = await preview(page)
  await frame.getByRole('region', { name: 'Your privacy choices' }).waitFor()
  await page.getByLabel('Preview language').selectOption('ro')
  await page.getByRole('radio', { name: 'dark' }).check()
  await page.getByRole('radio', { name: 'phone' }).check()
  // The preview reloads 250 ms after the last change: on a busy machine the language alone may come first.
  await page.waitForFunction(() => {
    const src = document.querySelector('iframe')?.getAttribute('src') ?? ''
    return src.includes('%22ro%22') && src.includes('%22dark%22')
  })
  frame = await preview(page)
  await frame.getByRole('region', { name: 'Opțiunile dumneavoastră de confidențialitate' }).waitFor()
  expect(await frame.evaluate(() => document.documentElement.className)).toBe('dark')
  expect(await page.locator('iframe').evaluate((element) => element.getBoundingClientRect().width)).toBe(375)
  await page.getByRole('button', { name: 'Open the preferences' }).click()
  await frame.getByRole('dialog', { name: 'Setări cookie-uri' }).waitFor()
  expect(await frame.getByRole('switch').count()).toBeGreaterThanOrEqual(3)
  expect(await axe(frame)).toEqual([])

  // Back to English, light, desktop, for the picture in the README.
  await page.getByLabel('Preview language').selectOption('en')
  await page.getByRole('radio', { name: 'light' }).check()
  await page.getByRole('radio', { name: 'desktop' }).check()
  await page.waitForFunction(() => {
    const src = document.querySelector('iframe')?.getAttribute('src') ?? ''
    return src.includes('%22en%22') && src.includes('%22light%22')
  })
  frame = await preview(page)
  await frame.getByRole('region', { name: 'Your privacy choices' }).waitFor()
  expect(await axe(page)).toEqual([])
  // test/screenshots/ is not committed; CONFIGURATOR_SCREENSHOT=docs refreshes the README's picture.
  await page.screenshot({ path: process.env.CONFIGURATOR_SCREENSHOT === 'docs' ? 'docs/configurator.png' : 'test/screenshots/configurator.png' })

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download consent.json' }).click()])
  expect(download.suggestedFilename()).toBe('consent.json')
  made = readFileSync((await download.path())!, 'utf8')
  const manifest = JSON.parse(made)
  const result = validateManifest(manifest)
  expect(result.ok ? [] : result.issues).toEqual([])
  expect(isStamped(manifest)).toBe(true)
  expect(manifest.vendors.map((v: any) => [v.id, v.purposes, v.options])).toEqual([
    ['ga4', ['analytics'], { measurementId: 'G-TEST1' }],
    ['tawkto', ['livechat'], { propertyId: '63f1c0ffee0a1b2c3d4e5f60', widgetId: '1gq2chatc' }],
  ])
  await page.getByRole('button', { name: 'Copy the tags' }).waitFor()
  expect(await page.getByLabel('The tags for every page, in its head').inputValue()).toContain('<link rel="preload" href="/consent.json" as="fetch" crossorigin>\n<script src="/consentry.js" data-manifest="/consent.json"></script>')
  expect(errors).toEqual([])
  await context.close()

  // The script tag takes the downloaded file as it is: the banner shows on a page that uses it.
  const visitor = await browser.newContext()
  const shop = await visitor.newPage()
  await shop.goto(`${site.url}/made/`)
  await shop.getByRole('region', { name: 'Your privacy choices' }).waitFor()
  expect(await shop.evaluate(async () => ((await (window as any).consent.ready), (window as any).consent.isGranted('analytics')))).toBe(false)
  await visitor.close()
}, SLOW)

test('opens an existing manifest, from a configurator opened from disk', async () => {
  const context = await browser.newContext({ bypassCSP: true })
  const page = await context.newPage()
  await page.goto(pathToFileURL(resolve('dist/configure/index.html')).href)
  await page.getByLabel('Open an existing manifest').setInputFiles('examples/chat-center/consent.json')
  await page.waitForFunction(() => (document.querySelector('textarea.json') as HTMLTextAreaElement).value.includes('livechat'))
  expect(await problems(page)).toBe('No problems: the manifest is valid.')
  expect(await page.getByRole('group', { name: 'Purpose “livechat”' }).getByLabel('Title').inputValue()).toBe('Live chat')
  const frame = await preview(page)
  await frame.getByRole('region', { name: 'Your privacy choices' }).waitFor()
  // Invalid JSON typed into the editor: the parser's line and column, and nothing downloadable.
  await page.getByLabel('The manifest as JSON (edit or paste)').fill('{\n  "policyUrl": "/p",,\n}')
  await page.getByText(/^\(JSON\): the manifest is not valid JSON: .+ at line 2, column 21$/).waitFor()
  expect(await page.getByRole('button', { name: 'Download consent.json' }).isDisabled()).toBe(true)
  await context.close()
}, SLOW)
