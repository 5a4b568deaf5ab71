import type { Preset } from './preset'

/**
 * Every preset by the id a manifest names in `"preset"`, each loaded on first need by `import()`,
 * so that a bundler splits it into its own chunk: `createConsent` fetches only the presets its
 * manifest names (docs/architecture.md, Presets). The same names as src/presets/index.ts
 * (test/preset-registry.test.ts checks it).
 * Each module exports its one preset, under a name of its own: `presetOfModule` takes it.
 * @internal
 */
export const presetLoaders: Record<string, () => Promise<Record<string, Preset>>> = {
  clarity: () => import('./clarity'),
  crisp: () => import('./crisp'),
  ga4: () => import('./ga4'),
  'google-maps': () => import('./google-maps'),
  gtm: () => import('./gtm'),
  hotjar: () => import('./hotjar'),
  hubspot: () => import('./hubspot'),
  intercom: () => import('./intercom'),
  'linkedin-insight': () => import('./linkedin-insight'),
  matomo: () => import('./matomo'),
  'meta-pixel': () => import('./meta-pixel'),
  'microsoft-uet': () => import('./microsoft-uet'),
  tawkto: () => import('./tawkto'),
  'tiktok-pixel': () => import('./tiktok-pixel'),
  vimeo: () => import('./vimeo'),
  youtube: () => import('./youtube'),
  'zendesk-chat': () => import('./zendesk-chat'),
  'zendesk-messaging': () => import('./zendesk-messaging'),
}

/** The one preset a preset's module exports. @internal */
export const presetOfModule = (module: Record<string, Preset>): Preset => Object.values(module)[0]!
