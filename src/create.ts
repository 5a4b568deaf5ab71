import { createInstance, type Consent, type ConsentOptions } from './consent'
import { validateManifest } from './manifest'
import type { ManifestInput } from './types'
import { presets } from './presets/index'
import { forget } from './forget'
import { sendReceipt } from './integrations/receipts'
import { forRegion } from './regions'
import { createGoogleConsentMode } from './integrations/google-consent-mode'

/**
 * Creates a consent manager from a manifest (or a promise of one). It is the same object as the
 * script tag's `window.consent`; it activates the page's `[data-consent]` markup by itself.
 * @example
 * import { createConsent } from 'consentry'
 * const consent = createConsent(manifest)
 * consent.onGranted('analytics', () => import('./analytics'))
 */
/* @__NO_SIDE_EFFECTS__ */
export function createConsent(manifest: ManifestInput | PromiseLike<unknown>, options: ConsentOptions = {}): Consent {
  return createInstance(manifest, options, validateManifest, {
    presets,
    forget: (vendor, window) => forget(vendor.cookies, vendor.storage, window),
    sendReceipt,
    forRegion,
    consentMode: createGoogleConsentMode,
  })
}
