/**
 * Region codes (docs/reference.md §10): which keys of a manifest's `regions` a visitor's code
 * matches, most specific first. Pure data and string rules; the site says where the visitor is,
 * consentry never looks it up.
 */
import { isRegionCode } from './option'

/**
 * What the built-in `EU` key covers: the 27 member states of the European Union, the three other
 * states of the European Economic Area, the United Kingdom and Switzerland, by ISO 3166-1 alpha-2
 * code (Greece is `GR` there, not the EU's own `EL`). Sources: the EU's list of member countries
 * (european-union.europa.eu, "EU countries"), the EEA Agreement's contracting parties (EFTA,
 * efta.int, "EEA Agreement"); Åland and the outermost regions that ISO lists separately are part
 * of the EU under Article 355 TFEU. See docs/sources.md, Regions.
 */
export const EU_COUNTRIES =
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK ' +
  'IS LI NO GB CH AX GF GP MQ RE YT MF'

/** Keys of `regions`: a country (`DE`), a subdivision (`US-CA`), `EU` or `default`. */
export const REGION_KEY_PATTERN = '^([A-Z]{2}(-[A-Z0-9]{1,3})?|default)$'

// In option.ts, so that an instance checking its `region` carries none of the rest (docs/architecture.md, Bundlers).
export { isRegionCode }

/**
 * The keys a visitor's code matches, most specific first: `US-CA`, `US`, then `EU` for a country
 * it covers, then `default`. No code (or an unreadable one) matches `default` only.
 */
export const regionKeys = (code: string | undefined): string[] => {
  const keys: string[] = []
  if (isRegionCode(code)) {
    const upper = code.toUpperCase()
    const country = upper.slice(0, 2)
    if (upper !== country) keys.push(upper)
    keys.push(country)
    if (EU_COUNTRIES.split(' ').includes(country)) keys.push('EU')
  }
  keys.push('default')
  return keys
}
