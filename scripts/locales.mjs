import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const localesDir = fileURLToPath(new URL('../locales/', import.meta.url))

/** Every shipped locale: `{ en: {...strings}, ro: {...} }`. */
export const readLocales = () =>
  Object.fromEntries(
    readdirSync(localesDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.slice(0, -5), JSON.parse(readFileSync(localesDir + file, 'utf8'))]),
  )

/**
 * The `virtual:locales` module: the names of the shipped locales (the loader negotiates among
 * them) and, for each, the floating button's label (its chunk shows it). Everything else is in
 * the UI chunk.
 */
export const virtualLocales = () => ({
  name: 'virtual-locales',
  resolveId: (id) => (id === 'virtual:locales' ? '\0virtual:locales' : null),
  load(id) {
    if (id !== '\0virtual:locales') return null
    const labels = Object.fromEntries(
      Object.entries(readLocales()).map(([locale, strings]) => [locale, strings['floating.label']]),
    )
    return `export const names = ${JSON.stringify(Object.keys(labels))}\nexport const labels = ${JSON.stringify(labels)}`
  },
})
