import type { Manifest } from './types'
import { isRegionCode, regionKeys } from './region-codes'

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

/** The `region` option or `data-region` as given, when it reads as a region code. @internal */
export const regionOption = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined
  if (isRegionCode(value)) return value
  console.error('[consentry] the region must be a country code like "DE" or a subdivision like "US-CA", got', value)
  return undefined
}
