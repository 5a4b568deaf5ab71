/**
 * The script tag's manifest (docs/architecture.md, First visit and Returning visit): reading it,
 * fetching the presets, rules per region and Google Consent Mode it needs, and checking it — with
 * the validator only when neither a stored decision nor its own stamp says it was valid already.
 */
import type { Services } from '../instance/consent'
import type { Check, Manifest, ManifestResult } from '../core/types'
import type { Preset, Presets } from '../presets/preset'
import { nextTask, type Load } from './chunk'
import { bare, normalize } from '../manifest/normalize'
import { decode, fingerprint, readCookie } from '../instance/storage'
import { isStamped } from '../core/stamp'
import { documentCookie } from './cookies'
import { googlePresets, presetNames } from 'virtual:preset-names'

/**
 * The inline `#consentry-manifest`. When consentry's tag has a nonce, only a manifest tag with the
 * same nonce counts: markup injected before the real one cannot take its place
 * (docs/reference.md, Content Security Policy).
 */
const inlineManifest = (nonce: string | undefined): string => {
  const element = Array.from(document.querySelectorAll<HTMLElement>('[id="consentry-manifest"]')).find(
    (tag) => nonce === undefined || tag.nonce === nonce,
  )
  if (!element)
    throw new Error(`no data-manifest attribute and no <script type="application/json" id="consentry-manifest"${nonce ? ' nonce' : ''}>`)
  return element.textContent ?? ''
}

