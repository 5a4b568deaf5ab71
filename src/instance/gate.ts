import { setScriptSrc, setScriptText } from '../core/trusted-types'
import { elementsIn, guard, hasAttributeOf, neededIds, nodeTypeOf, report } from '../core/util'

/** The gated elements of a page and how they follow the grants (docs/reference.md §2). @internal */
export interface Gate {
  /** Activates what became granted and deactivates what was revoked. */
  update(): void
  /** Stops watching the page. */
  stop(): void
}

/** `off`: waiting; `on`: activated; `spent`: a script or template that ran and was revoked. */
type Status = 'off' | 'on' | 'spent'

const SELECTOR = '[data-consent]'
/** The attributes swapped in, each after the one that holds it while the element is inert. */
const SWAPPED = [
  ['data-src', 'src'],
  ['data-srcset', 'srcset'],
  ['data-href', 'href'],
] as const

const isScript = (element: Element): element is HTMLScriptElement => element.localName === 'script'
const isTemplate = (element: Element): element is HTMLTemplateElement => element.localName === 'template'

/**
 * A URL to swap in whose scheme runs script or opens a document of its own (docs/reference.md,
 * Content Security Policy). The URL parser ignores leading spaces and controls, and tabs and
 * newlines anywhere; all spaces and controls are dropped here, which only errs on the safe side.
 * `vbscript:` runs in no browser consentry supports.
 */
const unsafeUrl = (value: string): boolean => /^(javascript|data):/i.test(value.replace(/[\0- ]/g, ''))

/**
 * Runs gated scripts one after another, as activated (docs/reference.md §2: document order).
 * Scripts with a `src` and no `async` are inserted with `async = false` and not waited for: the
 * browser fetches them in parallel and runs them in the order they were inserted, as it does for
 * the parser's. An inline script runs as it is inserted, so it waits for those before it.
 */
const scriptQueue = (run: (script: HTMLScriptElement) => Promise<unknown> | void) => {
  let queue: Promise<unknown> = Promise.resolve()
  let ordered: Promise<unknown>[] = []
  return (scripts: HTMLScriptElement[]) => {
    for (const script of scripts)
      queue = queue.then(() => {
        if (script.hasAttribute('data-src') || script.hasAttribute('src')) {
          const loaded = run(script)
          if (loaded) ordered.push(loaded)
          return
        }
        const before = ordered
        ordered = []
        return Promise.all(before).then(() => run(script))
      })
  }
}

/**
 * Watches `document` for `[data-consent]` elements, now and added later, and activates each one
 * when `granted` says all its ids are granted. `placeholders` gets the blocked elements that asked
 * for a contextual placeholder (`data-consent-placeholder`) whenever they change.
 * @internal
 */
export const createGate = (
  document: Document,
  granted: (id: string) => boolean,
  nonce: string | undefined,
  /** Called once for each gated element when first seen, before anything else happens to it. */
  prepare: (element: Element) => void,
  placeholders: (elements: Element[]) => void,
): Gate => {
  const status = new WeakMap<Element, Status>()
  const inserted = new WeakMap<Element, Node[]>()

  /** Runs `inert` as the page's own; for a script with a `src` and no `async`, resolves once it has loaded or failed. */
  const runScript = (inert: HTMLScriptElement): Promise<unknown> | void => {
    const src = inert.getAttribute('data-src') ?? inert.getAttribute('src')
    // With a nonce on consentry's tag, a gated script runs only if it carries the same one, as the
    // browser requires: injected markup never borrows consentry's (docs/reference.md, Content
    // Security Policy). Under a CSP the parsed attribute reads as empty and only the property keeps
    // the nonce. A template's script is held with the attributes of its inert original, whose
    // nonce was never hidden, so the held copy has it too.
    if (nonce && inert.nonce !== nonce) {
      // Its status stays `on`: never tried, nor reported, again in this page view.
      return report('no nonce, inert:', src ?? inert.text.slice(0, 80))
    }
    const script = document.createElement('script')
    // By name: walking `attributes` would make an `Attr` node of each, to be thrown away.
    for (const name of inert.getAttributeNames())
      if (!/^(type|src|data-consent|data-type|data-src)$/.test(name)) script.setAttribute(name, inert.getAttribute(name)!)
    const type = inert.getAttribute('data-type')
    if (type) script.type = type
    script.setAttribute('data-consent-active', inert.getAttribute('data-consent') ?? '')
    if (nonce) script.nonce = nonce
    const loaded =
      src && !inert.hasAttribute('async')
        ? new Promise((done) => {
            script.addEventListener('load', done)
            script.addEventListener('error', done)
          })
        : undefined
    if (src) {
      script.async = inert.hasAttribute('async')
      setScriptSrc(script, src)
    } else setScriptText(script, inert.text)
    if (!inert.parentNode) return
    inert.replaceWith(script)
    return loaded
  }

  const enqueue = scriptQueue(guard(runScript, undefined))

  const activateTemplate = (template: HTMLTemplateElement) => {
    const fragment = template.content.cloneNode(true) as DocumentFragment
    const scripts = Array.from(fragment.querySelectorAll('script'), (script) => {
      // Held inert until its turn in the queue, so order and the nonce are ours to give. A fresh
      // element with its text given through Trusted Types: Chromium refuses to insert a cloned
      // script under `require-trusted-types-for 'script'`, whatever its type.
      const held = document.createElement('script')
      for (const name of script.getAttributeNames())
        if (name !== 'src' && name !== 'type') held.setAttribute(name, script.getAttribute(name)!)
      const type = script.getAttribute('type')
      const src = script.getAttribute('src')
      if (type) held.setAttribute('data-type', type)
      if (src !== null && !held.hasAttribute('data-src')) held.setAttribute('data-src', src)
      held.type = 'text/plain'
      setScriptText(held, script.text)
      script.replaceWith(held)
      return held
    })
    const nodes = [...fragment.childNodes]
    template.after(fragment)
    inserted.set(template, nodes)
    enqueue(scripts)
  }

  return watch(document, granted, prepare, { status, inserted, placeholders, enqueue, activateTemplate })
}

