/**
 * What the framework bindings render while hydrating (docs/reference.md §11): the state the server
 * rendered with, so that the browser's first render matches the server's HTML whatever the visitor
 * decided before; the visitor's decision follows at once. Shared by consentry/react and consentry/vue.
 */
import type { Consent, ConsentState, ManifestInput, ServerConsent } from '../core/types'
import type { ConsentQueue } from '../core/global'
import { grantsOf } from '../core/rules'
import { hasOwn, isThenable } from '../core/util'

/** What the server knew of the decision, as `readConsent` returns it: the part the bindings use. */
export type InitialDecision = Pick<ServerConsent, 'decided' | 'purposes' | 'vendors'>

/** Nothing known yet: the script tag's instance before it is read, or a manifest given as a promise. @internal */
export const LOADING: ConsentState = Object.freeze({ status: 'loading', decided: false, gpc: false, purposes: {}, vendors: {} })

const undecided = new WeakMap<Consent, ConsentState>()

/**
 * The state a server renders for a manifest, with no request to read: no decision, so required
 * purposes granted and the others only in `opt-out` mode. The same on the server and in the
 * browser, since it depends on the manifest alone. @internal
 */
export const rememberUndecided = (consent: Consent, manifest: ManifestInput | PromiseLike<unknown>): void => {
  if (isThenable(manifest)) return
  try {
    const { purposes, vendors } = grantsOf({ ...manifest, vendors: manifest.vendors ?? [] } as never, null, false)
    undecided.set(consent, { status: 'ready', decided: false, gpc: false, purposes, vendors })
  } catch {
    // A manifest the validator will refuse: the loading state, nothing granted.
  }
}

/** The state to hydrate with: the application's `initial`, else the manifest's undecided state. @internal */
export const serverStateOf = (consent: Consent | undefined, initial?: InitialDecision | null): ConsentState =>
  initial
    ? { status: 'ready', decided: !!initial.decided, gpc: false, purposes: { ...initial.purposes }, vendors: { ...initial.vendors } }
    : ((consent && undecided.get(consent)) ?? LOADING)

/** An instance (`createConsent`'s or the script tag's), not a queue or nothing. @internal */
export const isInstance = (value: unknown): value is Consent =>
  typeof value === 'object' && value !== null && typeof (value as Consent).isGranted === 'function' && '$state' in value

/** Own entries only, as `isGranted` reads them. @internal */
export const grantedIn = ({ purposes, vendors }: ConsentState, id: string): boolean =>
  typeof id === 'string' && (hasOwn(purposes, id) ? !!purposes[id] : hasOwn(vendors, id) && !!vendors[id])

/**
 * What the bindings accept: an instance, or `window.consent` before the script tag ran (nothing,
 * or its queue). For the latter they render the loading state and pick up `window.consent` once it
 * is the instance. @internal
 */
export type ConsentLike = Consent | ConsentQueue | undefined | null

/**
 * Calls `found` with `window.consent` once it is the instance (now, or at `consentry:ready`);
 * returns what stops waiting. @internal
 */
export const awaitInstance = (found: (consent: Consent) => void): (() => void) => {
  if (typeof window === 'undefined') return () => {}
  const pick = () => isInstance(window.consent) && (found(window.consent), true)
  if (pick()) return () => {}
  document.addEventListener('consentry:ready', pick)
  return () => document.removeEventListener('consentry:ready', pick)
}
