/**
 * The cookie declaration (docs/reference.md, Cookie declaration): what each purpose's vendors
 * store in the browser, from the manifest and its presets, as one element tree (ui/markup.ts).
 * Pure: the in-page chunk (ui/declaration-browser.ts) and `npx consentry declaration` (cli/)
 * render the same tree, the first adding the visitor's choice.
 */
import en from '../locales/declaration/en.json'
import type { ConsentRecord, ConsentState, CookieSpec, Manifest, Vendor } from '../src/core/types'
import { hasOwn } from '../src/core/util'
import { countryName, dateTime, lifetime, list, readable } from './intl'
import { direction, localize } from './texts'
import { h, type Child, type Element_ } from './markup'

/** The declaration's strings, by key of `locales/declaration/en.json`. */
export type DeclarationKey = keyof typeof en

/** A declaration string by key, its `{placeholders}` filled in. */
export type Say = (key: DeclarationKey, values?: Record<string, string>) => string

/** The strings of one language: built-in English, then the locale's file (`locales/declaration/<lang>.json`). */
export const sayer = (fetched: unknown): Say => {
  const all: Record<string, string> = { ...en }
  for (const [key, value] of Object.entries(typeof fetched === 'object' && fetched ? fetched : {}))
    if (hasOwn(en, key) && typeof value === 'string' && value) all[key] = value
  return (key, values = {}) => all[key]!.replace(/\{(\w+)\}/g, (match, name) => (hasOwn(values, name) ? values[name]! : match))
}

/** What the declaration is rendered with. */
export interface DeclarationContext {
  manifest: Manifest
  locale: string
  say: Say
  /** Level of the purposes' headings (`h3`); vendors' are one below. */
  level: number
}

/** The parts that are there, in order. */
const present = (parts: (Child | false | null | undefined | 0)[]): Child[] => parts.filter((part): part is Child => !!part)

/** The language a locale's strings file is named after (`pt-BR` → `pt`). */
export const languageOf = (locale: string): string => locale.toLowerCase().split(/[-_]/)[0]!

/**
 * The site's own domains: its cookie's `domain` and the host of an absolute `policyUrl`. A cookie
 * set on another domain is a third party's; one without a domain is the page's own.
 */
const siteDomains = (manifest: Manifest): string[] => {
  const domains = manifest.cookie.domain ? [manifest.cookie.domain] : []
  try {
    if (/^https?:/i.test(manifest.policyUrl)) domains.push(new URL(manifest.policyUrl).hostname)
  } catch {}
  return domains.map((domain) => domain.replace(/^\./, '').toLowerCase())
}

const partyOf = (cookie: CookieSpec, { manifest, say }: DeclarationContext): string => {
  const domain = cookie.domain?.replace(/^\./, '').toLowerCase()
  const own = (site: string) => domain === site || site.endsWith(`.${domain}`) || domain!.endsWith(`.${site}`)
  return !domain || siteDomains(manifest).some(own) ? say('firstParty') : say('thirdParty', { domain })
}

/** One row: the name as people read it (`_ga_*`), its kind, lifetime and party, and what it is for. */
const row = (name: string, cells: string[], description: string | undefined, described: boolean) =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, h('code', { dir: 'ltr' }, readable(name))),
    cells.map((cell) => h('td', {}, cell)),
    described && h('td', {}, description ?? ''),
  )

/** A table of what is stored: its cookies, then its storage keys. */
export const storedTable = (caption: string, cookies: CookieSpec[], storage: string[], context: DeclarationContext) => {
  const { say, locale, manifest } = context
  const text = (value: CookieSpec['description']) => (value === undefined ? undefined : localize(value, locale, manifest.defaultLocale))
  const described = cookies.some((cookie) => cookie.description !== undefined)
  const headers: DeclarationKey[] = ['type', 'lifetime', 'party', ...(described ? (['purpose'] as const) : [])]
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, say('name')), headers.map((key) => h('th', { scope: 'col' }, say(key))))),
    h(
      'tbody',
      {},
      cookies.map((cookie) =>
        row(cookie.name, [say('cookie'), lifetime(cookie.days, locale, say('session')), partyOf(cookie, context)], text(cookie.description), described),
      ),
      storage.map((key) => row(key, [say('storage'), say('untilDeleted'), say('firstParty')], undefined, described)),
    ),
  )
}

