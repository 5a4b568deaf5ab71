import type { Preset } from './preset'

/**
 * Every vendor preset, by the id a manifest names in `"preset"`. Add a preset by writing
 * `src/presets/<id>.ts` and listing it here; the manifest schema and validation follow.
 * @internal
 */
export const presets: Record<string, Preset> = {}
