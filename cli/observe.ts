/**
 * The browser half of `consentry scan` (docs/reference.md §12): visits a site in fresh profiles of
 * headless Chrome and records what it sets and contacts. Attribution happens elsewhere (attribute.ts).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { progress } from './output'

/** One thing a site left in the browser or contacted. */
export interface Seen {
  kind: 'cookie' | 'localStorage' | 'sessionStorage' | 'host'
  /** Cookie name, storage key, or host name. */
  name: string
  /** A cookie's domain. */
  domain?: string
  /** A cookie's lifetime in whole days from now; `null` for a session cookie. */
  days?: number | null
}

/** Everything one profile saw, with the third-party URLs requested (to read vendor ids from). */
export interface Profile {
  items: Seen[]
  urls: string[]
}

/** Where the page's consentry reads its manifest from, as the script tag says (docs/reference.md §1). */
export interface PageManifest {
  url?: string
  text?: string
}

export type Decision = 'rejectAll' | 'acceptAll'

/** A site that could not be opened: the scan stops with a one-line error. */
export class Unreachable extends Error {}

/** How long a page may take to fire `load`, unless `--timeout` says otherwise. */
export const NAVIGATION_TIMEOUT = 30_000
/** How long a page may keep loading after `load` before it is read (vendors' late requests). */
const SETTLE_TIMEOUT = 5_000

/** Whether `host` belongs to the site of `siteHost` (the same name, or `www.`/sub-domains of it). */
export const sameSite = (host: string, siteHost: string): boolean => {
  const base = siteHost.replace(/^www\./, '')
  return host === siteHost || host === base || host.endsWith('.' + base)
}

const record = (context: BrowserContext, siteHost: string): Profile & { reset(): void } => {
  const hosts = new Set<string>()
  const urls: string[] = []
  context.on('request', (request) => {
    const url = new URL(request.url())
    if (!/^https?:$/.test(url.protocol) || sameSite(url.hostname, siteHost)) return
    hosts.add(url.hostname)
    urls.push(url.href)
  })
  const profile = {
    get items(): Seen[] {
      return [...hosts].map((name) => ({ kind: 'host' as const, name }))
    },
    urls,
    reset: () => {
      hosts.clear()
      urls.length = 0
    },
  }
  return profile
}

const settle = async (page: Page): Promise<void> => {
  await page.waitForLoadState('networkidle', { timeout: SETTLE_TIMEOUT }).catch(() => {})
}

/**
 * Counts the page's requests from now on; `quiet()` resolves once none has been in flight for
 * half a second, or after SETTLE_TIMEOUT. `settle` cannot serve after a decision: the page reached
 * `networkidle` when it loaded, so waiting for it again returns at once, and the next navigation
 * would cut off what the decision started (the receipts' chunk and the receipt itself).
 */
const inFlight = (page: Page) => {
  let open = 0
  let changed = () => {}
  const start = () => (open++, changed())
  const end = () => (open = Math.max(0, open - 1), changed())
  page.on('request', start).on('requestfinished', end).on('requestfailed', end)
  const quiet = () =>
    new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const done = () => (clearTimeout(timer), clearTimeout(cap), resolve())
      const cap = setTimeout(done, SETTLE_TIMEOUT)
      changed = () => (clearTimeout(timer), open === 0 && (timer = setTimeout(done, 500)))
      changed()
    }).finally(() => page.off('request', start).off('requestfinished', end).off('requestfailed', end))
  return { quiet }
}

/** Opens `url`; the first page of a scan must answer, later ones may fail (noted). */
const open = async (page: Page, url: string, first: boolean, notes: string[]): Promise<boolean> => {
  try {
    const response = await page.goto(url, { waitUntil: 'load' })
    if (response && response.status() >= 400) {
      if (first) throw new Unreachable(`${url} answered ${response.status()}`)
      notes.push(`${url} answered ${response.status()}`)
    }
  } catch (error: any) {
    if (error instanceof Unreachable) throw error
    // Playwright says "page.goto: net::ERR_CONNECTION_REFUSED at <url>": keep the browser's reason.
    const reason = String(error?.message ?? error).split('\n')[0]!.replace(/^page\.goto: /, '').replace(` at ${url}`, '').replace(/\.$/, '')
    if (first) throw new Unreachable(`cannot open ${url}: ${reason}`)
    notes.push(`could not open ${url}: ${reason}`)
    return false
  }
  await settle(page)
  return true
}

const storageKeys = (page: Page): Promise<Seen[]> =>
  page
    .evaluate(() => {
      const keys = (area: 'localStorage' | 'sessionStorage') => {
        try {
          return Object.keys(window[area]).map((name) => ({ kind: area, name }))
        } catch {
          return []
        }
      }
      return [...keys('localStorage'), ...keys('sessionStorage')]
    })
    .catch(() => [])

const cookies = async (context: BrowserContext): Promise<Seen[]> =>
  (await context.cookies()).map((cookie) => ({
    kind: 'cookie' as const,
    name: cookie.name,
    domain: cookie.domain.replace(/^\./, ''),
    days: cookie.expires < 0 ? null : Math.max(0, Math.round((cookie.expires * 1000 - Date.now()) / 86_400_000)),
  }))

/** Same-site links of the page, without fragments, in document order. */
const links = (page: Page, siteHost: string): Promise<string[]> =>
  page
    .$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href))
    .then((hrefs) =>
      hrefs
        .map((href) => {
          const url = new URL(href)
          url.hash = ''
          return url
        })
        .filter((url) => /^https?:$/.test(url.protocol) && sameSite(url.hostname, siteHost))
        .map((url) => url.href),
    )
    .catch(() => [])

