/**
 * The consent instance (docs/reference.md §4): its state, the decisions that change it, and the
 * parts it puts together — the pure rules (rules.ts), the cookie (storage.ts), gated markup
 * (gate.ts), the vendor lifecycle (vendors.ts), cross-tab sync (sync.ts) and Google Consent Mode.
 * docs/architecture.md describes how the script tag assembles it.
 */
import { atom } from 'nanostores'
import type {
  Check,
  Consent,
  ConsentInternals,
  ConsentState,
  Decision,
  InstanceOptions,
  Manifest,
  ManifestInput,
  ManifestResult,
  Source,
  Vendor,
  View,
} from './types'
import type { Presets } from './presets/preset'
import type { Receipt } from './integrations/receipts'
import { createStorage, encode, newConsentId, type Storage } from './storage'
import { createGate, type Gate } from './gate'
import { acceptEverything, allowVendor, chooseOnly, grantsOf, nextDecision, recordOf, rejectEverything, type Change } from './rules'
import { createVendors, type Vendors } from './vendors'
import { syncTabs, type TabSync } from './sync'
import { gpcEnabled } from './integrations/gpc'
import type { createGoogleConsentMode } from './integrations/google-consent-mode'
import { regionOption } from './region-option'
import { manifestError } from './errors'
import { guard, hasOwn, isThenable, report } from './util'

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
} from './types'

/** What an instance uses that the script tag fetches only when needed (docs/architecture.md, Chunks). @internal */
export interface Services {
  /** Every preset the manifest names, by name. */
  presets: Presets
  /** Deletes a revoked vendor's cookies and storage, now or once its chunk is in (`cleanedUp`). */
  forget(vendor: Vendor, window: Window): void
  /** Resolves once every clean-up `forget` started has finished. */
  cleanedUp?(): Promise<void>
  /** Google Consent Mode (src/integrations/google-consent-mode.ts), for a manifest that uses it. */
  consentMode?: typeof createGoogleConsentMode
  /** Sends a consent receipt once, never throwing. */
  sendReceipt(endpoint: string, receipt: Receipt, window: Window): void
  /** The manifest as it applies to a visitor from `region` (`forRegion`, src/regions.ts). */
  forRegion(manifest: Manifest, region: string | undefined): Manifest
}

/** A change of the state, as the per-id listeners see it. */
interface Flip {
  before: ConsentState
  state: ConsentState
}

/** One instance's parts and the state they share. */
interface Core {
  win: Window | undefined
  doc: Document | undefined
  gpc: boolean
  /** The visitor's region as the site gave it (docs/reference.md §10). */
  region: string | undefined
  options: InstanceOptions
  services: Services
  consent: Consent
  internals: ConsentInternals
  $state: ReturnType<typeof atom<ConsentState>>
  $flip: ReturnType<typeof atom<Flip | null>>
  $changed: ReturnType<typeof atom<ConsentState | null>>
  $placeholders: ReturnType<typeof atom<Element[]>>
  manifest: Manifest | null
  storage: Storage | null
  decision: Decision | null
  locale: string
  gate: Gate | null
  gcm: ReturnType<typeof createGoogleConsentMode> | null
  vendors: Vendors
  tabs: TabSync
}

const registry = new WeakMap<Consent, ConsentInternals>()

/** The internals of an instance, for the UI. @internal */
export const internalsOf = (consent: Consent): ConsentInternals | undefined => registry.get(consent)

/** Own entries only: `constructor`, `toString` or a polluted prototype is never a grant. */
const grantedIn = ({ purposes, vendors }: ConsentState, id: string): boolean =>
  hasOwn(purposes, id) ? purposes[id]! : hasOwn(vendors, id) && vendors[id]!

/** Moves to a new decision: state, Google, gated markup, listeners, vendors, events. */
const apply = (core: Core, next: Decision | null, initial = false) => {
  const manifest = core.manifest!
  const before = core.$state.get()
  core.decision = next
  const { purposes, vendors } = grantsOf(manifest, next, core.gpc)
  const state: ConsentState = {
    status: 'ready',
    decided: next !== null,
    gpc: core.gpc,
    ...(core.region && { region: core.region }),
    purposes,
    vendors,
  }
  core.$state.set(state)
  core.gcm?.update((id) => grantedIn(state, id))
  core.gate?.update()
  core.$flip.set({ before, state })
  core.vendors.sync(manifest, before.vendors, vendors)
  if (initial) return
  core.$changed.set(state)
  core.doc?.dispatchEvent(new CustomEvent('consentry:change', { detail: state }))
  const lost = (was: Record<string, boolean>, now: Record<string, boolean>) => Object.keys(was).some((id) => was[id] && !now[id])
  if (manifest.reloadOnRevoke && (lost(before.purposes, purposes) || lost(before.vendors, vendors))) core.win?.location.reload()
}

/** Saves the decision `change` makes of the current one, then applies it. */
const decide = (core: Core, change: (manifest: Manifest) => Change, source: Source): void => {
  const { manifest, storage, win } = core
  if (!manifest || !storage) {
    if (core.$state.get().status === 'loading') core.consent.ready.then(() => decide(core, change, source), () => {})
    else report('no decision can be saved: the manifest is invalid')
    return
  }
  const next = nextDecision(manifest, core.$state.get().purposes, core.decision, change(manifest), {
    id: core.decision?.id ?? newConsentId(),
    source,
    gpc: core.gpc,
    locale: core.locale,
    fingerprint: core.options.fingerprint ?? '',
    now: Date.now(),
  })
  const saved = storage.write(next)
  // What the cookie holds is what every tab and the next page view get: this one too.
  if (saved !== next)
    report(
      'the decision is too large for a cookie; ' +
        (saved
          ? `it is stored shortened, granting less (purposes: ${saved.purposes.join(', ') || 'none'})`
          : 'it holds for this page view only'),
    )
  apply(core, saved ?? next)
  core.internals.$view.set('none')
  core.tabs.post()
  if (manifest.log && win)
    core.services.sendReceipt(
      manifest.log.endpoint,
      { ...recordOf(manifest, saved ?? next, core.gpc, core.region), url: win.location.href, gpc: (saved ?? next).gpc },
      win,
    )
}

/** Another tab decided (or reset): the cookie is the truth, read it again; the banner follows. */
const follow = (core: Core): boolean => {
  if (!core.manifest || !core.storage) return false
  const before = core.decision
  const stored = core.storage.read()
  // Compared whole: two tabs deciding in the same second keep the same consent id and timestamp.
  if ((stored && encode(stored)) === (before && encode(before))) return false
  apply(core, stored)
  const { $view } = core.internals
  if (!stored) $view.set('banner')
  else if ($view.get() === 'banner') $view.set('none')
  return true
}

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
    core.gate = createGate(doc, core.consent.isGranted, options.nonce, (element) =>
      core.vendors.prepareEmbed(manifest, element),
    )
    core.gate.$placeholders.subscribe((elements) => core.$placeholders.set([...elements]))
  }
  let stored = storage.read()
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
    vendors: createVendors(services.presets, options.nonce, services.forget),
  } as Omit<Core, 'consent' | 'internals' | 'tabs'> as Core
  core.tabs = syncTabs(core.doc, () => follow(core))
  core.consent = publicApi(core)
  core.internals = { consent: core.consent, ...internalApi(core) }
  registry.set(core.consent, core.internals)
  core.consent.ready = whenReady(core, manifest, check)
  return core.consent
}
