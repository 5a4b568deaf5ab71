import type { GcmSettings, GcmSignal, Manifest, ManifestInput, RegionSettings, Vendor } from '../core/types'
import { presetOf, type Presets } from '../presets/preset'

/*
 * What the script tag needs of a manifest on every page view, without the validator: filling in
 * defaults and the presets' facts. The validator (manifest.ts) is fetched only when a manifest was
 * not seen valid before (docs/architecture.md, Returning visit).
 */

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A copy made of own data only, in null-prototype objects. A page may have polluted
 * `Object.prototype` (`Object.prototype.required = true`, `.log = {endpoint}`): neither the schema
 * nor the manifest may then inherit a keyword, a field or a default it did not write itself.
 * @internal
 */
export const bare = <T>(value: T): T =>
  Array.isArray(value)
    ? (Array.from(value, bare) as T)
    : isPlainObject(value)
      ? Object.keys(value).reduce((copy, key) => ((copy[key] = bare(value[key])), copy), Object.create(null))
      : value

const DEFAULT_GCM: Partial<Record<GcmSignal, string[]>> = {
  analytics_storage: ['analytics'],
  ad_storage: ['marketing'],
  ad_user_data: ['marketing'],
  ad_personalization: ['marketing'],
}

/** Keys of Consent Mode's object form that are switches, not signals. */
const GCM_SWITCHES = ['adsDataRedaction', 'urlPassthrough']

/**
 * Fills in defaults and merges presets under what the manifest wrote. Only for valid input; it
 * reads and returns own data only, as the validator does, also on the script tag's path that
 * skips the validator. `presets` holds at least every preset the manifest names. @internal
 */
export const normalize = (raw: ManifestInput, presets: Presets): Manifest => bare(fill(bare(raw), presets))

const fillVendor = (vendor: NonNullable<ManifestInput['vendors']>[number], presets: Presets): Vendor => {
  const preset = presetOf(presets, vendor)
  const { id, purposes, preset: presetId, options = {}, hosts = [], ...written } = vendor
  return {
    id,
    purposes,
    options,
    cookies: preset?.cookies ?? [],
    storage: preset?.storage ?? [],
    ...(preset && { preset: presetId, country: preset.country, privacyPolicy: preset.privacyPolicy }),
    name: preset?.name ?? id,
    ...written,
    // The preset's hosts and the manifest's, each once (docs/reference.md §9).
    hosts: [...new Set([...(preset?.hosts ?? []), ...hosts])],
  }
}

const fill = (input: ManifestInput, presets: Presets): Manifest => {
  const vendors = (input.vendors ?? []).map((vendor) => fillVendor(vendor, presets))
  const usesGoogleTag = vendors.some((vendor) => presetOf(presets, vendor)?.googleTag)
  const ids = new Set([...input.purposes.map((p) => p.id), ...vendors.map((v) => v.id)])
  // `true`, or an object naming no signal (switches only), means the default mapping.
  const gcmOf = (gcm: boolean | GcmSettings | undefined): GcmSettings | null => {
    const mapping = Object.fromEntries(Object.entries(DEFAULT_GCM).filter(([, needs]) => needs.every((id) => ids.has(id))))
    if (gcm === true) return mapping
    if (!gcm) return null
    return Object.keys(gcm).some((key) => !GCM_SWITCHES.includes(key)) ? gcm : { ...mapping, ...gcm }
  }
  return {
    version: input.version ?? 1,
    policyUrl: input.policyUrl,
    controller: input.controller,
    mode: input.mode ?? 'opt-in',
    defaultLocale: input.defaultLocale ?? 'en',
    cookie: { name: 'consentry', days: 182, ...input.cookie },
    reloadOnRevoke: input.reloadOnRevoke ?? false,
    purposes: input.purposes.map((purpose) => ({
      ...purpose,
      required: purpose.required ?? false,
      gpc: purpose.gpc ?? false,
      vendors: vendors.filter((vendor) => vendor.purposes.includes(purpose.id)).map((vendor) => vendor.id),
    })),
    vendors,
    googleConsentMode: gcmOf(input.googleConsentMode ?? usesGoogleTag),
    texts: input.texts ?? {},
    ui: { layout: 'bar', position: 'bottom', floatingButton: true, launcher: true, ...input.ui },
    log: input.log ?? null,
    regions: Object.fromEntries(
      Object.entries(input.regions ?? {}).map(([key, { googleConsentMode, ...region }]): [string, RegionSettings] => [
        key,
        googleConsentMode === undefined ? region : { ...region, googleConsentMode: gcmOf(googleConsentMode) },
      ]),
    ),
  }
}
