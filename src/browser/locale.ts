/**
 * Picks the UI locale (docs/reference.md §1): the first of `wanted` that is available, matched exactly and then
 * by language (`pt-BR` → `pt`, `ro` → `ro-RO`), else `fallback`.
 * @internal
 */
export const negotiateLocale = (
  wanted: readonly (string | null | undefined)[],
  available: readonly string[],
  fallback = 'en',
): string => {
  const lower = available.map((tag) => tag.toLowerCase())
  for (const tag of wanted) {
    if (!tag) continue
    const exact = lower.indexOf(tag.toLowerCase())
    if (exact >= 0) return available[exact]!
    const language = tag.toLowerCase().split(/[-_]/)[0]!
    const partial = lower.findIndex((candidate) => candidate.split('-')[0] === language)
    if (partial >= 0) return available[partial]!
  }
  return fallback
}
