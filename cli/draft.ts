/**
 * The vendor entries a manifest lacks for what a scan saw, used both for the "entry to add" of
 * each undeclared item and for `consentry scan --draft` (docs/reference.md §12).
 */
import { validateManifest } from '../src/manifest/validate'
import type { ManifestInput, VendorInput } from '../src/core/types'
import { presets } from '../src/presets/index'
import type { Seen } from './observe'
import { hostMatches, presetsFor } from './attribute'

/** The purpose a preset's vendor usually serves: a guess for the owner to confirm. */
export const PRESET_PURPOSE: Record<string, string> = {
  ga4: 'analytics', gtm: 'analytics', hotjar: 'analytics', clarity: 'analytics', matomo: 'analytics',
  'meta-pixel': 'marketing', 'microsoft-uet': 'marketing', 'linkedin-insight': 'marketing', 'tiktok-pixel': 'marketing',
  tawkto: 'livechat', 'zendesk-chat': 'livechat', 'zendesk-messaging': 'livechat', intercom: 'livechat', crisp: 'livechat', hubspot: 'livechat',
  youtube: 'media', vimeo: 'media', 'google-maps': 'media',
}

/** The purpose of everything no preset knows: named so that the owner sees it must be sorted out. */
export const UNSORTED = 'unsorted'

/** Purposes a draft may add, with text the owner is expected to rewrite. */
export const DRAFT_PURPOSES: Record<string, { title: string; description: string }> = {
  analytics: { title: 'Analytics', description: 'Measures how the site is used.' },
  marketing: { title: 'Marketing', description: 'Measures advertising and shows relevant ads.' },
  livechat: { title: 'Live chat', description: 'Lets visitors talk to us in a chat window.' },
  media: { title: 'Embedded media', description: 'Shows videos and maps from other sites.' },
  [UNSORTED]: { title: 'To be sorted', description: 'Found by consentry scan: say what these vendors do and move them to the right purpose.' },
}

/** Words of a URL (path segments and query values) in which a vendor's account id may stand. */
const tokens = (url: string): string[] => {
  const parsed = new URL(url)
  return [...parsed.pathname.split('/'), ...[...parsed.searchParams.values()]].filter(Boolean).map(decodeURIComponent)
}

/**
 * A preset's required options read from the URLs its hosts were requested with, or `null` when
 * one cannot be found (or the preset's hosts were never contacted).
 */
export const presetOptions = (id: string, urls: string[]): Record<string, string> | null => {
  const schema = presets[id]!.options
  const mine = urls.filter((url) => presets[id]!.hosts.some((host) => hostMatches(host, new URL(url).hostname)))
  if (!mine.length) return null
  const words = mine.flatMap(tokens)
  const options: Record<string, string> = {}
  for (const key of schema.required ?? []) {
    // A numeric id may be written as text or as a number: its text form has the pattern.
    const option = schema.properties?.[key]
    const pattern = option?.pattern ?? option?.anyOf?.find((branch) => branch.pattern)?.pattern
    const found = pattern && words.find((word) => new RegExp(pattern).test(word) && !Object.values(options).includes(word))
    if (!found) return null
    options[key] = found
  }
  return options
}

/** A vendor id made from a host: `cdn.acme-widgets.example` → `acme-widgets`. */
const idFromHost = (host: string): string => {
  const labels = host.split('.')
  const name = (labels.length > 1 ? labels[labels.length - 2]! : labels[0]!).toLowerCase().replace(/[^a-z0-9_-]/g, '-')
  return /^[a-z]/.test(name) ? name : `vendor-${name}`
}

/** Whether this build's manifest schema knows vendors' `hosts` (docs/reference.md §9). */
const knowsHosts = (): boolean =>
  validateManifest({
    policyUrl: '/p',
    controller: 'c',
    purposes: [{ id: 'p', title: 't', description: 'd' }],
    vendors: [{ id: 'v', name: 'v', purposes: ['p'], hosts: ['x.example'] }],
  }).ok

