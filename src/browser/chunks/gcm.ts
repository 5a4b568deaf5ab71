/**
 * `dist/consentry-gcm.js`: Google Consent Mode (docs/reference.md §7), for a manifest that switches
 * it on without naming a Google preset; the Google presets' chunks carry it themselves.
 */
import { createGoogleConsentMode } from '../../integrations/google-consent-mode'
import { answer } from '../chunk'

answer('gcm', createGoogleConsentMode)