/** A vendor: heading, description, country and privacy policy, and what it stores. */
const vendorPart = (vendor: Vendor, context: DeclarationContext): Child[] => {
  const { say, locale, manifest, level } = context
  const text = (value: Vendor['name']) => localize(value, locale, manifest.defaultLocale)
  const name = text(vendor.name)
  const facts = present([
    vendor.country && say('country', { country: countryName(vendor.country, locale) }),
    vendor.privacyPolicy && h('a', { href: vendor.privacyPolicy }, say('policy', { vendor: name })),
  ])
  return present([
    h(`h${level + 1}`, {}, name),
    vendor.description !== undefined && h('p', {}, text(vendor.description)),
    facts.length > 0 && h('p', {}, facts.flatMap((fact, index) => (index ? [' · ', fact] : [fact]))),
    vendor.cookies.length || vendor.storage.length
      ? storedTable(say('stores', { vendor: name }), vendor.cookies, vendor.storage, context)
      : h('p', {}, say('nothing', { vendor: name })),
  ])
}

/** Every purpose with its vendors, then the section of the visitor's choice, with `choice` in it. */
export const declaration = (context: DeclarationContext, choice?: Child): Element_[] => {
  const { manifest, locale, say, level } = context
  const text = (value: Manifest['controller']) => localize(value, locale, manifest.defaultLocale)
  const vendors = new Map(manifest.vendors.map((vendor) => [vendor.id, vendor]))
  const { name, days } = manifest.cookie
  return [
    ...manifest.purposes.map((purpose) =>
      h(
        'section',
        {},
        h(`h${level}`, {}, text(purpose.title)),
        h('p', {}, text(purpose.description)),
        purpose.required && h('p', {}, h('strong', {}, say('required'))),
        purpose.vendors.map((id) => vendorPart(vendors.get(id)!, context)),
      ),
    ),
    h(
      'section',
      {},
      h(`h${level}`, {}, say('choice')),
      storedTable(say('kept'), [{ name, days }], [], context),
      choice,
    ),
  ]
}

/** The visitor's current choice: consent id and date, each purpose given or refused, vendors switched off. */
export const choiceText = (context: DeclarationContext, state: ConsentState, record: ConsentRecord | null): Child[] => {
  const { manifest, locale, say } = context
  const text = (value: Manifest['controller']) => localize(value, locale, manifest.defaultLocale)
  const off = manifest.vendors.filter((vendor) => !state.vendors[vendor.id] && vendor.purposes.some((id) => state.purposes[id]))
  return present([
    h('p', {}, record ? say('record', { id: record.id, date: dateTime(record.timestamp, locale) }) : say('undecided')),
    h(
      'ul',
      {},
      manifest.purposes.map((purpose) => {
        const status = purpose.required ? say('required') : state.purposes[purpose.id] ? say('given') : say('refused')
        return h('li', {}, say('status', { purpose: text(purpose.title), status }))
      }),
    ),
    off.length > 0 && h('p', {}, say('off', { vendors: list(off.map((vendor) => text(vendor.name)), locale) })),
  ])
}

/**
 * The page's part of the visitor's choice: the choice, in a polite live region that the chunk
 * refills as it changes, and a button that opens the preferences (`data-consent-open`).
 */
export const choicePart = (context: DeclarationContext, state: ConsentState, record: ConsentRecord | null): Element_ =>
  h(
    'div',
    { 'data-consent-choice': '' },
    h('div', { 'aria-live': 'polite' }, choiceText(context, state, record)),
    h('p', {}, h('button', { type: 'button', 'data-consent-open': '' }, context.say('change'))),
  )

/** `lang` and `dir` for the declaration's element. */
export const languageAttributes = (locale: string) => ({ lang: locale, dir: direction(locale) })
