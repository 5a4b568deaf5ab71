/** Built from `locales/*.json` by `scripts/locales.mjs`: locale → label of the floating button. */
declare module 'virtual:locales' {
  export const locales: Record<string, string>
}
