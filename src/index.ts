/**
 * consentry for bundlers: `createConsent(manifest)` gives the same object as the script tag's
 * `window.consent`. The names exported here are the public API, pinned by `test/index.test.ts`.
 */
export { createConsent } from './create'
export type { Consent, ConsentOptions, ConsentRecord, ConsentState, Source } from './consent'
export type { ConsentQueue } from './global'
export { validateManifest, formatIssue } from './manifest'
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
} from './types'
