import type { ConsentInternals } from '../core/types'

// Plain DOM, not Preact: visitors who already decided never download the UI chunk
// (docs/reference.md §6) yet must be able to change their mind (GDPR Art. 7(3)). It is a chunk of
// its own, `consentry-button.js`, which the loader fetches once the page has loaded.
// `all:initial` on :host outranks the browser's own `[hidden]{display:none}`, hence the second rule.
const CSS = `:host{all:initial}
:host([hidden]){display:none}
button{position:fixed;bottom:16px;left:16px;z-index:2147483000;width:44px;height:44px;border-radius:50%;
border:2px solid var(--consentry-accent-text,#fff);background:var(--consentry-accent,#1a56db);
color:var(--consentry-accent-text,#fff);cursor:pointer;display:grid;place-items:center;padding:0;
box-shadow:0 2px 8px rgba(0,0,0,.3)}
button:focus-visible{outline:3px solid #111;outline-offset:2px}
svg{width:24px;height:24px;fill:none;stroke:currentColor;stroke-width:2}`

/** Adds `css` to a shadow root without any inline style a strict CSP would block. @internal */
export const adoptStyles = (root: ShadowRoot, css: string, nonce: string | undefined): void => {
  try {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  } catch {
    const style = document.createElement('style')
    if (nonce) style.nonce = nonce
    style.textContent = css
    root.appendChild(style)
  }
}

const svg = (name: string, attributes: Record<string, string>): SVGElement => {
  const element = document.createElementNS('http://www.w3.org/2000/svg', name)
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value)
  return element
}

/** A cookie outline: decorative, the label names the button. Built as nodes, never markup (Trusted Types). */
const icon = (): SVGElement => {
  const root = svg('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' })
  root.appendChild(svg('path', { d: 'M21 12a9 9 0 1 1-9-9 3 3 0 0 0 3 3 3 3 0 0 0 3 3 3 3 0 0 0 3 3z' }))
  for (const [cx, cy] of [['8.5', '10.5'], ['15', '15'], ['10', '16']]) root.appendChild(svg('circle', { cx: cx!, cy: cy!, r: '1' }))
  return root
}

/**
 * The small round button that reopens the preferences once the visitor has decided, labelled from
 * the visitor's locale file (`texts`, English when it has none); it hides while the banner or the
 * dialog is open.
 * @internal
 */
export const floatingButton = (internals: ConsentInternals, texts: PromiseLike<Record<string, string>>): void => {
  let host: HTMLElement | undefined
  let label = 'Cookie settings'
  // Built the first time it is to be seen: a first visit's banner never waits for it.
  const build = () => {
    host = document.createElement('consentry-reopen')
    const root = host.attachShadow({ mode: 'open' })
    adoptStyles(root, CSS, internals.nonce)
    const button = document.createElement('button')
    button.type = 'button'
    button.setAttribute('aria-label', label)
    button.title = label
    button.appendChild(icon())
    button.addEventListener('click', () => internals.consent.showPreferences())
    root.appendChild(button)
    const theme = internals.manifest?.ui.theme
    if (theme?.accent) host.style.setProperty('--consentry-accent', theme.accent)
    if (theme?.accentText) host.style.setProperty('--consentry-accent-text', theme.accentText)
    const attach = () => document.body.appendChild(host!)
    document.body ? attach() : document.addEventListener('DOMContentLoaded', attach)
  }
  const sync = () => {
    const hidden = internals.$view.get() !== 'none' || !internals.consent.hasDecided()
    if (!hidden && !host) build()
    if (host) host.hidden = hidden
  }
  texts.then((strings) => {
    if (typeof strings?.['floating.label'] === 'string') label = strings['floating.label']
    internals.$view.subscribe(sync)
    internals.consent.$state.listen(sync)
  })
}