const cookieEntry = (item: Seen) => ({ name: item.name, days: item.days ?? 0 })

/** The site a third-party host belongs to, for grouping (`cdn.acme.example` → `acme.example`). */
const siteOf = (host: string): string => host.split('.').slice(-2).join('.')

/**
 * Vendor entries that declare `items` (undeclared, with the preset each matched or `null`):
 * one per matched preset whose options the URLs reveal, one per other third-party site, and one
 * for the site's own cookies and storage. Each item maps to the entry that declares it.
 */
export const draftVendors = (items: Seen[], urls: string[], taken: Set<string>, siteHost: string) => {
  const vendors = new Map<string, VendorInput & { hosts?: string[] }>()
  const of = new Map<Seen, string>()
  const fresh = (id: string): string => {
    let candidate = id
    for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`
    taken.add(candidate)
    return candidate
  }
  const presetIds = new Map<string, string>()
  const customIds = new Map<string, string>()
  for (const item of items) {
    // The first preset that knows the item and whose account id the URLs reveal (ga4 and gtm share a host).
    const [preset, options] =
      presetsFor(item)
        .map((id) => [id, presetOptions(id, urls)] as const)
        .find(([, found]) => found) ?? []
    let key: string
    if (preset && options) {
      key = presetIds.get(preset) ?? fresh(preset)
      presetIds.set(preset, key)
      if (!vendors.has(key)) vendors.set(key, { id: key, preset, purposes: [PRESET_PURPOSE[preset] ?? UNSORTED], ...(Object.keys(options).length && { options }) })
    } else {
      const host = item.kind === 'host' ? item.name : item.kind === 'cookie' && item.domain && !item.domain.endsWith(siteHost.replace(/^www\./, '')) ? item.domain : siteHost
      const site = host === siteHost ? siteHost : siteOf(host)
      key = customIds.get(site) ?? fresh(site === siteHost ? 'site' : idFromHost(site))
      customIds.set(site, key)
      const vendor = vendors.get(key) ?? { id: key, name: site === siteHost ? 'This site' : site, purposes: [UNSORTED] }
      vendors.set(key, vendor)
      if (item.kind === 'cookie') addCookie(vendor, item)
      else if (item.kind === 'host') vendor.hosts = [...(vendor.hosts ?? []), item.name]
      else vendor.storage = [...(vendor.storage ?? []), item.name]
    }
    of.set(item, key)
  }
  return { vendors: [...vendors.values()], of }
}

const addCookie = (vendor: VendorInput, item: Seen): void => {
  if (!vendor.cookies?.some((cookie) => cookie.name === item.name)) vendor.cookies = [...(vendor.cookies ?? []), cookieEntry(item)]
}

/** A manifest: `base` (the site's, when there is one) plus `vendors`, with the purposes they need. */
export const draftManifest = (base: ManifestInput | null, vendors: (VendorInput & { hosts?: string[] })[], siteHost: string): ManifestInput => {
  const manifest: ManifestInput = base
    ? JSON.parse(JSON.stringify(base))
    : {
        version: 1,
        policyUrl: '/privacy',
        controller: siteHost,
        purposes: [{ id: 'necessary', required: true, title: 'Strictly necessary', description: 'Keeps the site working.' }],
        vendors: [],
      }
  // A build whose schema does not know `hosts` would refuse the draft: the owner adds them later.
  const withHosts = knowsHosts()
  const added = vendors.map(({ hosts, ...vendor }) => (withHosts && hosts ? { ...vendor, hosts } : vendor))
  manifest.vendors = [...(manifest.vendors ?? []), ...added]
  for (const id of new Set(vendors.flatMap((vendor) => vendor.purposes)))
    if (!manifest.purposes.some((purpose) => purpose.id === id)) manifest.purposes.push({ id, ...DRAFT_PURPOSES[id]! })
  return manifest
}
