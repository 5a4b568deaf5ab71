/** Every shipped locale's strings, for the configurator's preview (rollup.config.mjs). */
declare module 'virtual:configure-locales' {
  export const LOCALES: Record<string, Record<string, string>>
}
