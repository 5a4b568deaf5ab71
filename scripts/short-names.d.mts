/** See short-names.mjs. */
import type { Plugin } from 'rollup'

export interface Names {
  classes: Record<string, string>
  properties: Record<string, string>
}
export interface ShortMaps {
  classes: Map<string, string>
  properties: Map<string, string>
}
export function shortName(index: number): string
export function readNames(source: string): Names
export function shortMaps(names: Names): ShortMaps
export function shortenCss(code: string, maps: ShortMaps): string
export function classesModule(names: Names, maps: ShortMaps): string
export function shortNames(): Plugin
