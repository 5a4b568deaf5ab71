/**
 * The script-tag build (`dist/consentry.js`, SPEC §1): the only module with side effects at load.
 * It reads its own `<script>` tag, loads the manifest, makes `window.consent`, and fetches the
 * UI chunk from next to its own URL only when something must be shown.
 */
import { createConsent, internalsOf, type Consent, type ConsentInternals } from './consent'
import { negotiateLocale } from './locale'
import { presets } from './presets/index'
import { floatingButton } from './floating-button'
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

const readManifest = (script: HTMLScriptElement | null): Promise<unknown> => {
  const url = script?.getAttribute('data-manifest')
  if (url)
    return fetch(new URL(url, document.baseURI), { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`)
      return response.json().catch(() => {
        throw new Error(`${url} is not valid JSON`)
      })
    })
  const inline = () => {
    const element = document.getElementById('consentry-manifest')
    if (!element) throw new Error('no data-manifest attribute and no <script type="application/json" id="consentry-manifest">')
    try {
      return JSON.parse(element.textContent ?? '')
    } catch (error) {
      throw new Error(`the inline manifest is not valid JSON: ${(error as Error).message}`)
    }
  }
  return document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true })).then(inline)
    : Promise.resolve().then(inline)
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
  const options: { nonce?: string; locale?: string } = { nonce }

  const manifest = readManifest(script).then((input: any) => {
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
  const consent = createConsent(manifest, options)
  const internals = internalsOf(consent)!
  window.consent = consent

  let ui: Promise<void> | null = null
  const loadUi = () =>
    (ui ??= new Promise<void>((resolve, reject) => {
      const locale = internals.locale
      const texts: Promise<Record<string, string>> =
        locale === 'en' || !(locale in locales)
          ? Promise.resolve({})
          : fetch(new URL(`locales/${locale}.json`, base)).then(
              (response) => (response.ok ? response.json() : {}),
              () => ({}),
            )
      document.addEventListener(
        'consentry:ui',
        (event) => {
          ;(event as CustomEvent<UiMount>).detail(internals, texts)
          resolve()
        },
        { once: true },
      )
      const element = document.createElement('script')
      if (nonce) element.nonce = nonce
      element.src = new URL('consentry-ui.js', base).href
      element.onerror = () => reject(new Error(`the UI could not be loaded from ${element.src}`))
      document.head.appendChild(element)
    }).catch(report))

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
