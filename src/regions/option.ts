import { isRegionCode } from './codes'

/** The `region` option or `data-region` as given, when it reads as a region code. @internal */
export const regionOption = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined
  if (isRegionCode(value)) return value
  console.error('[consentry] the region must be a country code like "DE" or a subdivision like "US-CA", got', value)
  return undefined
}
