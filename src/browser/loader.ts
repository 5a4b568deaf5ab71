/**
 * The script-tag build (`dist/consentry.js`, docs/reference.md §1): the only module with side
 * effects at load, and all a returning visitor needs. It reads its own `<script>` tag and the
 * manifest, makes `window.consent`, and fetches everything else from next to its own URL when it
 * is first needed: docs/architecture.md describes which file loads when.
 */
import { createInstance, internalsOf, type Consent, type Services } from '../instance/consent'
import type { ConsentInternals } from '../core/types'
import type { ConsentQueue } from '../core/global'
import type { Receipt } from '../integrations/receipts'
import { decode, readCookie } from '../instance/storage'
import { documentCookie, readCookies } from './cookies'
import { negotiateLocale } from './locale'
import { chunkLoader, nextTask, type Load } from './chunk'
import { report } from '../core/util'
import { cleanups } from './cleanup'
import { createGate } from '../instance/gate'
import { manifestPipeline } from './loader-manifest'
import { pushConsentDefault } from '../integrations/google-consent-mode'
import { watchDeclaration } from './declaration-watch'
import { locales } from 'virtual:locales'

export type { Load } from './chunk'

/**
 * What the UI chunk gets from the loader: the instance, its strings in the visitor's locale (the
 * banner's, or with `dialog/` those only the preferences dialog shows), and the chunk loader. @internal
 */
export interface UiMount {
  (internals: ConsentInternals, texts: (folder?: string) => Promise<Record<string, string>>, load: Load): void
}

type Queue = ConsentQueue

const isInstance = (value: unknown): value is Consent =>
  typeof value === 'object' && value !== null && typeof (value as Consent).isGranted === 'function' && '$state' in value

/** The locales the visitor wants, first choice first: the tag's `data-locale`, the page's, the browser's. */
const wantedLocales = (script: HTMLScriptElement | null) => [
  script?.getAttribute('data-locale'),
  document.documentElement.lang,
  ...(navigator.languages ?? []),
]

/** The locale, chosen before validation so that receipts and the UI agree from the start. */
const localeOf = (input: any, script: HTMLScriptElement | null): string => {
  const offered = [...locales, ...Object.keys(input?.texts ?? {})]
  const defaultLocale = typeof input?.defaultLocale === 'string' ? input.defaultLocale : undefined
  return negotiateLocale(wantedLocales(script), offered, negotiateLocale([defaultLocale], offered))
}

/**
 * No cookie of the page holds a consentry decision, whatever name the manifest gives its cookie:
 * a first visit, which needs the banner whatever the manifest says, so it is fetched as soon as
 * the cookies are read, in parallel with the manifest (docs/architecture.md, First visit).
 */
const undecided = (cookies: string): boolean =>
  !cookies.split(';').some((pair) => decode(pair.slice(pair.indexOf('=') + 1).trim()) !== null)

/** Receipts are fetched on first use; clean-up on revocation comes in its own chunk (src/browser/cleanup.ts, with `cleanedUp`). */
const lazyServices = (pipeline: ReturnType<typeof manifestPipeline>['services'], load: Load, cleanup: ReturnType<typeof cleanups>): Services =>
  Object.assign(pipeline, cleanup, {
    gate: createGate,
    sendReceipt: (endpoint: string, receipt: Receipt, window: Window) =>
      load<(endpoint: string, receipt: Receipt, window: Window) => void>('consentry-receipts.js', 'receipts').then(
        (send) => send(endpoint, receipt, window),
        report,
      ),
  })

/**
 * The UI chunk and its locale, fetched in parallel as early as it is known they are needed. Before
 * the manifest is read the locale is the visitor's first one consentry ships: a manifest whose
 * `texts` or `defaultLocale` change it gets its own file when it is read.
 */
const uiLoader = (base: URL, load: Load, script: HTMLScriptElement | null, options: { locale?: string }) => {
  const texts = new Map<string, Promise<Record<string, string>>>()
  /** `folder`: `dialog/` for the strings only the preferences dialog shows. */
  const textsOf = (locale: string, folder = '') => {
    // A locale only the manifest's `texts` offer (`pt-BR`) still gets its language's file (`pt`).
    const found = [locale, locale.split('-')[0]!].find((name) => locales.includes(name))
    const file = folder + found
    if (!found || found === 'en') return Promise.resolve({})
    if (!texts.has(file))
      texts.set(
        file,
        fetch(new URL(`locales/${file}.json`, base)).then(
          (response) => (response.ok ? response.json() : {}),
          () => ({}),
        ),
      )
    return texts.get(file)!
  }
  const fetchUi = () => {
    textsOf(options.locale ?? negotiateLocale(wantedLocales(script), locales))
    return load<UiMount>('consentry-ui.js', 'ui')
  }
  let mounted = false
  const mountUi = (internals: ConsentInternals) => {
    if (mounted) return
    mounted = true
    // Rendered in a task of its own, not in the one that evaluated the chunk.
    load<UiMount>('consentry-ui.js', 'ui').then(
      (mount) => nextTask().then(() => mount(internals, (folder) => textsOf(internals.locale, folder), load)),
      report,
    )
  }
  return { fetchUi, mountUi, textsOf }
}

