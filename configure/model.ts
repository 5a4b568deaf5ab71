/**
 * The configurator's manifest (docs/reference.md, Configurator): the purposes most sites ask
 * for, vendors from the presets, the stamped file to download and the tags to paste.
 */
import { presets } from '../src/presets/index'
import type { Schema } from '../src/core/schema'
import { stampOf } from '../src/core/stamp'
import { PRESET_PURPOSE } from '../cli/draft'

export type Json = Record<string, any>

/** The purposes the sites consentry was designed from ask for, in the words a visitor reads. */
export const COMMON_PURPOSES: Json[] = [
  { id: 'necessary', required: true, title: 'Strictly necessary', description: 'Keeps the site working and secure: your session, your cart, your choices here.' },
  { id: 'preferences', title: 'Preferences', description: 'Remembers your settings, such as your language and region.' },
  { id: 'analytics', title: 'Analytics', description: 'Tells us which pages are visited and helps us improve them.' },
  { id: 'marketing', title: 'Marketing', description: 'Measures our advertising and shows you relevant ads on other sites.' },
  { id: 'livechat', title: 'Live chat', description: 'Lets you talk to us in a chat window.' },
  { id: 'media', title: 'Videos and maps', description: 'Shows videos and maps from other sites, which may set their own cookies.' },
]

/** A manifest to start from: the necessary purpose alone. */
export const starter = (): Json => ({
  version: 1,
  policyUrl: '/privacy',
  controller: '',
  purposes: [{ ...COMMON_PURPOSES[0] }],
  vendors: [],
})

/** The presets, by id, with their display names. */
export const PRESETS = Object.keys(presets)
  .sort()
  .map((id) => ({ id, name: presets[id]!.name }))

/** One option a preset asks for: its key, whether it is required, and what it expects. */
export interface OptionField {
  key: string
  required: boolean
  hint: string
  pattern?: string
}

const expected = (schema: Schema | undefined): { hint: string; pattern?: string } => {
  const branch = schema?.pattern ? schema : schema?.anyOf?.find((one) => one.pattern)
  return { hint: String((branch as any)?.['x-expected'] ?? schema?.description ?? ''), pattern: branch?.pattern }
}

/** The options of a preset, required ones first. */
export const optionFields = (preset: string): OptionField[] => {
  const schema = presets[preset]?.options
  const required = schema?.required ?? []
  return Object.entries(schema?.properties ?? {})
    .map(([key, option]) => ({ key, required: required.includes(key), ...expected(option) }))
    .sort((a, b) => Number(b.required) - Number(a.required))
}

/** A vendor entry for a preset, with an id not taken yet and the purpose it usually serves. */
export const presetVendor = (preset: string, manifest: Json): Json => {
  const taken = new Set([...(manifest.purposes ?? []), ...(manifest.vendors ?? [])].map((entry: Json) => entry?.id))
  let id = preset
  for (let n = 2; taken.has(id); n++) id = `${preset}-${n}`
  const purposes: Json[] = manifest.purposes ?? []
  const usual = PRESET_PURPOSE[preset]
  const purpose = purposes.find((one) => one?.id === usual) ?? purposes.find((one) => !one?.required)
  return { id, preset, purposes: purpose ? [purpose.id] : [], options: {} }
}

/** A text of the manifest (plain, or `{ locale: text }`) in `locale`. */
export const textIn = (value: unknown, locale: string): string =>
  typeof value === 'string' ? value : value && typeof value === 'object' ? String((value as Json)[locale] ?? Object.values(value)[0] ?? '') : ''

/** `value` with its text in `locale` replaced: a plain text stays plain. */
export const withTextIn = (value: unknown, locale: string, text: string): unknown =>
  value && typeof value === 'object' && !Array.isArray(value) ? { ...value, [locale]: text } : text

/** The manifest with its stamp, the stamp last (docs/reference.md §3, Stamped manifests). */
export const stamped = (manifest: Json): Json => {
  const { stamp: _old, ...rest } = manifest
  return { ...rest, stamp: stampOf(rest) }
}

/** The file to download: the stamped manifest, two-space indented. */
export const fileText = (manifest: Json): string => JSON.stringify(stamped(manifest), null, 2) + '\n'

/** The tags to paste into every page (README, Quick start for site owners). */
export const scriptTags = (manifest: Json): string => {
  const optional = (manifest.purposes ?? []).find((one: Json) => one && !one.required)
  return [
    '<link rel="preload" href="/consent.json" as="fetch" crossorigin>',
    '<script src="/consentry.js" data-manifest="/consent.json"></script>',
    ...(optional
      ? [
          `<!-- a tag no preset loads: inert until "${optional.id}" is granted -->`,
          `<script type="text/plain" data-consent="${optional.id}" src="https://example.com/tag.js"></script>`,
        ]
      : []),
  ].join('\n')
}
