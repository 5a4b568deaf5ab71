import type { Browser, BrowserContext, Page } from 'playwright-core'
import { EXAMPLES_COLLECTOR, type Served } from './server'
import { fakeVendors } from './vendors'

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
