import en from '../locales/en.json'
import type { LocalizedText, Manifest } from '../src/core/types'
import { hasOwn } from '../src/core/util'

/** A UI string by key, its `{placeholders}` filled in. Always text: never parsed as HTML (docs/reference.md §6). */
export type Translate = (key: keyof typeof en, values?: Record<string, string>) => string

const language = (tag: string) => tag.toLowerCase().split(/[-_]/)[0]

/** Languages written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']

export const direction = (locale: string): 'rtl' | 'ltr' => (RTL.includes(language(locale)!) ? 'rtl' : 'ltr')

/**
 * Manifest text in the visitor's language: the exact locale, then the same language
 * (`pt-BR` → `pt`), then the manifest's `defaultLocale`, then whatever comes first.
 */
export const localize = (text: LocalizedText | undefined, locale: string, fallback: string): string => {
  if (typeof text !== 'object' || !text) return text ?? ''
  const keys = Object.keys(text)
  const key =
    keys.find((k) => k.toLowerCase() === locale.toLowerCase()) ??
    keys.find((k) => language(k) === language(locale)) ??
    keys.find((k) => k === fallback) ??
    keys[0]
  return key ? text[key]! : ''
}

const strings = (from: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(typeof from === 'object' && from ? from : {}).filter(([, v]) => typeof v === 'string' && v))

/**
 * The UI strings: built-in English, then each of `fetched` in turn (the visitor's locale file; for
 * the script tag also the dialog's English and its locale file, once the dialog is in), then the
 * manifest's `texts` for the visitor's language and exact locale.
 */
export const translator = (fetched: unknown[], manifest: Manifest, locale: string): Translate => {
  const own = manifest.texts
  const all: Record<string, string> = Object.assign(
    { ...en },
    ...fetched.map(strings),
    strings(own[language(locale)!]),
    strings(own[locale]),
  )
  // Own values only: `{constructor}` in a translation is text, not Object's source code.
  return (key, values = {}) => all[key]!.replace(/\{(\w+)\}/g, (match, name) => (hasOwn(values, name) ? values[name]! : match))
}
