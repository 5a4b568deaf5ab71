/**
 * The script-tag build (`dist/consentry.js`, docs/reference.md §1): the only module with side effects at load.
 * It reads its own `<script>` tag, loads the manifest, makes `window.consent`, and fetches the
 * UI chunk from next to its own URL only when something must be shown.
 */
import { createInstance, internalsOf, type Check, type Consent, type ConsentInternals } from './consent'
import type { ManifestResult } from './manifest'
import { normalize } from './normalize'
import { decode, fingerprint, readCookie } from './storage'
import { negotiateLocale } from './locale'
import { presets } from './presets/index'
import { floatingButton } from './floating-button'
import { setScriptSrc } from './trusted-types'
import { pushConsentDefault } from './integrations/google-consent-mode'
import { locales } from 'virtual:locales'

/** What the UI chunk gets from the loader. @internal */
export interface UiMount {
  (internals: ConsentInternals, texts: Promise<Record<string, string>>): void
}

type Queue = ((consent: Consent) => void)[]
declare global {
  interface Window {
    consent?: Consent | Queue | unknown
  }
}

const report = (...args: unknown[]) => console.error('[consentry]', ...args)

const isInstance = (value: unknown): value is Consent =>
  typeof value === 'object' && value !== null && typeof (value as Consent).isGranted === 'function' && '$state' in value

/** The manifest's text: fetched from `data-manifest`, or the inline `#consentry-manifest`. */
const readManifest = (script: HTMLScriptElement | null): Promise<string> => {
  const url = script?.getAttribute('data-manifest')
  if (url)
    // No RequestInit (credentials are same-origin by default): a page's polluted
    // `Object.prototype.mode` or `.method` would be read from it and break the request.
    return fetch(new URL(url, document.baseURI)).then((response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`)
      return response.text()
    })
  const inline = () => {
    const element = document.getElementById('consentry-manifest')
    if (!element) throw new Error('no data-manifest attribute and no <script type="application/json" id="consentry-manifest">')
    return element.textContent ?? ''
  }
  return document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true })).then(inline)
    : Promise.resolve().then(inline)
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new Error(`the manifest is not valid JSON: ${(error as Error).message}`)
  }
}

/**
 * Loads `dist/<file>` from next to the loader; it answers with a `consentry:<name>` event, whose
 * detail is what it exports, or the error that kept it from starting (rollup.config.mjs).
 */
const chunk = <T>(base: URL, file: string, name: string, nonce: string | undefined): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    document.addEventListener(
      name,
      (event) => {
        const { detail } = event as CustomEvent<T | Error>
        detail instanceof Error ? reject(detail) : resolve(detail)
      },
      { once: true },
    )
    const element = document.createElement('script')
    if (nonce) element.nonce = nonce
    setScriptSrc(element, new URL(file, base).href)
    element.onerror = () => reject(new Error(`${element.src} could not be loaded`))
    document.head.appendChild(element)
  })

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
  const options: { nonce?: string; locale?: string; fingerprint?: string; region?: string; gcmDefault?: boolean } = { nonce }
  // docs/reference.md §10 and §7 (advanced Consent Mode: the default before the manifest is read).
  options.region = script?.getAttribute('data-region') ?? undefined
  if ((options.gcmDefault = !!script?.hasAttribute('data-google-consent-mode'))) pushConsentDefault(window)

  const manifest = readManifest(script).then((text) => {
    const input: any = parse(text)
    options.fingerprint = fingerprint(text)
    // The locale is chosen before validation so that receipts and the UI agree from the start.
    const offered = [...Object.keys(locales), ...Object.keys(input?.texts ?? {})]
    const defaultLocale = typeof input?.defaultLocale === 'string' ? input.defaultLocale : undefined
    options.locale = negotiateLocale(
      [script?.getAttribute('data-locale'), document.documentElement.lang, ...(navigator.languages ?? [])],
      offered,
      negotiateLocale([defaultLocale], offered),
    )
    return input
  })
  // A manifest whose exact text a stored decision was taken with was valid then, and is valid
  // now: only a new or changed manifest needs the validator, fetched on demand (docs/reference.md §6 spirit:
  // returning visitors download the least). Anything else fails closed as usual.
  const check: Check = (input: any) => {
    const stored = decode(readCookie(typeof input?.cookie?.name === 'string' ? input.cookie.name : 'consentry'))
    if (stored && stored.version === (input.version ?? 1) && stored.fingerprint === options.fingerprint)
      return { ok: true, manifest: normalize(input) }
    // A first visit: the banner will be needed. A failure is reported when the UI is mounted.
    if (!stored) fetchUi().catch(() => {})
    // The validator chunk asks for the loader's presets rather than shipping its own copy.
    document.addEventListener('consentry:presets', (event) => ((event as CustomEvent).detail.presets = presets), {
      once: true,
    })
    return chunk<(input: unknown) => ManifestResult>(base, 'consentry-check.js', 'consentry:check', nonce).then(
      (validate) => validate(input),
    )
  }
  const consent = createInstance(manifest, options, check)
  const internals = internalsOf(consent)!
  window.consent = consent

  // The UI chunk and its locale are fetched in parallel, as early as it is known they are needed.
  let uiChunk: Promise<UiMount> | undefined
  let texts: Promise<Record<string, string>> | undefined
  const fetchUi = () => {
    // A locale only the manifest's `texts` offer (`pt-BR`) still gets its language's file (`pt`).
    const locale = options.locale ?? 'en'
    const file = [locale, locale.split('-')[0]!].find((name) => name in locales)
    texts ??=
      !file || file === 'en'
        ? Promise.resolve({})
        : fetch(new URL(`locales/${file}.json`, base)).then(
            (response) => (response.ok ? response.json() : {}),
            () => ({}),
          )
    return (uiChunk ??= chunk<UiMount>(base, 'consentry-ui.js', 'consentry:ui', nonce))
  }
  let mounted = false
  const loadUi = () => {
    if (mounted) return
    mounted = true
    fetchUi().then((mount) => mount(internals, texts!), report)
  }

  consent.ready.then(
    () => {
      const manifest = internals.manifest!
      const needsUi = () =>
        internals.$view.get() !== 'none' ||
        internals.$placeholders.get().length > 0 ||
        (manifest.ui.launcher &&
          manifest.vendors.some((vendor) => vendor.preset && presets[vendor.preset]!.chat && !consent.isGranted(vendor.id)))
      internals.$view.listen(() => needsUi() && loadUi())
      internals.$placeholders.listen(() => needsUi() && loadUi())
      if (!consent.hasDecided()) internals.$view.set('banner')
      else if (needsUi()) loadUi()
      if (manifest.ui.floatingButton) floatingButton(internals, locales, nonce)
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
    },
    () => {},
  )
}

try {
  start()
} catch (error) {
  report(error)
}
