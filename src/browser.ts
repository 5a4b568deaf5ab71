/**
 * The script-tag build (`dist/consentry.js`, docs/reference.md §1): the only module with side
 * effects at load, and all a returning visitor needs. It reads its own `<script>` tag and the
 * manifest, makes `window.consent`, and fetches everything else from next to its own URL when it
 * is first needed: docs/architecture.md describes which file loads when.
 */
import { createInstance, internalsOf, type Consent, type Services } from './consent'
import type { Check, ConsentInternals, ManifestResult } from './types'
import type { ConsentQueue } from './global'
import type { Preset, Presets } from './presets/preset'
import type { Receipt } from './integrations/receipts'
import { bare, normalize } from './normalize'
import { decode, fingerprint, readCookie } from './storage'
import { negotiateLocale } from './locale'
import { chunkLoader } from './chunk'
import { report } from './util'
import { floatingButton } from './floating-button'
import { forget } from './forget'
import { pushConsentDefault } from './integrations/google-consent-mode'
import { watchDeclaration } from './declaration-watch'
import { labels } from 'virtual:locales'
import { presetNames } from 'virtual:preset-names'

/** What the UI chunk gets from the loader: the instance, its strings, and the chunk loader. @internal */
export interface UiMount {
  (internals: ConsentInternals, texts: Promise<Record<string, string>>, load: Load): void
}

/** Every shipped locale: the ones the floating button has a label for. */
const locales = Object.keys(labels)

type Queue = ConsentQueue

const isInstance = (value: unknown): value is Consent =>
  typeof value === 'object' && value !== null && typeof (value as Consent).isGranted === 'function' && '$state' in value

/**
 * The inline `#consentry-manifest`. When consentry's tag has a nonce, only a manifest tag with the
 * same nonce counts: markup injected before the real one cannot take its place
 * (docs/reference.md, Content Security Policy).
 */
const inlineManifest = (nonce: string | undefined): string => {
  const element = Array.from(document.querySelectorAll<HTMLElement>('[id="consentry-manifest"]')).find(
    (tag) => nonce === undefined || tag.nonce === nonce,
  )
  if (!element)
    throw new Error(`no data-manifest attribute and no <script type="application/json" id="consentry-manifest"${nonce ? ' nonce' : ''}>`)
  return element.textContent ?? ''
}

