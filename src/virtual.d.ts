/** Built from `locales/*.json` by `scripts/locales.mjs`. */
declare module 'virtual:locales' {
  /** Locale → label of the floating button. */
  export const labels: Record<string, string>
}

/** Built from the file names of `src/presets/` by rollup.config.mjs: every preset's name. */
declare module 'virtual:preset-names' {
  export const presetNames: string[]
}

/** Built from `src/presets/` by rollup.config.mjs for the auto-blocking build: each preset's hosts. */
declare module 'virtual:preset-hosts' {
  export const presetHosts: Record<string, string[]>
}
