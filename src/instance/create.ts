import { createInstance, internalsOf, type Consent, type ConsentOptions, type Services } from './consent'
import type { Check, Manifest, ManifestInput, ManifestResult } from '../core/types'
import type { Preset, Presets } from '../presets/preset'
import { presetLoaders } from '../presets/lazy'
import { normalize } from '../manifest/normalize'
import { isStamped } from '../core/stamp'
import { forget } from './forget'
import { rememberUndecided } from './hydration'
import { hasOwn, report } from '../core/util'
import { sendReceipt } from '../integrations/receipts'
import { createGoogleConsentMode } from '../integrations/google-consent-mode'

/*
 * What `createConsent` loads on first need, by `import()` so that a bundler splits it off
 * (docs/architecture.md, Bundlers): each preset the manifest names, the validator for a manifest
 * without a valid stamp (docs/reference.md §1), and the rules per region. Loaded once per page; an instance
 * created once they are in starts at once.
 */
const loaded: Presets = {}
let validate: ((input: unknown) => ManifestResult) | undefined
let forRegion: ((manifest: Manifest, region: string | undefined) => Manifest) | undefined
const loadRegions = () => import('../regions/for-region').then((module) => (forRegion = module.forRegion))

/** The validator with a registry of every preset's name, and the presets loaded so far. */
const loadValidator = () =>
  import('../manifest/validator').then(({ validatorFor }) => {
    const registry: Presets = {}
    for (const name of Object.keys(presetLoaders)) registry[name] = STUB
    validate ??= (input) => validatorFor(Object.assign(registry, loaded))(input)
  })
/** A preset the manifest does not name is never checked against its `options`: a name is enough. */
const STUB = { options: { type: 'object' } } as unknown as Preset

const loadPreset = (name: string) => presetLoaders[name]!().then((preset) => (loaded[name] = preset))

/** The known presets a manifest names. */
const presetsNamed = (input: any): string[] =>
  Array.isArray(input?.vendors)
    ? [...new Set<string>(input.vendors.map((vendor: any) => vendor?.preset))].filter(
        (name) => typeof name === 'string' && hasOwn(presetLoaders, name),
      )
    : []

/** The check of `createConsent`: at once when everything it needs is in, else once it is. */
const check: Check = (input) => {
  const stamped = isStamped(input)
  const run = (): ManifestResult => (stamped ? { ok: true, manifest: normalize(input as ManifestInput, loaded) } : validate!(input))
  const missing = presetsNamed(input).filter((name) => !hasOwn(loaded, name))
  // The rules per region, for a manifest that has any (docs/reference.md §10).
  const regions = !forRegion && Object.keys((input as ManifestInput | null)?.regions ?? {}).length > 0
  if (!missing.length && (stamped || validate) && !regions) return run()
  return Promise.all([...missing.map(loadPreset), !stamped && !validate && loadValidator(), regions && loadRegions()]).then(run)
}

const services: Services = {
  presets: loaded,
  forget: (vendor, window) => forget(vendor.cookies, vendor.storage, window),
  sendReceipt,
  consentMode: createGoogleConsentMode,
  // Without its module only a manifest without `regions` gets here: it applies as it is.
  forRegion: (manifest, region) => (forRegion ? forRegion(manifest, region) : manifest),
}

/**
 * Loads the validator and every preset now, so that instances created afterwards start at once
 * (tests; a page that creates instances repeatedly). @internal
 */
export const preloadAll = (): Promise<unknown> => Promise.all([loadValidator(), loadRegions(), ...Object.keys(presetLoaders).map(loadPreset)])

/**
 * Creates a consent manager from a manifest (or a promise of one). It is the same object as the
 * script tag's `window.consent`; it activates the page's `[data-consent]` markup by itself.
 * The presets the manifest names, and the validator unless the manifest is stamped
 * (`consentry validate --stamp`), are loaded on first need: `ready` settles once they are in, and
 * decisions taken before wait for it (docs/reference.md §11).
 * @example
 * import { createConsent } from 'consentry'
 * const consent = createConsent(manifest)
 * consent.onGranted('analytics', () => import('./analytics'))
 */
/* @__NO_SIDE_EFFECTS__ */
export function createConsent(manifest: ManifestInput | PromiseLike<unknown>, options: ConsentOptions = {}): Consent {
  const consent = createInstance(manifest, options, check, services)
  rememberUndecided(consent, manifest)
  // The script tag always has its UI; here it is mountUI's, and without it these calls say so.
  const internals = internalsOf(consent)!
  for (const name of ['showBanner', 'showPreferences'] as const) {
    const show = consent[name]
    consent[name] = () => {
      if (!internals.ui) report(`${name}() shows nothing: no UI is mounted. Call mountUI(consent) from consentry/ui in the browser`)
      show()
    }
  }
  return consent
}
