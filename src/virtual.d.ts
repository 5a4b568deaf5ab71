/** Built from `locales/*.json` by `scripts/locales.mjs`. */
declare module 'virtual:locales' {
  /** Every shipped locale, by the name of its file. */
  export const locales: string[]
  /** Locale → label of the floating button. */
  export const labels: Record<string, string>
}

/** Built from the file names of `src/presets/` by rollup.config.mjs: every preset's name. */
declare module 'virtual:preset-names' {
  export const presetNames: string[]
  /** The presets that are Google tags (`googleTag`): their chunks carry Google Consent Mode. */
  export const googlePresets: string[]
}

/** Built from `src/presets/` by rollup.config.mjs for the auto-blocking build: each preset's hosts. */
declare module 'virtual:preset-hosts' {
  export const presetHosts: Record<string, string[]>
}
