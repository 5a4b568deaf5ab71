import { setScriptSrc } from '../core/trusted-types'
import { elementsIn, nodeTypeOf } from '../core/util'
import { patchInsertion, patchMarkup, patchSetters } from './hold-patches'

/**
 * Holding back the `<script src>`, `<iframe src>` and `<img src>` of vendors' hosts that the page
 * did not mark (docs/reference.md §9, Auto-blocking). A held element becomes the gated markup of
 * docs/reference.md §2 — `data-src` instead of `src`, a script `type="text/plain"` — so that the
 * gate releases it like any marked tag. Only the auto-blocking build (`src/browser/autoblock.ts`) uses it.
 */

/** The tags auto-blocking holds, by their `src`. */
export type HeldTag = 'script' | 'iframe' | 'img'

/**
 * Whether an element loading `url` is held: `null` lets it load, a vendor id holds it as gated
 * markup for that vendor (`data-consent`), `''` holds it for a vendor not known yet. @internal
 */
export type HoldRule = (url: URL, tag: HeldTag) => string | null

/** @internal */
export interface Hold {
  /** Every element held so far and not yet let go, in document order (detached ones last). */
  held(): Element[]
  /** Gives a held element its `src` back, as the page wrote it. */
  letGo(element: Element): void
  /** Whether consentry holds this element (its original `src` is in `data-src`). */
  holds(element: Element): boolean
  /** Names the vendor a held element waits for, now that it is known. */
  claim(element: Element, vendor: string): void
  /** The address a held element was given. */
  urlOf(element: Element): string | undefined
}

const TAGS: readonly string[] = ['script', 'iframe', 'img']
const SELECTOR = 'script[src], iframe[src], img[src]'

/** The tag of `node` if it is one auto-blocking holds (never a form, whose `localName` may be shadowed). */
const tagOf = (node: unknown): HeldTag | null => {
  const name = (node as Element)?.localName
  return nodeTypeOf(node) === 1 && TAGS.includes(name) ? (name as HeldTag) : null
}

const urlOf = (value: string, base: string): URL | null => {
  try {
    const url = new URL(value, base)
    return /^https?:$/.test(url.protocol) ? url : null
  } catch {
    return null
  }
}

/** Makes `element` inert markup (docs/reference.md §2): its `value` moves to `data-src`. */
const disarm = (element: Element, tag: HeldTag, value: string, setAttribute: SetAttribute, removeAttribute: RemoveAttribute) => {
  if (tag === 'script') {
    const type = element.getAttribute('type')
    if (type && !element.hasAttribute('data-type')) setAttribute.call(element, 'data-type', type)
    setAttribute.call(element, 'type', 'text/plain')
  }
  setAttribute.call(element, 'data-src', value)
  // An iframe already navigating is sent to a blank page; anything else simply loses its `src`.
  if (tag === 'iframe' && element.isConnected) setAttribute.call(element, 'src', 'about:blank')
  else removeAttribute.call(element, 'src')
}

/**
 * Installs the interception on `window`'s document: the `src` setters and `setAttribute`, the
 * insertion methods, `innerHTML` and `insertAdjacentHTML`, and a `MutationObserver` for what the
 * parser inserts. `rule` is asked for every URL; it may change its answers over time. `nonce` is
 * the one on consentry's script tag, if any.
 */
