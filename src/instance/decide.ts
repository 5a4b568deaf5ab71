/**
 * How an instance moves from one decision to the next (docs/reference.md §4): the parts it puts
 * together (`Core`), saving a decision and applying it to the state, Google Consent Mode, gated
 * markup, listeners and vendors, and following another tab's decision. `consent.ts` builds the
 * instance and its API on top. @internal
 */
import type { atom } from 'nanostores'
import type { Consent, ConsentInternals, ConsentState, Decision, InstanceOptions, Manifest, Source, Vendor } from '../core/types'
import type { Presets } from '../presets/preset'
import type { Receipt } from '../integrations/receipts'
import { encode, newConsentId, type Storage } from './storage'
import type { createGate, Gate } from './gate'
import { grantsOf, nextDecision, recordOf, type Change } from '../core/rules'
import type { Vendors } from './vendors'
import type { TabSync } from './sync'
import type { createGoogleConsentMode } from '../integrations/google-consent-mode'
import { hasOwn, report } from '../core/util'

/** What an instance uses that the script tag fetches only when needed (docs/architecture.md, Chunks). @internal */
export interface Services {
  /** Every preset the manifest names, by name. */
  presets: Presets
  /**
   * Deletes a revoked vendor's cookies and storage, now or once its chunk is in (`cleanedUp`);
   * not if `refused()` says the vendor was granted again meanwhile, when its cookies are its own.
   */
  forget(vendor: Vendor, window: Window, refused: () => boolean): void
  /** Resolves once every clean-up `forget` started has finished. */
  cleanedUp?(): Promise<void>
  /** Gated markup (src/instance/gate.ts): given by the script tag, loaded on first need by `createConsent`. */
  gate: typeof createGate
  /** Google Consent Mode (src/integrations/google-consent-mode.ts), for a manifest that uses it. */
  consentMode?: typeof createGoogleConsentMode
  /** Sends a consent receipt once, never throwing. */
  sendReceipt(endpoint: string, receipt: Receipt, window: Window): void
  /** The manifest as it applies to a visitor from `region` (`forRegion`, src/regions/for-region.ts). */
  forRegion(manifest: Manifest, region: string | undefined): Manifest
}

/** A change of the state, as the per-id listeners see it. */
export interface Flip {
  before: ConsentState
  state: ConsentState
}

/** One instance's parts and the state they share. */
export interface Core {
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


/** Own entries only: `constructor`, `toString` or a polluted prototype is never a grant. */
export const grantedIn = ({ purposes, vendors }: ConsentState, id: string): boolean =>
  hasOwn(purposes, id) ? purposes[id]! : hasOwn(vendors, id) && vendors[id]!

/** Moves to a new decision: state, Google, gated markup, listeners, vendors, events. */
export const apply = (core: Core, next: Decision | null, initial = false) => {
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
export const decide = (core: Core, change: (manifest: Manifest) => Change, source: Source): void => {
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
export const follow = (core: Core): boolean => {
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

