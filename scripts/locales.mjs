import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const localesDir = fileURLToPath(new URL('../locales/', import.meta.url))

/**
 * The strings only the preferences dialog shows. The script tag ships them apart, in
 * `dist/locales/dialog/<locale>.json`, fetched with the dialog's chunk the first time it opens; the
 * banner, placeholders, chat launcher and floating button have the rest in `dist/locales/<locale>.json`
 * (docs/architecture.md, Chunks). A string not listed here stays with the banner's.
 */
export const DIALOG_STRINGS = [
  'preferences.title',
  'preferences.text',
  'preferences.gpc',
  'preferences.record',
  'preferences.required',
  'preferences.vendors',
  'preferences.acceptAll',
  'preferences.rejectAll',
  'preferences.save',
  'vendor.country',
  'vendor.cookies',
  'vendor.storage',
  'vendor.none',
  'cookie.session',
]

/** The strings of a locale file for the banner's file (`dialog` false) or the dialog's. */
export const localePart = (strings, dialog) =>
  Object.fromEntries(Object.entries(strings).filter(([key]) => DIALOG_STRINGS.includes(key) === dialog))

/** Every shipped locale: `{ en: {...strings}, ro: {...} }`. */
export const readLocales = () =>
  Object.fromEntries(
    readdirSync(localesDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.slice(0, -5), JSON.parse(readFileSync(localesDir + file, 'utf8'))]),
  )

/**
 * The `virtual:locales` module: the names of the shipped locales, whose files the loader fetches
 * for the UI and the floating button, and each locale's floating button label (for the
 * configurator; the loader leaves it out).
 */
export const virtualLocales = () => ({
  name: 'virtual-locales',
  resolveId: (id) => (id === 'virtual:locales' ? '\0virtual:locales' : null),
  load(id) {
    if (id !== '\0virtual:locales') return null
    const all = readLocales()
    const labels = Object.fromEntries(Object.entries(all).map(([locale, strings]) => [locale, strings['floating.label']]))
    return `export const locales = ${JSON.stringify(Object.keys(all))}\nexport const labels = ${JSON.stringify(labels)}`
  },
})
