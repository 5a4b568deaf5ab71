/** What the browser's `Intl` words for us in the visitor's language, so no plural rules or country names need translating. */
/**
 * A cookie lifetime in words ("1 year", "6 luni", "30 de zile"); `0` days is a session cookie.
 */
export const lifetime = (days: number, locale: string, session: string): string => {
  if (days <= 0) return session
  // Under a day, in hours or minutes: Hotjar's 30-minute session cookie is `30 / 1440` days.
  const [value, unit] =
    days % 365 === 0
      ? [days / 365, 'year']
      : days >= 60
        ? [Math.round(days / 30.44), 'month']
        : days >= 1
          ? [Math.round(days), 'day']
          : days * 24 >= 1
            ? [Math.round(days * 24), 'hour']
            : [Math.max(1, Math.round(days * 1440)), 'minute']
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
