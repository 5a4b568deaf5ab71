/**
 * Every type of consentry in one place: the manifest as written and as validated, the stored
 * decision, and the instance with what its UI and loader see of it (docs/architecture.md, Modules).
 * Types only: nothing here runs.
 */
import type { ReadableAtom, WritableAtom } from 'nanostores'

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

/** Where a decision was taken (docs/reference.md §4 `record().source`). */
export type Source = 'banner' | 'preferences' | 'placeholder' | 'launcher' | 'api'

/** A stored decision, as compact as the cookie holds it. @internal */
export interface Decision {
  /** Random consent id, the key of a receipt. */
  id: string
  version: number
  /** A fingerprint of the manifest text this decision was taken with ('' when not known). */
  fingerprint: string
  /** Milliseconds since the epoch, to the second. */
  timestamp: number
  source: Source
  locale: string
  /** Global Privacy Control was on when the visitor decided (docs/reference.md §7). */
  gpc: boolean
  /** Granted purposes; every other purpose is denied. */
  purposes: string[]
  /** Vendors the visitor switched off individually. */
  off: string[]
}

/**
 * The current consent state, as `$state` holds it and `consentry:change` carries it.
 * `purposes` and `vendors` say what is granted right now.
 */
export interface ConsentState {
  /** `loading` until the manifest is read; `error` when it is broken (nothing is granted). */
  status: 'loading' | 'ready' | 'error'
  /** A valid decision for this manifest version is stored. */
  decided: boolean
  /** The browser sends Global Privacy Control on this page view. */
  gpc: boolean
  /** The visitor's region as the site gave it (docs/reference.md §10), when it gave one. */
  region?: string
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
}

/** The stored decision (docs/reference.md §4 `record()`). */
export interface ConsentRecord {
  id: string
  version: number
  /** ISO 8601. */
  timestamp: string
  source: Source
  locale: string
  /** The visitor's region as the site gave it (`DE`), when it gave one (docs/reference.md §10). */
  region?: string
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
}

/** Options of `createConsent`. */
export interface ConsentOptions {
  /** The visitor's language, recorded in receipts and used by the UI. Default: the manifest's `defaultLocale`. */
  locale?: string
  /** Activate `[data-consent]` markup of the page (docs/reference.md §2). Default: `true` where there is a document. */
  gate?: boolean
  /** CSP nonce given to every script consentry creates. */
  nonce?: string
  /**
   * Where the visitor is, as the site knows it (`DE`, `US-CA`): picks the manifest's `regions`
   * entry (docs/reference.md §10). consentry never looks it up itself.
   * @example createConsent(manifest, { region: request.headers.get('cf-ipcountry') ?? undefined })
   */
  region?: string
}

/**
 * A consent manager instance: the same object as `window.consent` of the script tag.
 * No method throws; misuse is reported on the console with a `[consentry]` prefix.
 */
export interface Consent {
  /** Settles once the manifest is validated and the stored choice read; rejects with the validation errors. */
  ready: Promise<Consent>
  /**
   * A purpose or vendor id is granted right now.
   * @example if (consent.isGranted('analytics')) track()
   */
  isGranted(id: string): boolean
  /**
   * Runs `fn` now if `id` is granted, and again at each later change to granted.
   * @example const stop = consent.onGranted('analytics', () => startAnalytics())
   */
  onGranted(id: string, fn: () => void): () => void
  /**
   * Runs `fn` at each change of `id` from granted to denied.
   * @example consent.onRevoked('analytics', () => stopAnalytics())
   */
  onRevoked(id: string, fn: () => void): () => void
  /**
   * Runs `fn(state)` after every change of the decision: saved here, taken in another tab, or reset.
   * @example consent.onChange((state) => console.log(state.purposes))
   */
  onChange(fn: (state: ConsentState) => void): () => void
  /** Saves a decision granting every purpose. */
  acceptAll(): void
  /** Saves a decision denying every purpose that is not required. */
  rejectAll(): void
  /**
   * Saves a decision for the named purposes and vendors; the others keep their current value.
   * @example consent.set({ analytics: true, tawkto: false })
   */
  set(choices: Record<string, boolean>): void
  /** A valid decision for this manifest version is stored. */
  hasDecided(): boolean
  /** The stored decision, or `null` before the visitor decides. */
  record(): ConsentRecord | null
  /** Forgets the decision (the cookie is removed) and asks again. */
  reset(): void
  /**
   * Resolves once the clean-up of every vendor revoked so far (its cookies and storage,
   * docs/reference.md §2) has finished. The decision itself never waits for it.
   */
  cleanedUp(): Promise<void>
  /** Shows the first layer. */
  showBanner(): void
  /** Opens the preferences dialog. */
  showPreferences(): void
  /** Closes the banner and the dialog without deciding. */
  hide(): void
  /** The current state as a nanostores store, for framework bindings. */
  $state: ReadableAtom<ConsentState>
  /**
   * Calls `fn(consent)` once the instance is ready, as the script tag does with a queue of
   * functions in `window.consent`: the same snippet works before and after the script ran.
   * @example (window.consent = window.consent || []).push((consent) => consent.onGranted('analytics', start))
   */
  push(fn: (consent: Consent) => void): void
}

/** Validates a manifest: the validator itself, or the script tag's cheaper way (browser.ts). @internal */
export type Check = (input: unknown) => ManifestResult | PromiseLike<ManifestResult>

/** @internal */
export interface InstanceOptions extends ConsentOptions {
  /** A fingerprint of the manifest's text, stored with decisions (see browser.ts). */
  fingerprint?: string
  /** The script tag pushed Consent Mode's default already (`data-google-consent-mode`). */
  gcmDefault?: boolean
}

/** Which layer of the UI is wanted. @internal */
export type View = 'none' | 'banner' | 'preferences'

/** What the UI (and the script tag's loader) needs beyond the public API. @internal */
export interface ConsentInternals {
  consent: Consent
  manifest: Manifest | null
  locale: string
  nonce: string | undefined
  $view: WritableAtom<View>
  /** Blocked elements that asked for a contextual placeholder. */
  $placeholders: ReadableAtom<Element[]>
  /** Which purposes and vendors the visitor switched on, as the preferences dialog starts from. */
  choices(): { purposes: Record<string, boolean>; vendors: Record<string, boolean> }
  /** `set()` with a source. Only preferences, placeholders and the launcher may grant a GPC purpose. */
  choose(choices: Record<string, boolean>, source: Source): void
  acceptAll(source: Source): void
  rejectAll(source: Source): void
  /** Contextual consent (docs/reference.md §2): grants one vendor and its purposes, and no other vendor. */
  allow(vendorId: string, source: Source): void
  /** Loads and opens a vendor's widget (chat launcher), once it is granted. */
  open(vendorId: string): void
  /** Ids of the manifest's chat-widget vendors (presets with `chat`), for the launcher. */
  chat: string[]
  /** `mountUI` shows this instance's view (createConsent's `showBanner()` says so when not). */
  ui: boolean
  /** Stops watching the page and other tabs (tests; a page has one instance for its lifetime). */
  stop(): void
}

