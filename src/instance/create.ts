import { createInstance, internalsOf, type Consent, type ConsentOptions, type Services } from './consent'
import type { Check, Manifest, ManifestInput, ManifestResult } from '../core/types'
import type { Preset, Presets } from '../presets/preset'
import type { createGate, Gate } from './gate'
import type { forget as Forget } from './forget'
import type { sendReceipt as SendReceipt } from '../integrations/receipts'
import { presetLoaders, presetOfModule } from '../presets/lazy'
import { normalize } from '../manifest/normalize'
import { isStamped } from '../core/stamp'
import { rememberUndecided } from './hydration'
import { elementsIn, hasAttributeOf, hasOwn, nodeTypeOf, report } from '../core/util'

/*
 * What `createConsent` loads on first need, by `import()` so that a bundler splits it off
 * (docs/architecture.md, Bundlers). Before the instance starts: each preset the manifest names,
 * the validator for a manifest without a valid stamp (docs/reference.md §1), the rules per region,
 * Google Consent Mode for a manifest that switches it on, gated markup for a page that has some,
 * receipts for a manifest with `log`, the clean-up for one with `reloadOnRevoke`. Later: gated
 * markup when the page first adds some, the clean-up at the first revocation. Loaded once per
 * page; an instance created once they are in starts at once, and a decision never waits for them.
 */
const loaded: Presets = {}
let validate: ((input: unknown) => ManifestResult) | undefined
let forRegion: ((manifest: Manifest, region: string | undefined) => Manifest) | undefined
let gate: typeof createGate | undefined
let forget: typeof Forget | undefined
let receipts: typeof SendReceipt | undefined
const loadRegions = () => import('../regions/for-region').then((module) => (forRegion = module.forRegion))
const loadGate = () => import('./gate').then((module) => (gate = module.createGate))
const loadForget = () => import('./forget').then((module) => (forget = module.forget))
const loadReceipts = () => import('../integrations/receipts').then((module) => (receipts = module.sendReceipt))
const loadConsentMode = () =>
  import('../integrations/google-consent-mode').then((module) => (services.consentMode = module.createGoogleConsentMode))

/** The validator with a registry of every preset's name, and the presets loaded so far. */
const loadValidator = () =>
  import('../manifest/validator').then(({ validatorFor }) => {
    const registry: Presets = {}
    for (const name of Object.keys(presetLoaders)) registry[name] = STUB
    validate ??= (input) => validatorFor(Object.assign(registry, loaded))(input)
  })
/** A preset the manifest does not name is never checked against its `options`: a name is enough. */
const STUB = { options: { type: 'object' } } as unknown as Preset

/** A preset; a Google tag's brings Consent Mode along, which it switches on. */
const loadPreset = (name: string) =>
  presetLoaders[name]!().then(
    (module): unknown => (loaded[name] = presetOfModule(module)).googleTag && !services.consentMode && loadConsentMode(),
  )

/** The known presets a manifest names. */
const presetsNamed = (input: any): string[] =>
  Array.isArray(input?.vendors)
    ? [...new Set<string>(input.vendors.map((vendor: any) => vendor?.preset))].filter(
        (name) => typeof name === 'string' && hasOwn(presetLoaders, name),
      )
    : []

const GATED = '[data-consent]'
const hasGated = () => typeof document !== 'undefined' && !!document.querySelector(GATED)

/** Whether a manifest switches Consent Mode on, itself or in a region (docs/reference.md §7). */
const usesConsentMode = (manifest: Manifest) =>
  !!manifest.googleConsentMode || Object.values(manifest.regions).some((region) => region.googleConsentMode)

/** The check of `createConsent`: at once when everything it needs is in, else once it is. */
const checkWith =
  (gated: boolean): Check =>
  (input: any) => {
    const stamped = isStamped(input)
    const run = (): ManifestResult | Promise<ManifestResult> => {
      const result = stamped ? { ok: true as const, manifest: normalize(input, loaded) } : validate!(input)
      return result.ok && !services.consentMode && usesConsentMode(result.manifest)
        ? loadConsentMode().then(() => result)
        : result
    }
    const needs = [
      ...presetsNamed(input)
        .filter((name) => !hasOwn(loaded, name))
        .map(loadPreset),
      !stamped && !validate && loadValidator(),
      // The rules per region, for a manifest that has any (docs/reference.md §10).
      !forRegion && Object.keys(input?.regions ?? {}).length > 0 && loadRegions(),
      gated && !gate && hasGated() && loadGate(),
      input?.log && !receipts && loadReceipts(),
      // A reload right after a revocation leaves no time to fetch the clean-up.
      input?.reloadOnRevoke && !forget && loadForget(),
    ].filter(Boolean)
    return needs.length ? Promise.all(needs).then(run) : run()
  }

/** An element a page added that is gated, or holds gated elements. */
const gatedNode = (node: Node) =>
  nodeTypeOf(node) === 1 &&
  (hasAttributeOf(node as Element, 'data-consent') || [...elementsIn(node as Element, GATED)].length > 0)

/** Gated markup: at once when its module is in, else as soon as the page has any. */
const lazyGate: typeof createGate = (document, ...rest) => {
  if (gate) return gate(document, ...rest)
  let real: Gate | undefined
  let stopped = false
  const observer = new MutationObserver(
    (records) => records.some((record) => [...record.addedNodes].some(gatedNode)) && found(),
  )
  const found = () => {
    observer.disconnect()
    loadGate().then(() => stopped || (real = gate!(document, ...rest)).update(), report)
  }
  if (hasGated()) found()
  else observer.observe(document.documentElement, { childList: true, subtree: true })
  return {
    update: () => real?.update(),
    stop() {
      stopped = true
      observer.disconnect()
      real?.stop()
    },
  }
}

let cleaning: Promise<unknown> = Promise.resolve()

const services: Services = {
  presets: loaded,
  gate: lazyGate,
  // At once when the clean-up is in, else once it is: `cleanedUp()` tells when (docs/reference.md §4).
  forget({ cookies, storage }, window, refused) {
    if (forget) return forget(cookies, storage, window)
    if (!cookies.length && !storage.length) return
    const { pathname } = window.location
    const done = loadForget().then(() => refused() && forget!(cookies, storage, window, pathname))
    cleaning = Promise.all([cleaning, done.catch(report)])
  },
  cleanedUp: () => cleaning.then(() => {}),
  sendReceipt: (endpoint, receipt, window) =>
    receipts
      ? receipts(endpoint, receipt, window)
      : void loadReceipts().then((send) => send(endpoint, receipt, window), report),
  // Without its module only a manifest without `regions` gets here: it applies as it is.
  forRegion: (manifest, region) => (forRegion ? forRegion(manifest, region) : manifest),
}

/**
 * Loads the validator, every preset and every other module now, so that instances created
 * afterwards start at once (tests; a page that creates instances repeatedly). @internal
 */
export const preloadAll = (): Promise<unknown> =>
  Promise.all([
    loadValidator(),
    loadRegions(),
    loadGate(),
    loadForget(),
    loadReceipts(),
    loadConsentMode(),
    ...Object.keys(presetLoaders).map(loadPreset),
  ])

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
  const consent = createInstance(manifest, options, checkWith(options.gate !== false), services)
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
