import type { Manifest } from '../core/types'
import { regionKeys } from './codes'

/**
 * The manifest as it applies to a visitor from `region` (docs/reference.md §10): the most
 * specific matching entry of `regions` (`US-CA`, then `US`, then `EU` for a country it covers,
 * then `default`) laid over the top-level values; no match leaves them as they are. The one place
 * where regions change behaviour: the browser and `consentry/server` both go through it.
 * @internal
 */
export const forRegion = (manifest: Manifest, region: string | undefined): Manifest => {
  const key = regionKeys(region).find((candidate) => Object.prototype.hasOwnProperty.call(manifest.regions, candidate))
  const settings = key === undefined ? undefined : manifest.regions[key]
  if (!settings) return manifest
  const texts = { ...manifest.texts }
  for (const [locale, strings] of Object.entries(settings.texts ?? {})) texts[locale] = { ...texts[locale], ...strings }
  return {
    ...manifest,
    mode: settings.mode ?? manifest.mode,
    texts,
    ui: {
      ...manifest.ui,
      ...settings.ui,
      ...((manifest.ui.theme || settings.ui?.theme) && { theme: { ...manifest.ui.theme, ...settings.ui?.theme } }),
    },
    googleConsentMode: settings.googleConsentMode === undefined ? manifest.googleConsentMode : settings.googleConsentMode,
  }
}
