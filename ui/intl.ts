/** What the browser's `Intl` words for us in the visitor's language, so no plural rules or country names need translating. */
/** Whole years, else months from 60 days, else days; under a day, hours or minutes (Hotjar's 30-minute cookie is `30 / 1440` days). */
const unitOf = (days: number): [number, string] => {
  if (days % 365 === 0) return [days / 365, 'year']
  if (days >= 60) return [Math.round(days / 30.44), 'month']
  if (days >= 1) return [Math.round(days), 'day']
  if (days * 24 >= 1) return [Math.round(days * 24), 'hour']
  return [Math.max(1, Math.round(days * 1440)), 'minute']
}

/**
 * A cookie lifetime in words ("1 year", "6 luni", "30 de zile"); `0` days is a session cookie.
 */
export const lifetime = (days: number, locale: string, session: string): string => {
  if (days <= 0) return session
  const [value, unit] = unitOf(days)
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value)
  } catch {
    return `${value} ${unit}`
  }
}

/** A country's name from its ISO 3166-1 code, in the visitor's language. */
export const countryName = (code: string, locale: string): string => {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? code
  } catch {
    return code
  }
}

/** "A, B and C" in the visitor's language. */
export const list = (items: string[], locale: string): string => {
  try {
    // ES2021, not in this project's `lib`; every browser that runs the UI has it.
    return new (Intl as any).ListFormat(locale, { type: 'conjunction' }).format(items)
  } catch {
    return items.join(', ')
  }
}

/** A moment ("1 December 2026 at 14:05") in the visitor's language and time zone. */
export const dateTime = (iso: string, locale: string): string => {
  const date = new Date(iso)
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' } as Intl.DateTimeFormatOptions).format(date)
  } catch {
    return date.toISOString()
  }
}

/** A cookie or storage pattern `/^acme_/` reads as `acme_*`; other patterns are shown as written. */
export const readable = (name: string): string => name.replace(/^\/\^([\w-]+)\/$/, '$1*')
