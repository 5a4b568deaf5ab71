/**
 * The configurator's preview (docs/reference.md, Configurator): the real banner and preferences
 * dialog (`createConsent` and `mountUI`) for the manifest in the page's `#` fragment, in the
 * locale and colour scheme given there. The page's Content-Security-Policy lets no vendor script
 * load, and the preview's own consent cookie is deleted first, so that the banner always shows.
 */
import { createConsent } from '../src/instance/create'
import type { ManifestInput } from '../src/core/types'
import { mountUI } from '../ui/index'
import { LOCALES } from 'virtual:configure-locales'

const COOKIE = 'consentry_preview'

interface Payload {
  manifest: Record<string, any>
  locale: string
  scheme: 'light' | 'dark'
}

const read = (): Payload | null => {
  try {
    return JSON.parse(decodeURIComponent(location.hash.slice(1)))
  } catch {
    return null
  }
}

const start = () => {
  const payload = read()
  if (!payload) return
  document.documentElement.lang = payload.locale
  document.documentElement.className = payload.scheme
  document.cookie = `${COOKIE}=; path=/; max-age=0`
  // No receipts from a preview, and a cookie of its own on this host.
  const { log: _log, ...manifest } = payload.manifest
  const { domain: _domain, ...cookie } = manifest.cookie ?? {}
  const shown = {
    ...manifest,
    cookie: { ...cookie, name: COOKIE },
    ui: { ...manifest.ui, theme: { ...manifest.ui?.theme, scheme: payload.scheme } },
  }
  const consent = createConsent(shown as ManifestInput, { locale: payload.locale, gate: false })
  mountUI(consent, { texts: LOCALES[payload.locale] ?? {} })
  consent.ready.then(
    () => document.body.setAttribute('data-preview', 'ready'),
    (error: unknown) => {
      document.body.setAttribute('data-preview', 'invalid')
      document.getElementById('note')!.textContent = `Nothing to show: ${String((error as Error)?.message ?? error).split('\n')[0]}`
    },
  )
  // The configurator's buttons: open the dialog, or ask again.
  addEventListener('message', (event) => {
    if (event.data === 'consentry-preview:preferences') consent.showPreferences()
    if (event.data === 'consentry-preview:banner') consent.showBanner()
  })
}

start()
