/**
 * consentry for bundlers: `createConsent(manifest)` gives the same object as the script tag's
 * `window.consent`. The names exported here are the public API, pinned by `test/index.test.ts`.
 */
export { createConsent } from './instance/create'
export type { Consent, ConsentOptions, ConsentRecord, ConsentState, Source } from './instance/consent'
export type { ConsentQueue } from './core/global'
export { validateManifest, formatIssue } from './manifest/validate'
export type {
  CookieSpec,
  GcmSettings,
  GcmSignal,
  LocalizedText,
  Manifest,
  ManifestError,
  ManifestInput,
  ManifestIssue,
  ManifestResult,
  Purpose,
  PurposeInput,
  RegionInput,
  RegionSettings,
  UiSettings,
  Vendor,
  VendorInput,
} from './core/types'