/** The manifest's text: fetched from `data-manifest`, or the inline `#consentry-manifest`. */
const readManifest = (script: HTMLScriptElement | null, nonce: string | undefined): Promise<string> => {
  const url = script?.getAttribute('data-manifest')
  if (url)
    // No RequestInit (credentials are same-origin by default): a page's polluted
    // `Object.prototype.mode` or `.method` would be read from it and break the request.
    return fetch(new URL(url, document.baseURI)).then((response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`)
      return response.text()
    })
  const inline = () => inlineManifest(nonce)
  return document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true })).then(inline)
    : Promise.resolve().then(inline)
}

const parse = (text: string): any => {
  try {
    return JSON.parse(text.trim()) // trim() drops a byte order mark, as fetch does
  } catch (error) {
    throw new Error(`the manifest is not valid JSON: ${(error as Error).message}`)
  }
}

/** The rules per region (src/regions.ts), in their own chunk. */
type ForRegion = Services['forRegion']

/** A manifest with `regions` to apply: anything else has no rules per region to fetch. */
const hasRegions = (input: any): boolean => Object.keys(input?.regions ?? {}).length > 0

/** The known presets a manifest names, each once: their chunks are fetched as soon as it is read. */
const presetsNamed = (input: any): string[] =>
  Array.isArray(input?.vendors)
    ? [...new Set<string>(input.vendors.map((vendor: any) => vendor?.preset))].filter((name) =>
        presetNames.includes(name),
      )
    : []

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

/** For the validator: every preset name, the ones this manifest names with their real facts. */
const STUB = { options: { type: 'object' } } as unknown as Preset

/** The chunk loader (src/chunk.ts). @internal */
export type Load = ReturnType<typeof chunkLoader>

/** `consentry-check.js` and `consentry-ui.js` in one file, for a first visit (rollup.config.mjs). */
const FIRST = 'consentry-first.js'

/**
 * No cookie of the page holds a consentry decision, whatever name the manifest gives its cookie:
 * a first visit, which needs the validator and the banner whatever the manifest says, so both are
 * fetched at once, in parallel with the manifest (docs/architecture.md, First visit).
 */
const undecided = (): boolean =>
  !document.cookie.split(';').some((pair) => decode(pair.slice(pair.indexOf('=') + 1).trim()) !== null)

/**
 * The manifest, its presets and its check. A manifest whose exact text a stored decision was
 * taken with was valid then, and is valid now: only a new or changed manifest needs the validator
 * (docs/architecture.md, Returning visit). Anything else fails closed as usual.
 */
const manifestPipeline = (
  script: HTMLScriptElement | null,
  load: Load,
  options: { nonce?: string; locale?: string; fingerprint?: string },
  firstVisit: (file?: string) => void,
) => {
  const presets: Presets = {}
  const regions: { forRegion?: ForRegion } = {}
  let presetsReady: Promise<unknown> = Promise.resolve()
  const manifest = readManifest(script, options.nonce).then((text) => {
    const input = parse(text)
    options.fingerprint = fingerprint(text)
    options.locale = localeOf(input, script)
    presetsReady = Promise.all([
      ...presetsNamed(input).map((name) =>
        load<Preset>(`presets/${name}.js`, `preset:${name}`).then((preset) => (presets[name] = preset)),
      ),
      // The rules per region come with the presets, for a manifest that has any.
      hasRegions(input) && load<ForRegion>('consentry-regions.js', 'regions').then((fn) => (regions.forRegion = fn)),
    ])
    return input
  })
  // The validator asks as it starts, maybe before the manifest is in, for `normalize` and the
  // registry: every preset's name, and the presets the manifest names once they arrive.
  let all: Presets = {}
  let validator: Promise<(input: unknown) => ManifestResult> | undefined
  const loadValidator = (file = 'consentry-check.js') => {
    if (!validator) {
      all = Object.fromEntries(presetNames.map((name) => [name, STUB]))
      document.addEventListener(
        'consentry:loader',
        (event) => Object.assign((event as CustomEvent).detail, { presets: all, bare, normalize }),
        { once: true },
      )
      validator = load<(input: unknown) => ManifestResult>(file, 'check')
    }
    return validator
  }
  const check: Check = (input: any) => {
    const stored = decode(readCookie(typeof input?.cookie?.name === 'string' ? input.cookie.name : 'consentry'))
    if (stored && stored.version === (input.version ?? 1) && stored.fingerprint === options.fingerprint)
      return presetsReady.then((): ManifestResult => ({ ok: true, manifest: normalize(input, presets) }))
    // A first visit: the banner will be needed. A failure is reported when the UI is mounted.
    if (!stored) firstVisit()
    return Promise.all([loadValidator(), presetsReady]).then(([validate]) => (Object.assign(all, presets), validate(input)))
  }
  // Only a head start: on a page that broke a built-in this needs, the same work runs again once
  // the manifest is read, and fails closed there, reported.
  try {
    if (undecided()) {
      // The validator and the UI in one file (consentry-first.js), so in one request.
      loadValidator(FIRST).catch(() => {})
      firstVisit(FIRST)
    }
  } catch {}
  return { manifest, check, presets, regions }
}

/**
 * Clean-up on revocation runs with the decision, as the page observes it (docs/reference.md §2);
 * receipts are fetched on first use.
 */
const lazyServices = (presets: Presets, regions: { forRegion?: ForRegion }, load: Load): Services => ({
  presets,
  // Without its chunk only a manifest without `regions` gets here: it applies as it is.
  forRegion: (manifest, region) => (regions.forRegion ? regions.forRegion(manifest, region) : manifest),
  forget: (vendor, window) => forget(vendor.cookies, vendor.storage, window),
  sendReceipt: (endpoint, receipt, window) =>
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
  const textsOf = (locale: string) => {
    // A locale only the manifest's `texts` offer (`pt-BR`) still gets its language's file (`pt`).
    const file = [locale, locale.split('-')[0]!].find((name) => locales.includes(name))
    if (!file || file === 'en') return Promise.resolve({})
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
  const fetchUi = (file = 'consentry-ui.js') => {
    textsOf(options.locale ?? negotiateLocale(wantedLocales(script), locales))
    return load<UiMount>(file, 'ui')
  }
  let mounted = false
  const mountUi = (internals: ConsentInternals) => {
    if (mounted) return
    mounted = true
    load<UiMount>('consentry-ui.js', 'ui').then((mount) => mount(internals, textsOf(internals.locale), load), report)
  }
  return { fetchUi, mountUi }
}

/** Once the manifest is in: the banner, the UI when needed, the floating button, the queue. */
const whenReady = (consent: Consent, internals: ConsentInternals, mountUi: () => void, queue: Queue) => {
  const manifest = internals.manifest!
  const needsUi = () =>
    internals.$view.get() !== 'none' ||
    internals.$placeholders.get().length > 0 ||
    (manifest.ui.launcher && internals.chat.some((id) => !consent.isGranted(id)))
  internals.$view.listen(() => needsUi() && mountUi())
  internals.$placeholders.listen(() => needsUi() && mountUi())
  if (!consent.hasDecided()) internals.$view.set('banner')
  else if (needsUi()) mountUi()
  // In the loader, labels and all: a returning visitor sees it on every page view (docs/reference.md §6).
  if (manifest.ui.floatingButton) floatingButton(internals, labels, internals.nonce)
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
  const options: { nonce?: string; locale?: string; fingerprint?: string; region?: string; gcmDefault?: boolean } = { nonce }
  // docs/reference.md §10 and §7 (advanced Consent Mode: the default before the manifest is read).
  options.region = script?.getAttribute('data-region') ?? undefined
  if ((options.gcmDefault = !!script?.hasAttribute('data-google-consent-mode'))) pushConsentDefault(window)
  const ui = uiLoader(base, load, script, options)
  const { manifest, check, presets, regions } = manifestPipeline(script, load, options, (file) => void ui.fetchUi(file).catch(() => {}))
  const consent = createInstance(manifest, options, check, lazyServices(presets, regions, load))
  const internals = internalsOf(consent)!
  window.consent = consent
  consent.ready.then(() => (whenReady(consent, internals, () => ui.mountUi(internals), queue), watchDeclaration(load, internals)), () => {})
}

try {
  start()
} catch (error) {
  report(error)
}
