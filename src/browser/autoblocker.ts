import type { Consent } from '../instance/consent'
import { internalsOf } from '../instance/consent'
import { createHold, type HeldTag, type Hold } from './hold'
import type { Vendor } from '../core/types'
import { elementsIn, nodeTypeOf } from '../core/util'

/**
 * Auto-blocking (docs/reference.md §9): which hosts are held, and what becomes of a held
 * element once the manifest is read. With `data-autoblock="report"` on the script tag nothing is
 * held; the third parties no vendor declares are listed on the console instead.
 * @internal
 */
export interface Autoblocker {
  /** Hands the instance made by the script tag over, once it exists. */
  connect(consent: unknown): void
}

/** `*.acme.example` is any subdomain of acme.example; anything else is one host. @internal */
export const matchesHost = (hostname: string, pattern: string): boolean =>
  pattern.startsWith('*.') ? hostname.endsWith(pattern.slice(1)) : hostname === pattern

const vendorOf = (vendors: Vendor[], hostname: string): Vendor | undefined =>
  vendors.find((vendor) => vendor.hosts.some((pattern) => matchesHost(hostname, pattern)))

const isInstance = (value: unknown): value is Consent =>
  typeof value === 'object' && value !== null && typeof (value as Consent).isGranted === 'function'

/**
 * Installs the interception at once, synchronously: the script tag must run before the tags it
 * holds. Nothing of consentry's own (its chunks and locales, next to its script) is ever held.
 */
export const createAutoblocker = (
  window: Window & typeof globalThis,
  script: HTMLScriptElement | null,
  builtIn: string[],
): Autoblocker => {
  const own = new URL('.', script?.src || window.document.baseURI).href
  if (script?.getAttribute('data-autoblock') === 'report') return createReport(window, own)
  let vendors: Vendor[] | null = null
  let consent: Consent | null = null
  const hold: Hold = createHold(
    window,
    (url: URL) => {
      if (url.href.startsWith(own)) return null
      // Until the manifest is read, every built-in preset's host waits, for a vendor not known yet.
      if (!vendors) return builtIn.some((pattern) => matchesHost(url.hostname, pattern)) ? '' : null
      const vendor = vendorOf(vendors, url.hostname)
      return vendor && !consent!.isGranted(vendor.id) ? vendor.id : null
    },
    // The property, as the gate compares it (src/instance/gate.ts, runScript).
    script?.nonce,
  )

  const settle = (element: Element) => {
    const url = new URL(hold.urlOf(element)!, window.document.baseURI)
    const vendor = vendorOf(vendors!, url.hostname)
    if (vendor) hold.claim(element, vendor.id)
    else hold.letGo(element)
  }

  // The manifest is known from `consentry:ready` on, which the page's own listeners may answer
  // by adding tags: this listener comes first, added before any of theirs.
  window.document.addEventListener('consentry:ready', () => {
    if (!consent) return
    vendors = internalsOf(consent)?.manifest?.vendors ?? []
    for (const element of hold.held()) if (!element.hasAttribute('data-consent')) settle(element)
  })
  // An invalid or unreachable manifest never gets there: what is held stays held.
  return {
    connect(instance) {
      if (isInstance(instance)) consent = instance
    },
  }
}

/** The tags of a third-party host no vendor declares, each reported once. */
const createReport = (window: Window & typeof globalThis, own: string): Autoblocker => {
  const { document, location } = window
  const seen: [HeldTag, URL][] = []
  const reported = new Set<string>()
  let vendors: Vendor[] | null = null
  const report = (tag: HeldTag, url: URL) => {
    const key = `${tag} ${url.href}`
    if (reported.has(key) || vendorOf(vendors!, url.hostname)) return
    reported.add(key)
    console.warn(`[consentry] a ${tag} of ${url.hostname}, which no vendor of the manifest declares, ran before consent: ${url.href}`)
  }
  const look = (element: Element) => {
    const tag = element.localName as HeldTag
    const src = element.getAttribute('src')
    // Gated markup runs only with consent: activated scripts say so, other elements too.
    if (!src || element.hasAttribute('data-consent-active') || element.hasAttribute('data-consent')) return
    let url: URL
    try {
      url = new URL(src, document.baseURI)
    } catch {
      return
    }
    if (!/^https?:$/.test(url.protocol) || url.hostname === location.hostname || url.href.startsWith(own)) return
    if (vendors) report(tag, url)
    else seen.push([tag, url])
  }
  const SELECTOR = 'script[src], iframe[src], img[src]'
  const lookTree = (node: Node) => {
    if (nodeTypeOf(node) !== 1) return
    if (Element.prototype.matches.call(node, SELECTOR)) look(node as Element)
    for (const element of elementsIn(node as Element, SELECTOR)) look(element)
  }
  new window.MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) lookTree(node)
      if (record.type === 'attributes') look(record.target as Element)
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] })
  lookTree(document.documentElement)
  window.document.addEventListener('consentry:ready', () => {
    vendors = (consent && internalsOf(consent)?.manifest?.vendors) ?? []
    for (const [tag, url] of seen.splice(0)) report(tag, url)
  })
  let consent: Consent | null = null
  return {
    connect(instance) {
      if (isInstance(instance)) consent = instance
    },
  }
}
