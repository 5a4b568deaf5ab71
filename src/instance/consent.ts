/**
 * The consent instance (docs/reference.md §4): its state, the decisions that change it, and the
 * parts it puts together — the pure rules (rules.ts), the cookie (storage.ts), gated markup
 * (gate.ts), the vendor lifecycle (vendors.ts), cross-tab sync (sync.ts) and Google Consent Mode.
 * docs/architecture.md describes how the script tag assembles it.
 */
import { atom } from 'nanostores'
import type { Check, Consent, ConsentInternals, ConsentState, InstanceOptions, ManifestInput, ManifestResult, Source, View } from '../core/types'
import { createStorage } from './storage'
import { acceptEverything, allowVendor, chooseOnly, recordOf, rejectEverything } from '../core/rules'
import { createVendors } from './vendors'
import { syncTabs } from './sync'
import { gpcEnabled } from '../integrations/gpc'
import { regionOption } from '../regions/option'
import { manifestError } from '../core/errors'
import { guard, isThenable, report } from '../core/util'

export type {
  Check,
  Consent,
  ConsentInternals,
  ConsentOptions,
  ConsentRecord,
  ConsentState,
  InstanceOptions,
  Source,
  View,
} from '../core/types'

import { apply, decide, follow, grantedIn, type Core, type Flip, type Services } from './decide'

export type { Services }
const registry = new WeakMap<Consent, ConsentInternals>()

/** The internals of an instance, for the UI. @internal */
export const internalsOf = (consent: Consent): ConsentInternals | undefined => registry.get(consent)

/** The manifest is known good: everything starts. */
const start = (core: Core, result: ManifestResult): Consent => {
  if (!result.ok) throw manifestError(result.issues)
  const { win, doc, options, internals } = core
  const manifest = (core.manifest = internals.manifest = core.services.forRegion(result.manifest, core.region))
  core.locale = internals.locale = options.locale ?? manifest.defaultLocale
  const storage = (core.storage = createStorage(manifest, win?.location ?? ({ protocol: 'https:' } as Location)))
  const { consentMode } = core.services
  if (manifest.googleConsentMode && win && consentMode) core.gcm = consentMode(manifest.googleConsentMode, win, options.gcmDefault)
  internals.chat = core.vendors.chat(manifest)
  if (doc && options.gate !== false) {
    core.gate = core.services.gate(
      doc,
      core.consent.isGranted,
      options.nonce,
      (element) => core.vendors.prepareEmbed(manifest, element),
      (elements) => core.$placeholders.set(elements),
    )
  }
  let stored = storage.read(options.cookies)
  // The same decision, now known valid for this text of the manifest: restamped so that the
  // next page views skip the validator again.
  if (stored && options.fingerprint && stored.fingerprint !== options.fingerprint)
    stored = storage.write({ ...stored, fingerprint: options.fingerprint }) ?? stored
  apply(core, stored, true)
  doc?.dispatchEvent(new CustomEvent('consentry:ready', { detail: core.$state.get() }))
  return core.consent
}

/** A listener given by the page: a function, or a report and a no-op unsubscribe. */
const listener = <T>(fn: T, subscribe: (fn: T) => () => void): (() => void) =>
  typeof fn === 'function' ? subscribe(fn) : (report('a listener must be a function'), () => {})

/** The public API (docs/reference.md §4): reads are synchronous, and no method throws. */
const publicApi = (core: Core): Consent => {
  const isGranted = (id: string) => grantedIn(core.$state.get(), id)
  const onFlip = (id: string, fn: () => void, granted: boolean) =>
    listener(fn, (fn) =>
      core.$flip.listen((flip) => {
        if (flip && grantedIn(flip.state, id) === granted && grantedIn(flip.before, id) !== granted) guard(fn, undefined)()
      }),
    )
  return {
    ready: null as unknown as Promise<Consent>,
    isGranted: guard(isGranted, false),
    onGranted: guard((id: string, fn: () => void) => {
      const stop = onFlip(id, fn, true)
      if (isGranted(id)) guard(fn, undefined)()
      return stop
    }, () => {}),
    onRevoked: guard((id: string, fn: () => void) => onFlip(id, fn, false), () => {}),
    onChange: guard(
      (fn: (state: ConsentState) => void) =>
        listener(fn, (fn) => core.$changed.listen((state) => state && guard(fn, undefined)(state))),
      () => {},
    ),
    acceptAll: guard(() => decide(core, acceptEverything, 'api'), undefined),
    rejectAll: guard(() => decide(core, () => rejectEverything, 'api'), undefined),
    set: guard((choices: Record<string, boolean>) => core.internals.choose(choices, 'api'), undefined),
    hasDecided: () => core.decision !== null,
    record: guard(() => (core.decision && core.manifest ? recordOf(core.manifest, core.decision, core.gpc, core.region) : null), null),
    reset: guard(() => {
      if (!core.manifest || !core.storage) return
      core.storage.remove()
      apply(core, null)
      core.tabs.post()
      core.internals.$view.set('banner')
    }, undefined),
    cleanedUp: () => core.services.cleanedUp?.() ?? Promise.resolve(),
    showBanner: () => core.internals.$view.set('banner'),
    showPreferences: () => core.internals.$view.set('preferences'),
    hide: () => core.internals.$view.set('none'),
    $state: core.$state,
    // The script tag's queue snippet works after the loader ran too (docs/reference.md §1).
    push: guard((fn: (consent: Consent) => void) => {
      if (typeof fn !== 'function') return report('push() takes a function')
      core.consent.ready.then(guard(fn, undefined), () => {})
    }, undefined),
  }
}

