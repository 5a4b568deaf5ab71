/** See presets.mjs. */
export const presetsDir: string
export const presetHelpers: string[]
export function presetNames(): string[]
export function presetHostsOf(name: string): string[]
