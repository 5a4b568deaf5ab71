/**
 * Who set or contacted what: each item a scan sees is matched to a vendor of the manifest (its
 * declared cookies, storage keys and hosts, with its preset's) or, failing that, to a built-in
 * preset by its hosts and cookies (docs/reference.md §9, §12).
 */
import type { Manifest, Vendor } from '../src/core/types'
import { toRegExp } from '../src/core/cookie-names'
import { presets } from '../src/presets/index'
import type { Seen } from './observe'

/** The facts a vendor or a preset declares, in the terms of what a scan sees. */
export interface Declared {
  cookies: string[]
  storage: string[]
  hosts: string[]
}

/** A name as declared (exact, or a `/regular expression/`) against a name seen. */
export const nameMatches = (declared: string, seen: string): boolean => {
  const pattern = toRegExp(declared)
  return pattern ? pattern.test(seen) : declared === seen
}

/** `*.acme.example` is any sub-domain of acme.example (docs/reference.md §9). */
export const hostMatches = (declared: string, host: string): boolean =>
  declared.startsWith('*.') ? host.endsWith(declared.slice(1)) : declared === host

/** What a manifest vendor declares: its own fields, its `hosts` when the manifest has them, and its preset's hosts. */
export const declaredBy = (vendor: Vendor): Declared => {
  const preset = vendor.preset ? presets[vendor.preset] : undefined
  const own = (vendor as Vendor & { hosts?: unknown }).hosts
  return {
    cookies: vendor.cookies.map((cookie) => cookie.name),
    storage: vendor.storage,
    hosts: [...(Array.isArray(own) ? own.filter((h): h is string => typeof h === 'string') : []), ...(preset?.hosts ?? [])],
  }
}

const presetFacts = (id: string): Declared => {
  const preset = presets[id]!
  return { cookies: preset.cookies.map((cookie) => cookie.name), storage: preset.storage, hosts: preset.hosts }
}

/** Whether `declared` claims `item`; a cookie of a third-party domain is claimed by its host too. */
export const claims = (declared: Declared, item: Seen): boolean => {
  switch (item.kind) {
    case 'cookie':
      return declared.cookies.some((name) => nameMatches(name, item.name))
    case 'localStorage':
    case 'sessionStorage':
      return declared.storage.some((name) => nameMatches(name, item.name))
    case 'host':
      return declared.hosts.some((host) => hostMatches(host, item.name))
  }
}

/** The built-in presets that would claim `item`, by its name or, for a cookie, its domain. */
export const presetsFor = (item: Seen): string[] =>
  Object.keys(presets).filter((id) => {
    const facts = presetFacts(id)
    if (claims(facts, item)) return true
    return item.kind === 'cookie' && !!item.domain && claims(facts, { kind: 'host', name: item.domain })
  })

/** Who an item belongs to. `own` is consentry's decision cookie (strictly necessary, docs/reference.md §5). */
export interface Attribution {
  vendor: string | null
  own: boolean
  /** A built-in preset that knows this item, when no manifest vendor declares it. */
  preset: string | null
}

/** Attributes every item to the manifest (`null`: no manifest, so nothing is declared). */
export const attributor = (manifest: Manifest | null) => {
  const vendors = (manifest?.vendors ?? []).map((vendor) => ({ id: vendor.id, declared: declaredBy(vendor) }))
  const decisionCookie = manifest?.cookie.name ?? 'consentry'
  return (item: Seen): Attribution => {
    if (item.kind === 'cookie' && item.name === decisionCookie) return { vendor: null, own: true, preset: null }
    const vendor = vendors.find((candidate) => claims(candidate.declared, item))
    if (vendor) return { vendor: vendor.id, own: false, preset: null }
    return { vendor: null, own: false, preset: presetsFor(item)[0] ?? null }
  }
}

/** Whether a vendor may run in a phase: everything it needs is granted there (docs/reference.md §3). */
export const allowed = (manifest: Manifest, vendorId: string, phase: 'before' | 'reject'): boolean => {
  const vendor = manifest.vendors.find((candidate) => candidate.id === vendorId)
  if (!vendor) return false
  // Before any decision, opt-out mode grants every purpose (a headless browser sends no GPC signal).
  if (phase === 'before' && manifest.mode === 'opt-out') return true
  return vendor.purposes.every((id) => manifest.purposes.find((purpose) => purpose.id === id)?.required)
}