/** What the observer path gets of the activation path above. */
interface Activation {
  status: WeakMap<Element, Status>
  inserted: WeakMap<Element, Node[]>
  placeholders(elements: Element[]): void
  enqueue(scripts: HTMLScriptElement[]): void
  activateTemplate(template: HTMLTemplateElement): void
}

const setStatus = (status: WeakMap<Element, Status>, element: Element, next: Status) => {
  status.set(element, next)
  // An inert script is replaced by the one that runs, which carries `data-consent-active`.
  if (next === 'on') isScript(element) || element.setAttribute('data-consent-state', 'active')
  else element.removeAttribute('data-consent-state')
}

/** A `<video>`, `<audio>` or `<picture>` brings its `<source>`, `<track>` and `<img>` along. */
const withParts = (element: Element): Element[] =>
  /^(video|audio|picture)$/.test(element.localName)
    ? [element, ...element.querySelectorAll('source, track, img')]
    : [element]

const swapIn = (element: Element) => {
  for (const part of withParts(element))
    for (const [data, name] of SWAPPED) {
      const value = part.getAttribute(data)
      if (value === null) continue
      if (!unsafeUrl(value)) part.setAttribute(name, value)
      else {
        // Dropped, so it is reported once and never tried again.
        part.removeAttribute(data)
        console.error('[consentry] unsafe URL, inert:', data, value)
      }
    }
  if (element instanceof HTMLMediaElement) element.load()
}

const swapOut = (element: Element) => {
  if (element.localName === 'iframe') element.setAttribute('src', 'about:blank')
  else
    for (const part of withParts(element))
      for (const [data, name] of SWAPPED) if (part.hasAttribute(data)) part.removeAttribute(name)
  if (element instanceof HTMLMediaElement) element.load()
}

/** Brings one element in line with the grants; adds scripts that must run to `scripts`. */
const handle = (
  gate: Activation,
  granted: (id: string) => boolean,
  prepare: (element: Element) => void,
  element: Element,
  scripts: HTMLScriptElement[],
) => {
  const { status } = gate
  let current = status.get(element)
  if (!current) {
    prepare(element)
    status.set(element, (current = 'off'))
  }
  if (current === 'spent') return
  // An empty data-consent names nothing to wait for: a mistake, so it stays inert (fail closed).
  const ids = neededIds(element)
  const wanted = ids.length > 0 && ids.every(granted)
  if (wanted && current === 'off') {
    setStatus(status, element, 'on')
    if (isScript(element)) scripts.push(element)
    else if (isTemplate(element)) gate.activateTemplate(element)
    else swapIn(element)
  } else if (!wanted && current === 'on') {
    if (isScript(element)) return // a script cannot be unloaded; its vendor's shutdown runs instead
    if (isTemplate(element)) {
      for (const node of gate.inserted.get(element) ?? []) node.parentNode?.removeChild(node)
      setStatus(status, element, 'spent')
    } else {
      swapOut(element)
      setStatus(status, element, 'off')
    }
  }
}

/** The observer path: what is on the page now, what is added later, and the placeholders. */
const watch = (
  document: Document,
  granted: (id: string) => boolean,
  prepare: (element: Element) => void,
  gate: Activation,
): Gate => {
  /** While the page is still parsing, a script or template may not have all its content yet. */
  const parsing = () => document.readyState === 'loading'
  const deferred: Element[] = []
  let previous: Element[] = []

  const handleAll = (elements: Iterable<Element>) => {
    const scripts: HTMLScriptElement[] = []
    // Asked once: the document cannot finish parsing while this task runs.
    const early = parsing()
    for (const element of elements) {
      if (early && (isScript(element) || isTemplate(element))) deferred.push(element)
      else handle(gate, granted, prepare, element, scripts)
    }
    gate.enqueue(scripts)
    refreshPlaceholders()
  }

  const refreshPlaceholders = () => {
    const blocked = [...document.querySelectorAll(`${SELECTOR}[data-consent-placeholder]`)].filter(
      (element) => (gate.status.get(element) ?? 'off') === 'off',
    )
    if (blocked.length !== previous.length || blocked.some((element, i) => element !== previous[i]))
      gate.placeholders((previous = blocked))
  }

  const observer = new MutationObserver((records) => {
    const found: Element[] = []
    for (const record of records) {
      // Indexed, not copied: a busy page sends thousands of records (bench: 10,000 appends).
      const added = record.addedNodes
      for (let i = 0; i < added.length; i++) {
        const element = added[i] as Element
        if (nodeTypeOf(element) !== 1) continue
        if (hasAttributeOf(element, 'data-consent')) found.push(element)
        for (const inner of elementsIn(element, SELECTOR)) found.push(inner)
      }
    }
    if (found.length) handleAll(found)
  })

  const update = () => handleAll(document.querySelectorAll(SELECTOR))

  const onParsed = () => {
    handleAll(deferred.splice(0))
    update()
  }
  if (parsing()) document.addEventListener('DOMContentLoaded', onParsed, { once: true })
  observer.observe(document.documentElement, { childList: true, subtree: true })

  return {
    update,
    stop() {
      observer.disconnect()
      document.removeEventListener('DOMContentLoaded', onParsed)
    },
  }
}
