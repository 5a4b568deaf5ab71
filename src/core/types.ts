/**
 * Every type of consentry in one place: the manifest as written and as validated (from
 * `manifest-types.ts`), the stored decision, and the instance with what its UI and loader see of
 * it (docs/architecture.md, Folders). Types only: nothing here runs.
 */
import type { ReadableAtom, WritableAtom } from 'nanostores'
import type { Manifest, ManifestResult } from './manifest-types'

export type * from './manifest-types'

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
  /**
   * The page's cookies as the script tag read them while the manifest loaded (src/browser/cookies.ts):
   * the instance reads its stored decision from them as it starts, not from `document.cookie`.
   */
  cookies?: string
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

/** A request's decision, as the browser would see it on that page view. */
export interface ServerConsent {
  /** A valid decision for this manifest version is stored. */
  decided: boolean
  /** The consent id of the stored decision; `null` before the visitor decides. */
  id: string | null
  /** When the visitor decided, ISO 8601; `null` before. */
  timestamp: string | null
  /** The manifest version the decision was taken for; `null` before the visitor decides. */
  version: number | null
  /** The visitor's region as given, when one was. */
  region?: string
  /** Purpose id → granted on this request. */
  purposes: Record<string, boolean>
  /** Vendor id → granted on this request. */
  vendors: Record<string, boolean>
}
