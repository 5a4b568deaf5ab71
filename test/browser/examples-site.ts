import { readFile } from 'node:fs/promises'
import { join, normalize } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { EXAMPLES_COLLECTOR, serveExamples, type Served } from './server'
import { fakeVendors } from './vendors'

/** The nonce of the strict-CSP copies of the example pages under `/strict/`. */
export const NONCE = 'n0nce-examples'
export const STRICT_CSP = `script-src 'nonce-${NONCE}' 'strict-dynamic'; style-src 'nonce-${NONCE}'`

export interface ExamplesSite extends Served {
  /** Serves `manifest` at `path` (e.g. `/b2b/consent.json`) instead of the file, until `restore()`. */
  override(path: string, manifest: unknown): void
  restore(): void
}

/**
 * The `npm start` site, plus two test hooks: manifests replaced on the fly (a version bump), and
 * `/strict/<page>`, the example page with a nonce on each of its tags, under a strict CSP header.
 */
export const startExamples = async (): Promise<ExamplesSite> => {
  const overrides = new Map<string, string>()
  const site = await serveExamples({
    handler: async (request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
      const manifest = overrides.get(path)
      if (manifest) {
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(manifest)
        return true
      }
      if (!path.startsWith('/strict/')) return false
      const file = normalize(join('examples', path.slice('/strict'.length), path.endsWith('/') ? 'index.html' : ''))
      if (!file.startsWith('examples/')) return false
      const html = (await readFile(file, 'utf8'))
        .replace(/<script\b/g, `<script nonce="${NONCE}"`)
        .replace(/<link rel="stylesheet"/g, `<link nonce="${NONCE}" rel="stylesheet"`)
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP })
        .end(html)
      return true
    },
  })
  return {
    ...site,
    override: (path, manifest) => void overrides.set(path, JSON.stringify(manifest)),
    restore: () => overrides.clear(),
  }
}

export interface Visitor {
  context: BrowserContext
  page: Page
  /** Every vendor URL the browser asked for, answered by fakes. */
  requested: string[]
  /** Uncaught exceptions and console errors, except a resource that failed to load. */
  errors: string[]
  close(): Promise<void>
}

/** A fresh visitor: its own context (cookies, storage), every vendor host faked. */
export const visitor = async (
  browser: Browser,
  site: Served,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<Visitor> => {
  const context = await browser.newContext(options)
  const requested = await fakeVendors(context, site.url)
  // Receipts for the `npm start` collector, the examples' log.endpoint: answered, not a vendor request.
  await context.route(`${EXAMPLES_COLLECTOR}/**`, (route) => route.fulfill({ status: 204 }))
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text())
  })
  return { context, page, requested, errors, close: () => context.close() }
}

export const ready = (page: Page) =>
  page.waitForFunction(() => (window as any).consent?.$state?.get().status === 'ready')

/** The visitor's stored decision, as `record()` gives it. */
export const record = (page: Page) => page.evaluate(() => (window as any).consent.record())

/** Name, role and tag of the focused element, looking inside shadow roots. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement
    if (!element || element === document.body) return null
    const labelledBy = element.getAttribute('aria-labelledby')
    const label = labelledBy && (element.getRootNode() as Document | ShadowRoot).getElementById(labelledBy)
    const name = element.getAttribute('aria-label') ?? (label || element).textContent?.trim() ?? ''
    return { name, role: element.getAttribute('role') ?? element.localName }
  })

/** The hosts and paths a list of URLs reached, sorted. */
export const hosts = (urls: string[]) => [...new Set(urls.map((url) => new URL(url).host))].sort()

/**
 * The off-site URLs the page's scripts, iframes and images point at: consentry creates vendor
 * elements synchronously with a decision, so this is what the browser will request.
 */
export const offSite = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('script[src], iframe[src], img[src]'))
      .map((element) => new URL(element.getAttribute('src')!, location.href))
      .filter((url) => url.host !== location.host && url.protocol !== 'about:')
      .map((url) => url.href)
      .sort(),
  )
