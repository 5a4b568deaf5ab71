import { closed, patterned, type RootSchema, type Schema } from '../core/schema'
import type { GcmSignal } from '../core/types'
import type { Presets } from '../presets/preset'
import { REGION_KEY_PATTERN } from '../regions/codes'

/** Ids of purposes and vendors share one namespace (docs/reference.md §3). */
const ID_PATTERN = '^[a-z][a-z0-9_-]*$'
/** BCP 47 language tags as sites write them: `en`, `ro`, `pt-BR`, `zh-Hant`. */
const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'
/**
 * http(s) URLs, or relative ones: no scheme may come before the first `/`, `?` or `#`, so
 * `javascript:`, `data:` and the like never pass.
 */
const URL_PATTERN = '^(https?://[^\\s]+|[^:/?#\\s]*([/?#][^\\s]*)?)$'
const LABEL = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?'
/**
 * A host a vendor's tags come from: a lowercase host name (`cdn.acme.example`), or `*.` and a
 * domain for any of its subdomains (`*.acme.example`), as auto-blocking matches them
 * (docs/reference.md §9). `*.com` would claim a whole top-level domain, so a wildcard needs a
 * domain of two labels or more.
 */
export const HOST_PATTERN = `^(\\*\\.(${LABEL}\\.)+${LABEL}|${LABEL}(\\.${LABEL})*)$`
/** Consent lifetime cap: 13 months (docs/sources.md, Lifetime). */
const MAX_DAYS = 395
/** The Google Consent Mode v2 signals a manifest may map purposes to. */
const GCM_SIGNALS: readonly GcmSignal[] = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
]

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` })

const text: Schema = {
  description: 'A string, or an object of locale → string.',
  anyOf: [
    { type: 'string', minLength: 1 },
    {
      type: 'object',
      propertyNames: patterned(LOCALE_PATTERN, 'a language tag like "en" or "pt-BR"'),
      additionalProperties: { type: 'string', minLength: 1 },
    },
  ],
}

const cookieSpec = closed(
  {
    name: patterned('^(/.+/[a-z]*|[^\\s;,=]+)$', 'a cookie name, or a /regular expression/', {
      description: 'A cookie name, or a /regular expression/ matching several.',
    }),
    days: { type: 'number', minimum: 0, description: 'Lifetime in days; 0 for a session cookie.' },
    domain: patterned('^\\.?[a-z0-9.-]+$', 'a domain like "example.com"'),
    path: patterned('^/', 'a path starting with "/"'),
    description: ref('text'),
  },
  ['name', 'days'],
)

const purpose = closed(
  {
    id: ref('id'),
    required: { type: 'boolean', description: 'Always granted, cannot be switched off.' },
    title: ref('text'),
    description: ref('text'),
    gpc: { type: 'boolean', description: 'Denied while the browser sends Global Privacy Control.' },
  },
  ['id', 'title', 'description'],
)

/** A vendor: its own fields, and for each preset the `options` that preset takes. */
const vendorFor = (presets: Presets): Schema => {
  const presetIds = Object.keys(presets)
  return {
  ...closed(
    {
      id: ref('id'),
      // JSON Schema wants a non-empty `enum` (ajv refuses `[]`): with no preset, `preset` is unknown.
      ...(presetIds.length > 0 && {
        preset: { enum: presetIds, description: 'A known vendor whose facts and loader consentry brings.' },
      }),
      name: ref('text'),
      description: ref('text'),
      purposes: { type: 'array', minItems: 1, items: ref('id') },
      country: patterned('^[A-Z]{2}$', 'a two-letter country code like "US"'),
      privacyPolicy: ref('url'),
      cookies: { type: 'array', items: cookieSpec },
      storage: {
        type: 'array',
        items: patterned('^(/.+/[a-z]*|\\S+)$', 'a storage key, or a /regular expression/'),
      },
      hosts: {
        type: 'array',
        description: "Hosts the vendor's tags come from, added to its preset's (docs/reference.md §9).",
        items: patterned(HOST_PATTERN, 'a host name like "cdn.acme.example" or "*.acme.example"', {
          maxLength: 253,
        }),
      },
      options: { type: 'object' },
    },
    ['id', 'purposes'],
  ),
  allOf: [
    { if: { required: ['preset'] }, else: { required: ['name'] } },
    ...presetIds.map(
      (id): Schema => ({
        if: { required: ['preset'], properties: { preset: { const: id } } },
        then: {
          required: presets[id]!.options.required?.length ? ['options'] : [],
          properties: { options: presets[id]!.options },
        },
      }),
    ),
  ],
}
}

const gcmSettings: Schema = {
  type: 'object',
  description: 'Signal → ids that must all be granted, and the switches adsDataRedaction and urlPassthrough.',
  properties: {
    adsDataRedaction: { type: 'boolean', description: 'Redact ad click identifiers while ad_storage is denied (default true).' },
    urlPassthrough: { type: 'boolean', description: 'Pass ad click identifiers through URLs while cookies are denied.' },
  },
  propertyNames: { enum: [...GCM_SIGNALS, 'adsDataRedaction', 'urlPassthrough'] },
  additionalProperties: { type: 'array', items: ref('id') },
}

const googleConsentMode: Schema = { anyOf: [{ type: 'boolean' }, gcmSettings] }

const textOverrides: Schema = {
  type: 'object',
  propertyNames: patterned(LOCALE_PATTERN, 'a language tag like "en" or "pt-BR"'),
  additionalProperties: {
    type: 'object',
    propertyNames: patterned('^[a-z][A-Za-z]*(\\.[a-z][A-Za-z]*)+$', 'a text key like "banner.title"'),
    additionalProperties: { type: 'string' },
  },
}

const uiSettings = closed({
  layout: { enum: ['bar', 'box'] },
  position: { enum: ['bottom', 'top', 'bottom-left', 'bottom-right', 'center'] },
  floatingButton: { type: 'boolean' },
  launcher: { type: 'boolean', description: 'Show the chat launcher while chat is not granted.' },
  theme: closed({
    accent: ref('color'),
    accentText: ref('color'),
    background: ref('color'),
    text: ref('color'),
    radius: patterned('^\\d+(\\.\\d+)?(px|rem|em)$', 'a length like "8px"'),
    scheme: { enum: ['light', 'dark', 'auto'] },
  }),
})

const mode: Schema = { enum: ['opt-in', 'opt-out'] }

/** docs/reference.md §10: what a region may change, by region key. */
const regions: Schema = {
  type: 'object',
  propertyNames: patterned(REGION_KEY_PATTERN, 'a country like "DE", a subdivision like "US-CA", "EU" or "default"'),
  additionalProperties: closed({
    mode,
    texts: ref('textOverrides'),
    ui: ref('uiSettings'),
    googleConsentMode: ref('googleConsentMode'),
  }),
}

/**
 * The manifest's JSON Schema for a registry of presets: interpreted by `validateManifest`, and,
 * for every preset, published as `dist/manifest.schema.json`.
 * @internal
 */
export const manifestSchemaFor = (presets: Presets): RootSchema => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://consentry.dev/manifest.schema.json',
  title: 'consentry manifest',
  ...closed(
    {
      $schema: { type: 'string' },
      version: {
        type: 'integer',
        minimum: 0,
        // The consent cookie stores it in at most 9 digits (src/instance/storage.ts FORMAT).
        maximum: 999_999_999,
        description: 'Raise it to ask every visitor again.',
      },
      policyUrl: ref('url'),
      controller: ref('text'),
      mode,
      defaultLocale: patterned(LOCALE_PATTERN, 'a language tag like "en" or "pt-BR"'),
      cookie: closed({
        name: patterned('^[A-Za-z0-9_-]+$', 'letters, digits, "-" and "_"'),
        days: { type: 'integer', minimum: 1, maximum: MAX_DAYS },
        domain: patterned('^\\.?[a-z0-9-]+(\\.[a-z0-9-]+)+$', 'a domain like "example.com"'),
      }),
      reloadOnRevoke: { type: 'boolean' },
      purposes: { type: 'array', minItems: 1, items: purpose },
      vendors: { type: 'array', items: vendorFor(presets) },
      googleConsentMode: ref('googleConsentMode'),
      texts: ref('textOverrides'),
      ui: ref('uiSettings'),
      log: closed({ endpoint: ref('url') }, ['endpoint']),
      regions,
      stamp: { type: 'string' },
    },
    ['policyUrl', 'controller', 'purposes'],
  ),
  $defs: {
    id: patterned(ID_PATTERN, 'an id of lowercase letters, digits, "-" and "_", starting with a letter', {
      maxLength: 64,
    }),
    url: patterned(URL_PATTERN, 'an http(s) or relative URL'),
    color: patterned('^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$', 'a hex colour like "#0a7"'),
    text,
    textOverrides,
    uiSettings,
    googleConsentMode,
  },
})