/** The manifest's text: fetched from `data-manifest`, or the inline `#consentry-manifest`. */
const readManifest = (script: HTMLScriptElement | null, nonce: string | undefined): Promise<string> => {
  const url = script?.getAttribute('data-manifest')
  if (url)
    // No RequestInit (credentials are same-origin by default): a page's polluted
    // `Object.prototype.mode` or `.method` would be read from it and break the request.
    return fetch(new URL(url, document.baseURI)).then((response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`)
      return response.text()
    })
  const inline = () => inlineManifest(nonce)
  return document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true })).then(inline)
    : Promise.resolve().then(inline)
}

const parse = (text: string): any => {
  try {
    return JSON.parse(text.trim()) // trim() drops a byte order mark, as fetch does
  } catch (error) {
    throw new Error(`the manifest is not valid JSON: ${(error as Error).message}`)
  }
}

/** The rules per region (src/regions/for-region.ts), in their own chunk. */
type ForRegion = Services['forRegion']

/** A manifest with `regions` to apply: anything else has no rules per region to fetch. */
const hasRegions = (input: any): boolean => Object.keys(input?.regions ?? {}).length > 0

/** The known presets a manifest names, each once: their chunks are fetched as soon as it is read. */
const presetsNamed = (input: any): string[] =>
  Array.isArray(input?.vendors)
    ? [...new Set<string>(input.vendors.map((vendor: any) => vendor?.preset))].filter((name) =>
        presetNames.includes(name),
      )
    : []

/**
 * Where Google Consent Mode comes from, for a manifest that may use it (docs/reference.md §7): the
 * chunk of a Google preset it names, which carries it, or `consentry-gcm.js`; `null` for none.
 */
const consentModeFile = (input: any, named: string[]): string | null => {
  const google = named.find((name) => googlePresets.includes(name))
  if (google) return `presets/${google}.js`
  const regions: any[] = Object.values(input?.regions ?? {})
  return input?.googleConsentMode || regions.some((region) => region?.googleConsentMode) ? 'consentry-gcm.js' : null
}

const isList = (value: unknown, each: (item: any) => unknown): boolean => Array.isArray(value) && value.every(each)
const isString = (value: unknown) => typeof value === 'string'

/**
 * What the rest of the loader relies on, for a manifest that skips the validator: a manifest
 * stamped by hand over broken content is validated after all, and fails closed there.
 */
const wellFormed = (manifest: Manifest): boolean =>
  Number.isInteger(manifest.version) &&
  isString(manifest.cookie?.name) &&
  typeof manifest.cookie.days === 'number' &&
  typeof manifest.ui === 'object' &&
  isList(manifest.purposes, (purpose) => isString(purpose?.id)) &&
  isList(
    manifest.vendors,
    (vendor) =>
      isString(vendor?.id) &&
      isList(vendor.purposes, isString) &&
      isList(vendor.cookies, (cookie) => isString(cookie?.name)) &&
      isList(vendor.storage, isString),
  )

/** For the validator: every preset name, the ones this manifest names with their real facts. */
const STUB = { options: { type: 'object' } } as unknown as Preset

/**
 * The manifest, its presets and its check. A manifest whose exact text a stored decision was
 * taken with was valid then, and one that carries the stamp of its own content was valid when it
 * was stamped: only other manifests need the validator (docs/architecture.md). Anything else
 * fails closed as usual.
 * @internal
 */
export const manifestPipeline = (
  script: HTMLScriptElement | null,
  load: Load,
  options: { nonce?: string; locale?: string; fingerprint?: string; cookies?: string },
  /** Reads the page's cookies (src/browser/cookies.ts): once the manifest's request is on its way. */
  cookiesOf: () => Promise<string>,
  read: (input: any) => void,
) => {
  let regions: ForRegion | undefined
  const services: Pick<Services, 'presets' | 'consentMode' | 'forRegion'> = {
    presets: {},
    // Without its chunk only a manifest without `regions` gets here: it applies as it is.
    forRegion: (manifest, region) => (regions ? regions(manifest, region) : manifest),
  }
  const { presets } = services
  let presetsReady: Promise<unknown> = Promise.resolve()
  let jar: string | undefined
  const manifest = readManifest(script, options.nonce).then((text) => {
    // Not waited for: a manifest that is in first reads `document.cookie` after all.
    options.cookies = jar ?? documentCookie()
    const input = parse(text)
    options.fingerprint = fingerprint(text)
    read(input)
    const named = presetsNamed(input)
    const gcm = consentModeFile(input, named)
    presetsReady = Promise.all([
      ...named.map((name) => load<Preset>(`presets/${name}.js`, `preset:${name}`).then((preset) => (presets[name] = preset))),
      // The rules per region come with the presets, for a manifest that has any.
      hasRegions(input) && load<ForRegion>('consentry-regions.js', 'regions').then((fn) => (regions = fn)),
      gcm && load<Services['consentMode']>(gcm, 'gcm').then((fn) => (services.consentMode = fn)),
    ])
    return input
  })
  const cookies = cookiesOf()
  cookies.then((value) => (jar = value))
  // The validator asks as it starts for `normalize` and the registry: every preset's name, and
  // the presets the manifest names once they arrive.
  const all: Presets = {}
  const validate = (input: unknown) => {
    Object.assign(all, Object.fromEntries(presetNames.map((name) => [name, STUB])))
    document.addEventListener(
      'consentry:loader',
      (event) => Object.assign((event as CustomEvent).detail, { presets: all, bare, normalize }),
      { once: true },
    )
    // Validated in a task of its own, neither the one that evaluated a chunk nor the one that starts.
    return Promise.all([load<(input: unknown) => ManifestResult>('consentry-check.js', 'check'), presetsReady])
      .then(([validate]) => nextTask().then(() => (Object.assign(all, presets), validate(input))))
      .then((result) => nextTask().then(() => result))
  }
  const check: Check = (input: any) => {
    const stored = decode(readCookie(typeof input?.cookie?.name === 'string' ? input.cookie.name : 'consentry', options.cookies))
    if (!(stored && stored.version === (input.version ?? 1) && stored.fingerprint === options.fingerprint) && !isStamped(input))
      return validate(input)
    return presetsReady.then((): ManifestResult | Promise<ManifestResult> => {
      try {
        const manifest = normalize(input, presets)
        if (wellFormed(manifest)) return { ok: true, manifest }
      } catch {}
      return validate(input)
    })
  }
  return { manifest, check, services, cookies }
}
