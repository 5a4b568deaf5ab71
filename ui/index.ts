import { internalsOf, type Consent } from '../src/instance/consent'
import { mount } from './mount'

/** Options of `mountUI`. */
export interface UiOptions {
  /** UI strings over the built-in English, e.g. the content of `consentry/locales/ro.json`. */
  texts?: Record<string, string>
}

/**
 * Shows consentry's consent UI for an instance made with `createConsent`: the banner until the
 * visitor decides, the preferences dialog on `consent.showPreferences()`, placeholders and the chat
 * launcher. Returns a function that removes it.
 * @example
 * import { createConsent } from 'consentry'
 * import { mountUI } from 'consentry/ui'
 * import ro from 'consentry/locales/ro.json'
 * const consent = createConsent(manifest, { locale: 'ro' })
 * mountUI(consent, { texts: ro })
 */
export function mountUI(consent: Consent, options: UiOptions = {}): () => void {
  // Server rendering (docs/reference.md §11): no document, nothing to show, nothing thrown.
  if (typeof document === 'undefined') return () => {}
  const internals = internalsOf(consent)
  if (!internals) {
    console.error('[consentry] mountUI() takes an instance made by createConsent()')
    return () => {}
  }
  internals.ui = true
  // As the script tag does: a visitor who has not decided is asked.
  consent.ready.then(
    () => !consent.hasDecided() && internals.$view.get() === 'none' && consent.showBanner(),
    () => {},
  )
  // The dialog and the placeholders of blocked embeds come by `import()`, the first time they are
  // needed: a bundler makes each a chunk of its own, and the banner comes without them.
  return mount(internals, Promise.resolve(options.texts ?? {}), {
    preferences: () => import('./preferences').then(({ Preferences }) => ({ Preferences, strings: [] })),
    placeholders: () => import('./placeholder'),
  })
}
