/**
 * Global Privacy Control: `navigator.globalPrivacyControl === true` (GPC spec §3; 11 CCR §7025).
 * Read on every page view and never stored as the visitor's decision (docs/reference.md §7).
 * @internal
 */
export const gpcEnabled = (navigator: Navigator | undefined): boolean =>
  (navigator as (Navigator & { globalPrivacyControl?: unknown }) | undefined)?.globalPrivacyControl === true
