/** A visitor's code as a site may give it (`DE`, `us-ca`); anything else is not a region. */
export const isRegionCode = (code: unknown): code is string =>
  typeof code === 'string' && /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(code)

/** The `region` option or `data-region` as given, when it reads as a region code. @internal */
export const regionOption = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined
  if (isRegionCode(value)) return value
  console.error('[consentry] the region must be a country code like "DE" or a subdivision like "US-CA", got', value)
  return undefined
}