export const createHold = (window: Window & typeof globalThis, rule: HoldRule, nonce?: string): Hold => {
  const { document } = window
  const held = new Set<Element>()
  const originals = new WeakMap<Element, string>()
  /** Held through a `src` a script gave it (`src` or `setAttribute`), not through markup. */
  const scripted = new WeakSet<Element>()
  const setAttribute = window.Element.prototype.setAttribute
  const removeAttribute = window.Element.prototype.removeAttribute
  const insertBefore = window.Node.prototype.insertBefore

  /** Turns `element` into inert markup if its `value` must be held; true when it did. */
  const hold = (element: Element, value: string, byScript = false): boolean => {
    const tag = tagOf(element)
    const url = tag && urlOf(value, document.baseURI)
    const vendor = tag && url && !held.has(element) ? rule(url, tag) : null
    if (vendor === null) return false
    held.add(element)
    originals.set(element, value)
    if (byScript) scripted.add(element)
    disarm(element, tag!, value, setAttribute, removeAttribute)
    if (vendor) claim(element, vendor)
    return true
  }

  /**
   * Names the vendor a held element waits for. The gate finds gated elements as they are
   * inserted, so one already on the page is inserted again in the same place.
   *
   * Under a nonce the gate runs only scripts that carry it (docs/reference.md, Content Security
   * Policy). A script the page's own code created and gave its address would have run under
   * `'strict-dynamic'` without one: it gets consentry's nonce. One held as markup (written in the
   * HTML, `innerHTML`) keeps its own, or none, and is judged as gated markup is.
   */
  const claim = (element: Element, vendor: string) => {
    // Only scripts are checked for it; the `nonce` of an iframe or image means nothing.
    if (nonce && scripted.has(element)) (element as HTMLElement).nonce = nonce
    setAttribute.call(element, 'data-consent', vendor)
    const parent = element.parentNode
    if (parent) insertBefore.call(parent, element, element.nextSibling)
  }

  /** Holds what `node` and its descendants would load once inserted. */
  const holdTree = (node: unknown) => {
    if (tagOf(node)) {
      const element = node as Element
      const src = element.getAttribute('src')
      if (src !== null) hold(element, src)
    }
    for (const element of elementsIn(node as Element, SELECTOR)) hold(element, element.getAttribute('src')!)
  }

  const { letGoScript, replacing } = createRelease(document, held, setAttribute, removeAttribute)

  patchSetters(window, hold)
  patchInsertion(window, holdTree, replacing)
  patchMarkup(window, holdTree)
  new window.MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) holdTree(node)
  }).observe(document.documentElement, { childList: true, subtree: true })

  return {
    held: () => [...held].sort(inDocumentOrder),
    holds: (element) => held.has(element),
    claim,
    urlOf: (element) => originals.get(element),
    letGo(element) {
      const value = originals.get(element)
      if (!held.has(element) || value === undefined) return
      removeAttribute.call(element, 'data-src')
      if (element.localName === 'script') return letGoScript(element as HTMLScriptElement, value)
      held.delete(element)
      setAttribute.call(element, 'src', value)
    },
  }
}

/** Elements on the page in document order, then detached ones. */
const inDocumentOrder = (a: Element, b: Element): number =>
  a.isConnected && b.isConnected
    ? a.compareDocumentPosition(b) & 4 /* b follows a */
      ? -1
      : 1
    : Number(b.isConnected) - Number(a.isConnected)

type SetAttribute = Element['setAttribute']
type RemoveAttribute = Element['removeAttribute']

/** How held scripts are let go and taken over when they run. */
const createRelease = (
  document: Document,
  held: Set<Element>,
  setAttribute: SetAttribute,
  removeAttribute: RemoveAttribute,
) => {
  /**
   * A script is run by a fresh element, as the gate does (docs/reference.md §2): one inserted
   * once as `text/plain` never runs. A detached one gets its attributes back and runs when the
   * page inserts it.
   */
  const letGoScript = (script: HTMLScriptElement, value: string) => {
    const type = script.getAttribute('data-type')
    removeAttribute.call(script, 'data-type')
    if (type) setAttribute.call(script, 'type', type)
    else removeAttribute.call(script, 'type')
    if (!script.isConnected) {
      held.delete(script)
      return setScriptSrc(script, value)
    }
    const fresh = document.createElement('script')
    for (const { name, value: attribute } of Array.from(script.attributes)) setAttribute.call(fresh, name, attribute)
    // Unchanged: its own nonce (or none), for the page's Content-Security-Policy to judge.
    fresh.nonce = script.nonce
    fresh.async = script.async
    setScriptSrc(fresh, value)
    script.replaceWith(fresh)
  }

  /**
   * The gate (or `letGo`) puts a running script in place of a held one: the page's `onload` on
   * the held element still hears it load, and a script already running from the same address
   * (a preset's own loader) is not run a second time (docs/reference.md §9).
   */
  const replacing = (old: Node, next: unknown): boolean => {
    if (!held.has(old as Element) || tagOf(next) !== 'script') return true
    held.delete(old as Element)
    const script = next as HTMLScriptElement
    const forward = (event: Event) => old.dispatchEvent(new Event(event.type))
    script.addEventListener('load', forward)
    script.addEventListener('error', forward)
    const running = Array.from(document.scripts).some((other) => other.src === script.src && other.isConnected)
    if (!running) return true
    ;(old as Element).remove()
    queueMicrotask(() => script.dispatchEvent(new Event('load')))
    return false
  }

  return { letGoScript, replacing }
}
