import type { Schema } from '../core/schema'
import type { CookieSpec, Vendor } from '../core/types'
import { hasOwn } from '../core/util'

/** What a preset gets to load, open and shut down its vendor. @internal */
export interface PresetContext {
  window: Window & Record<string, any>
  document: Document
  /** Appends an async `<script src>` carrying the consentry nonce, once per `src` per page. */
  script(src: string, attributes?: Record<string, string>): HTMLScriptElement
}

/**
 * A known vendor: its disclosure facts (shown in the preferences dialog and used for clean-up),
 * the options a manifest must give, and how to load, open and shut it down.
 * Each `src/presets/<id>.ts` exports one; `src/presets/index.ts` lists them.
 * @internal
 */
export interface Preset {
  name: string
  /** ISO 3166-1 alpha-2 country of the vendor's main establishment. */
  country: string
  privacyPolicy: string
  cookies: CookieSpec[]
  storage: string[]
  /** Hosts the vendor's code is served from: nothing may reach them before consent. */
  hosts: string[]
  /** A closed object schema for the manifest's `options` of this preset. */
  options: Schema
  /** A Google tag: Consent Mode is switched on by default and its defaults precede the tag. */
  googleTag?: boolean
  /** A chat widget: the chat launcher stands in for it while its purpose is not granted. */
  chat?: boolean
  /**
   * An embed (video player…): `<iframe data-consent>` naming this vendor always get a contextual
   * placeholder, and their `data-src` passes through `embed` before it is used (e.g. to switch to
   * a privacy-enhanced host).
   */
  embed?(url: string): string
  /** Sets the vendor's strictest privacy settings, then loads it. Called at most once per page. */
  load(options: any, context: PresetContext): void
  /** Opens the vendor's widget for the visitor (chat launcher), after `load`. */
  open?(options: any, context: PresetContext): void
  /** Stops the vendor through its own API when its consent is revoked. */
  shutdown?(options: any, context: PresetContext): void
  /** Starts the vendor again when consent comes back on the page where `shutdown` stopped it. */
  resume?(options: any, context: PresetContext): void
}

/** Presets by the name a manifest gives in `"preset"` (src/presets/index.ts lists them all). @internal */
export type Presets = Record<string, Preset>

/** The preset of a vendor, if it names one the registry holds. @internal */
export const presetOf = (presets: Presets, vendor: Pick<Vendor, 'preset'> | undefined): Preset | undefined =>
  vendor?.preset && hasOwn(presets, vendor.preset) ? presets[vendor.preset] : undefined
