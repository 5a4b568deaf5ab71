import type { Preset } from './preset'

/**
 * Every preset by the id a manifest names in `"preset"`, each loaded on first need by `import()`,
 * so that a bundler splits it into its own chunk: `createConsent` fetches only the presets its
 * manifest names (docs/architecture.md, Presets). The same names as src/presets/index.ts
 * (test/preset-registry.test.ts checks it).
 * @internal
 */
export const presetLoaders: Record<string, () => Promise<Preset>> = {
  clarity: () => import('./clarity').then((m) => m.clarity),
  crisp: () => import('./crisp').then((m) => m.crisp),
  ga4: () => import('./ga4').then((m) => m.ga4),
  'google-maps': () => import('./google-maps').then((m) => m.googleMaps),
  gtm: () => import('./gtm').then((m) => m.gtm),
  hotjar: () => import('./hotjar').then((m) => m.hotjar),
  hubspot: () => import('./hubspot').then((m) => m.hubspot),
  intercom: () => import('./intercom').then((m) => m.intercom),
  'linkedin-insight': () => import('./linkedin-insight').then((m) => m.linkedinInsight),
  matomo: () => import('./matomo').then((m) => m.matomo),
  'meta-pixel': () => import('./meta-pixel').then((m) => m.metaPixel),
  'microsoft-uet': () => import('./microsoft-uet').then((m) => m.microsoftUet),
  tawkto: () => import('./tawkto').then((m) => m.tawkto),
  'tiktok-pixel': () => import('./tiktok-pixel').then((m) => m.tiktokPixel),
  vimeo: () => import('./vimeo').then((m) => m.vimeo),
  youtube: () => import('./youtube').then((m) => m.youtube),
  'zendesk-chat': () => import('./zendesk-chat').then((m) => m.zendeskChat),
  'zendesk-messaging': () => import('./zendesk-messaging').then((m) => m.zendeskMessaging),
}