/** Runs `fn` once the page has loaded: at once if it has. */
const afterLoad = (fn: () => void) =>
  document.readyState === 'complete' ? fn() : window.addEventListener('load', fn, { once: true })

/**
 * The floating button (src/browser/floating-button.ts) comes in its own chunk with its label's locale file
 * once the page has loaded and the visitor has decided: nothing a page view needs first waits for
 * it (docs/reference.md §6).
 */
const loadButton = (internals: ConsentInternals, load: Load, texts: () => Promise<Record<string, string>>) => {
  let asked = false
  const fetch = () => {
    if (asked || !internals.consent.hasDecided()) return
    asked = true
    const strings = texts()
    load<(internals: ConsentInternals, texts: Promise<Record<string, string>>) => void>('consentry-button.js', 'button').then(
      (button) => button(internals, strings),
      report,
    )
  }
  const loaded = () => {
    fetch()
    internals.consent.$state.listen(fetch)
  }
  afterLoad(loaded)
}

/** Once the manifest is in: the banner, the UI when needed, the floating button, the queue. */
const whenReady = (consent: Consent, internals: ConsentInternals, mountUi: () => void, button: () => void, queue: Queue) => {
  const manifest = internals.manifest!
  const needsUi = () =>
    internals.$view.get() !== 'none' ||
    internals.$placeholders.get().length > 0 ||
    (manifest.ui.launcher && internals.chat.some((id) => !consent.isGranted(id)))
  internals.$view.listen(() => needsUi() && mountUi())
  internals.$placeholders.listen(() => needsUi() && mountUi())
  if (!consent.hasDecided()) internals.$view.set('banner')
  else if (needsUi()) mountUi()
  if (manifest.ui.floatingButton) button()
  // Delegated, so "Cookie settings" links added later work too.
  document.addEventListener('click', (event) => {
    const target = event.target as Element | null
    if (target?.closest?.('[data-consent-open]')) {
      event.preventDefault()
      consent.showPreferences()
    }
  })
  for (const fn of queue) {
    try {
      fn(consent)
    } catch (error) {
      report(error)
    }
  }
}

const start = () => {
  const existing = window.consent
  if (isInstance(existing)) {
    console.warn('[consentry] the script is included twice; the first instance stays in charge')
    return
  }
  const queue: Queue = Array.isArray(existing) ? existing : []
  if (existing !== undefined && !Array.isArray(existing))
    console.warn('[consentry] window.consent was already defined by the page; consentry replaces it')

  const script = document.currentScript as HTMLScriptElement | null
  const nonce = script?.nonce || script?.getAttribute('nonce') || undefined
  const base = new URL('.', script?.src || document.baseURI)
  const load = chunkLoader(base, nonce)
  const options: { nonce?: string; locale?: string; fingerprint?: string; region?: string; gcmDefault?: boolean; cookies?: string } = { nonce }
  // docs/reference.md §10 and §7 (advanced Consent Mode: the default before the manifest is read).
  options.region = script?.getAttribute('data-region') ?? undefined
  if ((options.gcmDefault = !!script?.hasAttribute('data-google-consent-mode'))) pushConsentDefault(window)
  const ui = uiLoader(base, load, script, options)
  const fetchUi = () => void ui.fetchUi().catch(() => {})
  // A fetched manifest: the cookies are read at once, so that a first visit fetches the banner
  // right away, in parallel with the manifest. An inline one is read at DOMContentLoaded: the page's
  // parsing need not wait for the cookies (docs/architecture.md, Cookies).
  const cookiesOf = () => (script?.hasAttribute('data-manifest') ? Promise.resolve(documentCookie()) : readCookies())
  const pipeline = manifestPipeline(script, load, options, cookiesOf, (input) => {
    options.locale = localeOf(input, script)
    // No decision for this manifest: the banner will be needed. A failure is reported when the UI is mounted.
    if (!decode(readCookie(typeof input?.cookie?.name === 'string' ? input.cookie.name : 'consentry', options.cookies))) fetchUi()
  })
  // Only a head start: on a page that broke a built-in this needs, the same work runs again once
  // the manifest is read.
  pipeline.cookies.then((jar) => undecided(jar) && fetchUi()).catch(() => {})
  const cleanup = cleanups(load)
  const consent = createInstance(pipeline.manifest, options, pipeline.check, lazyServices(pipeline.services, load, cleanup))
  const internals = internalsOf(consent)!
  window.consent = consent
  // After the page's load: reading localStorage for them may wait for the browser to load the
  // site's storage, which nothing a page view needs first should wait for.
  const leftovers = () => afterLoad(() => cleanup.leftovers(internals))
  consent.ready.then(() => {
    leftovers()
    whenReady(
      consent,
      internals,
      () => ui.mountUi(internals),
      () => loadButton(internals, load, () => ui.textsOf(internals.locale)),
      queue,
    )
    watchDeclaration(load, internals)
  }, leftovers)
}

try {
  start()
} catch (error) {
  report(error)
}
