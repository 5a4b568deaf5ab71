/**
 * The manifest's types, as a site owner writes it and as it is once validated (docs/reference.md
 * §3), and what the validator answers. Types only: nothing here runs. `types.ts` re-exports them.
 */

/** Text a visitor reads: one string, or one per locale (`{ "en": "Analytics", "ro": "Analiză" }`). */
export type LocalizedText = string | { [locale: string]: string }

/** A cookie a vendor sets: an exact name or a `/regular expression/`, and its lifetime in days. */
export interface CookieSpec {
  name: string
  /** Lifetime in days; `0` for a session cookie. */
  days: number
  domain?: string
  path?: string
  description?: LocalizedText
}

/** A Google Consent Mode v2 signal. */
export type GcmSignal =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage'

/**
 * A purpose as the manifest writes it.
 * @example { "id": "analytics", "title": "Analytics", "description": "Counts visits." }
 */
export interface PurposeInput {
  id: string
  required?: boolean
  title: LocalizedText
  description: LocalizedText
  gpc?: boolean
}

/**
 * A vendor as the manifest writes it: either fully described, or a `preset` with its `options`.
 * @example { "id": "ga4", "preset": "ga4", "purposes": ["analytics"], "options": { "measurementId": "G-1" } }
 */
export interface VendorInput {
  id: string
  preset?: string
  name?: LocalizedText
  description?: LocalizedText
  purposes: string[]
  country?: string
  privacyPolicy?: string
  cookies?: CookieSpec[]
  storage?: string[]
  /** Hosts its tags come from, added to its preset's: `"cdn.acme.example"`, `"*.acme.example"`. */
  hosts?: string[]
  options?: Record<string, unknown>
}

/** UI settings of a manifest. */
export interface UiSettings {
  layout?: 'bar' | 'box'
  position?: 'bottom' | 'top' | 'bottom-left' | 'bottom-right' | 'center'
  floatingButton?: boolean
  launcher?: boolean
  theme?: {
    accent?: string
    accentText?: string
    background?: string
    text?: string
    radius?: string
    scheme?: 'light' | 'dark' | 'auto'
  }
}

/**
 * Google Consent Mode settings: signal → ids that must all be granted, and two switches
 * (docs/reference.md §7): `adsDataRedaction` (default `true`) redacts ad click identifiers while
 * `ad_storage` is denied; `urlPassthrough` passes them through URLs instead of cookies.
 */
export type GcmSettings = Partial<Record<GcmSignal, string[]>> & { adsDataRedaction?: boolean; urlPassthrough?: boolean }

/**
 * What a region of the manifest may change (docs/reference.md §10).
 * @example { "US-CA": { "mode": "opt-out" } }
 */
export interface RegionInput {
  mode?: 'opt-in' | 'opt-out'
  texts?: Record<string, Record<string, string>>
  ui?: UiSettings
  googleConsentMode?: boolean | GcmSettings
}

/** A region as validated: Consent Mode resolved to its settings (`null`: off). */
export interface RegionSettings {
  mode?: 'opt-in' | 'opt-out'
  texts?: Record<string, Record<string, string>>
  ui?: UiSettings
  googleConsentMode?: GcmSettings | null
}

/**
 * The manifest a site owner writes (docs/reference.md §3); `dist/manifest.schema.json` describes it too.
 * @example
 * const manifest: ManifestInput = {
 *   policyUrl: '/privacy',
 *   controller: 'Example Ltd',
 *   purposes: [{ id: 'analytics', title: 'Analytics', description: 'Counts visits.' }],
 * }
 */
export interface ManifestInput {
  $schema?: string
  /** Written by `consentry validate --stamp` (docs/reference.md §1): the browser skips the validator. */
  stamp?: string
  version?: number
  policyUrl: string
  controller: LocalizedText
  mode?: 'opt-in' | 'opt-out'
  defaultLocale?: string
  cookie?: { name?: string; days?: number; domain?: string }
  reloadOnRevoke?: boolean
  purposes: PurposeInput[]
  vendors?: VendorInput[]
  googleConsentMode?: boolean | GcmSettings
  texts?: Record<string, Record<string, string>>
  ui?: UiSettings
  log?: { endpoint: string }
  /** Settings by the visitor's region: `DE`, `US-CA`, `EU` or `default` (docs/reference.md §10). */
  regions?: Record<string, RegionInput>
}

/** A validated purpose with its defaults filled in and the ids of its vendors. */
export interface Purpose {
  id: string
  required: boolean
  title: LocalizedText
  description: LocalizedText
  gpc: boolean
  vendors: string[]
}

/** A validated vendor, its preset (if any) merged under what the manifest wrote. */
export interface Vendor {
  id: string
  name: LocalizedText
  description?: LocalizedText
  purposes: string[]
  country?: string
  privacyPolicy?: string
  cookies: CookieSpec[]
  storage: string[]
  /** Its preset's hosts and those the manifest adds, each once. */
  hosts: string[]
  preset?: string
  options: Record<string, unknown>
}

/** A manifest that passed validation, with every default applied. */
export interface Manifest {
  version: number
  policyUrl: string
  controller: LocalizedText
  mode: 'opt-in' | 'opt-out'
  defaultLocale: string
  cookie: { name: string; days: number; domain?: string }
  reloadOnRevoke: boolean
  purposes: Purpose[]
  vendors: Vendor[]
  /** Signal → ids that must all be granted, and its switches; `null` when Consent Mode is off. */
  googleConsentMode: GcmSettings | null
  texts: Record<string, Record<string, string>>
  ui: Required<Pick<UiSettings, 'layout' | 'position' | 'floatingButton' | 'launcher'>> & Pick<UiSettings, 'theme'>
  log: { endpoint: string } | null
  /** By region key; `forRegion` lays the matching one over the values above. */
  regions: Record<string, RegionSettings>
}

/** One problem in a manifest: where it is (`vendors[1].purposes[0]`) and what is wrong. */
export interface ManifestIssue {
  path: string
  message: string
}

/** The outcome of `validateManifest`: a usable manifest, or every problem found. */
export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; issues: ManifestIssue[] }

/** `ready` rejects with this: an Error whose `issues` lists every problem. */
export interface ManifestError extends Error {
  issues: ManifestIssue[]
}