/** What the UI and the loader use beyond the public API. */
const internalApi = (core: Core): Omit<ConsentInternals, 'consent'> => ({
  manifest: null,
  locale: core.locale,
  nonce: core.options.nonce,
  $view: atom<View>('none'),
  $placeholders: core.$placeholders,
  choices: () => ({
    purposes: { ...core.$state.get().purposes },
    vendors: Object.fromEntries(core.manifest?.vendors.map((v) => [v.id, !core.decision?.off.includes(v.id)]) ?? []),
  }),
  choose: guard((choices: Record<string, boolean>, source: Source) => {
    if (typeof choices !== 'object' || choices === null) return report('set() takes an object of id → boolean')
    const unknown = (id: string) => report(`set(): unknown purpose or vendor "${id}"`)
    decide(core, (manifest) => chooseOnly(manifest, choices, unknown, core.$state.get().vendors), source)
  }, undefined),
  acceptAll: guard((source: Source) => decide(core, acceptEverything, source), undefined),
  rejectAll: guard((source: Source) => decide(core, () => rejectEverything, source), undefined),
  allow: guard((vendorId: string, source: Source) => {
    const vendor = core.manifest?.vendors.find((v) => v.id === vendorId)
    if (!vendor) return report(`unknown vendor "${vendorId}"`)
    decide(core, (manifest) => allowVendor(manifest, vendor, core.$state.get().vendors), source)
  }, undefined),
  open: guard((vendorId: string) => {
    const vendor = core.manifest?.vendors.find((v) => v.id === vendorId)
    if (vendor && grantedIn(core.$state.get(), vendorId)) core.vendors.open(vendor)
  }, undefined),
  chat: [],
  ui: false,
  stop() {
    core.gate?.stop()
    core.tabs.stop()
  },
})

/** Reads the manifest (an object at once, a promise when it settles), checks it, and starts. */
const whenReady = (core: Core, manifest: ManifestInput | PromiseLike<unknown>, check: Check): Promise<Consent> => {
  const failed = (error: any): never => {
    throw error?.issues
      ? error
      : manifestError([{ path: '(manifest)', message: `could not be loaded: ${error?.message ?? error}` }])
  }
  const run = (input: unknown): Consent | PromiseLike<Consent> => {
    const result = check(input)
    return isThenable(result) ? Promise.resolve(result).then((result) => start(core, result), failed) : start(core, result)
  }
  // A manifest object is read at once, so `createConsent(m).acceptAll()` just works; a promise
  // (the script tag's fetch) is awaited.
  const ready = isThenable(manifest) ? Promise.resolve(manifest).then(run, failed) : new Promise<Consent>((resolve) => resolve(run(manifest)))
  // Handled here, so a rejected `ready` never surfaces as an unhandled rejection (docs/reference.md §4).
  ready.catch((error: Error) => {
    core.$state.set({ ...core.$state.get(), status: 'error' })
    // A manifest error's message carries the prefix already.
    report(String(error?.message ?? error).replace(/^\[consentry\] /, ''))
  })
  return ready
}

/**
 * The instance behind `createConsent` and the script tag, with the manifest check and the
 * services left to the caller, so that the script tag need carry neither the validator nor every
 * preset. @internal
 */
/* @__NO_SIDE_EFFECTS__ */
export function createInstance(
  manifest: ManifestInput | PromiseLike<unknown>,
  options: InstanceOptions,
  check: Check,
  services: Services,
): Consent {
  const win = typeof window === 'undefined' ? undefined : window
  const gpc = gpcEnabled(win?.navigator)
  const region = regionOption(options.region)
  const core = {
    win,
    doc: win?.document,
    gpc,
    region,
    options,
    services,
    $state: atom<ConsentState>({ status: 'loading', decided: false, gpc, ...(region && { region }), purposes: {}, vendors: {} }),
    $flip: atom<Flip | null>(null),
    $changed: atom<ConsentState | null>(null),
    $placeholders: atom<Element[]>([]),
    manifest: null,
    storage: null,
    decision: null,
    locale: options.locale ?? 'en',
    gate: null,
    gcm: null,
    vendors: createVendors(services.presets, options.nonce, services.forget, (id) => core.consent.isGranted(id)),
  } as Omit<Core, 'consent' | 'internals' | 'tabs'> as Core
  core.tabs = syncTabs(core.doc, () => follow(core))
  core.consent = publicApi(core)
  core.internals = { consent: core.consent, ...internalApi(core) }
  registry.set(core.consent, core.internals)
  core.consent.ready = whenReady(core, manifest, check)
  return core.consent
}