/** Merges items, each once (a cookie by name and domain). */
const unique = (items: Seen[]): Seen[] => [
  ...new Map(items.map((item) => [`${item.kind} ${item.name} ${item.domain ?? ''}`, item])).values(),
]

/** What the first page says of consentry: is it there, and where is its manifest. */
const findConsentry = (page: Page): Promise<{ present: boolean; manifest: PageManifest | null }> =>
  page
    .evaluate(() => {
      const consent = (window as any).consent
      const present = !!consent && typeof consent === 'object' && typeof consent.acceptAll === 'function'
      const tag = document.querySelector('script[data-manifest]')
      if (tag) return { present, manifest: { url: new URL(tag.getAttribute('data-manifest')!, document.baseURI).href } }
      const inline = document.getElementById('consentry-manifest')
      return { present, manifest: inline ? { text: inline.textContent ?? '' } : null }
    })
    .catch(() => ({ present: false, manifest: null }))

/** The first profile: no decision. Crawls same-site links up to `limit` pages. */
export const before = async (browser: Browser, start: string, limit: number, notes: string[], timeout = NAVIGATION_TIMEOUT) => {
  const siteHost = new URL(start).hostname
  const context = await browser.newContext()
  context.setDefaultNavigationTimeout(timeout)
  await withholdReceipts(context, null)
  try {
    const profile = record(context, siteHost)
    const page = await context.newPage()
    const pages = [start]
    const storage: Seen[] = []
    let found: Awaited<ReturnType<typeof findConsentry>> = { present: false, manifest: null }
    for (let i = 0; i < pages.length && i < limit; i++) {
      progress(`scan: before any decision: page ${i + 1} of at most ${limit}: ${pages[i]}`)
      if (!(await open(page, pages[i]!, i === 0, notes))) continue
      if (i === 0) found = await findConsentry(page)
      storage.push(...(await storageKeys(page)))
      for (const link of await links(page, siteHost)) if (!pages.includes(link)) pages.push(link)
    }
    const items = unique([...(await cookies(context)), ...storage, ...profile.items])
    return { pages: pages.slice(0, limit), consentry: found.present, manifest: found.manifest, profile: { items, urls: [...profile.urls] } }
  } finally {
    await context.close()
  }
}

/** How the decided profiles visit: consentry's cookie to keep, the page timeout, the receipts' endpoint. */
export interface Visit {
  keepCookie: string
  timeout: number
  endpoint: string | null
}

/** Whether a request body is a consent receipt (src/integrations/receipts.ts), whatever its address. */
const isReceipt = (body: string | null): boolean => {
  try {
    const receipt = body && JSON.parse(body)
    return !!receipt && typeof receipt === 'object' && ['id', 'timestamp', 'purposes', 'vendors'].every((key) => key in receipt)
  } catch {
    return false
  }
}

/**
 * A scan never creates consent records (docs/reference.md §12): in a decided profile every request
 * to the manifest's `log.endpoint`, and every POST whose body is a consent receipt, is aborted
 * before it leaves the browser. Counted, for the report's notes.
 */
const withholdReceipts = async (context: BrowserContext, endpoint: string | null) => {
  const withheld = { count: 0, where: endpoint ?? 'any address' }
  await context.route('**/*', (route, request) => {
    const url = request.url().split('#')[0]
    if ((endpoint && url === endpoint) || (request.method() === 'POST' && isReceipt(request.postData()))) {
      withheld.count++
      return route.abort('blockedbyclient')
    }
    return route.fallback()
  })
  return withheld
}

/**
 * A profile with a decision: the first page is opened, `window.consent[decision]()` saves it, then
 * everything but the decision cookie is cleared and each page is visited, so that the profile holds
 * what the site sets with that decision in place.
 */
export const decided = async (browser: Browser, pages: string[], decision: Decision, visit: Visit, notes: string[]): Promise<Profile | null> => {
  const siteHost = new URL(pages[0]!).hostname
  const context = await browser.newContext()
  const label = decision === 'rejectAll' ? 'after Reject all' : 'after Accept all'
  context.setDefaultNavigationTimeout(visit.timeout)
  const withheld = await withholdReceipts(context, visit.endpoint && new URL(visit.endpoint, pages[0]).href)
  try {
    const profile = record(context, siteHost)
    const page = await context.newPage()
    progress(`scan: ${label}: deciding on ${pages[0]}`)
    await open(page, pages[0]!, true, notes)
    const requests = inFlight(page)
    const outcome = await page
      .evaluate(async (method) => {
        const consent = await Promise.race([
          (window as any).consent.ready,
          new Promise((_, reject) => setTimeout(() => reject(new Error('window.consent.ready did not settle in 10 s')), 10_000)),
        ])
        consent[method]()
        return consent.hasDecided() ? '' : 'the decision was not saved'
      }, decision)
      .catch((error) => String(error?.message ?? error).split('\n')[0]!)
    if (outcome) {
      notes.push(`${label}: skipped, consentry did not take the decision (${outcome})`)
      return null
    }
    await requests.quiet()
    const kept = (await context.cookies()).filter((cookie) => cookie.name === visit.keepCookie)
    await context.clearCookies()
    await context.addCookies(kept)
    await page.evaluate(() => (localStorage.clear(), sessionStorage.clear())).catch(() => {})
    profile.reset()
    const storage: Seen[] = []
    for (const [i, url] of pages.entries()) {
      progress(`scan: ${label}: page ${i + 1} of ${pages.length}: ${url}`)
      if (await open(page, url, false, notes)) storage.push(...(await storageKeys(page)))
    }
    return { items: unique([...(await cookies(context)), ...storage, ...profile.items]), urls: [...profile.urls] }
  } finally {
    if (withheld.count) progress(`scan: ${label}: ${withheld.count} consent receipt(s) withheld, not sent to ${withheld.where}`)
    await context.close()
  }
}
