/**
 * The pure rules of consent (docs/reference.md §3, §4 and §7): what a stored decision grants on a
 * page view, the decision that follows a choice, and the record of a decision. No DOM, no
 * storage, no Node built-in: the browser build and `consentry/server` share it.
 */
import type { ConsentRecord, Decision, Manifest, Source, Vendor } from './types'
import { hasOwn } from './util'

/** What is granted: purpose id → boolean and vendor id → boolean. */
export interface Grants {
  purposes: Record<string, boolean>
  vendors: Record<string, boolean>
}

/**
 * What `decision` (or none) grants under `manifest`. Required purposes are always granted; without a
 * decision, `opt-out` grants the rest. GPC wins over a decision taken without it (California's
 * CCPA regulations, 11 CCR §7025(c)(3)); a decision taken with GPC on was explicit and stands.
 * @internal
 */
export const grantsOf = (manifest: Manifest, decision: Decision | null, gpc: boolean): Grants => {
  const purposes: Record<string, boolean> = {}
  const vendors: Record<string, boolean> = {}
  const gpcDenies = gpc && !decision?.gpc
  for (const purpose of manifest.purposes)
    purposes[purpose.id] =
      purpose.required ||
      (!(purpose.gpc && gpcDenies) && (decision ? decision.purposes.includes(purpose.id) : manifest.mode === 'opt-out'))
  for (const vendor of manifest.vendors)
    vendors[vendor.id] = vendor.purposes.every((id) => purposes[id]) && !decision?.off.includes(vendor.id)
  return { purposes, vendors }
}

/** Sources that are an explicit, per-purpose act of the visitor (docs/reference.md §7 GPC). */
const EXPLICIT: Source[] = ['preferences', 'placeholder', 'launcher']

/** How a decision changes the granted purposes and the vendors switched off. @internal */
export type Change = (purposes: Set<string>, off: Set<string>) => void

/** Everything a new decision records besides what was chosen. @internal */
export interface Taken {
  id: string
  source: Source
  gpc: boolean
  locale: string
  fingerprint: string
  /** Milliseconds since the epoch. */
  now: number
}

/**
 * The decision that follows `previous` when `change` is applied to what `granted` holds now.
 * Under GPC only an explicit, per-purpose act may grant a GPC purpose (docs/reference.md §7).
 * @internal
 */
export const nextDecision = (
  manifest: Manifest,
  granted: Record<string, boolean>,
  previous: Decision | null,
  change: Change,
  taken: Taken,
): Decision => {
  const purposes = new Set(manifest.purposes.filter((p) => granted[p.id] && !p.required).map((p) => p.id))
  const off = new Set(previous?.off ?? [])
  change(purposes, off)
  if (taken.gpc && !EXPLICIT.includes(taken.source))
    for (const purpose of manifest.purposes) if (purpose.gpc && !granted[purpose.id]) purposes.delete(purpose.id)
  return {
    id: taken.id,
    version: manifest.version,
    fingerprint: taken.fingerprint,
    // To the second, as the cookie keeps it: the same record here as after a reload.
    timestamp: Math.floor(taken.now / 1000) * 1000,
    source: taken.source,
    locale: taken.locale,
    gpc: taken.gpc,
    purposes: manifest.purposes.filter((p) => purposes.has(p.id) && !p.required).map((p) => p.id),
    off: manifest.vendors.filter((v) => off.has(v.id)).map((v) => v.id),
  }
}

/** Grants every purpose and switches no vendor off. @internal */
export const acceptEverything =
  (manifest: Manifest): Change =>
  (purposes, off) => {
    for (const purpose of manifest.purposes) purposes.add(purpose.id)
    off.clear()
  }

/** Denies every purpose that is not required. @internal */
export const rejectEverything: Change = (purposes) => purposes.clear()

/**
 * `set(choices)` (docs/reference.md §4): the named purposes and vendors; unknown ids go to
 * `unknown` and are skipped. Naming a vendor alone is enough: a vendor set to true gets its
 * purposes with it (unless the same call denies one of them), and a purpose granted that way
 * brings no other vendor along: the others of that purpose that were not granted (`vendors`, the
 * vendors granted now) are switched off, unless the call names them too. @internal
 */
export const chooseOnly =
  (manifest: Manifest, choices: Record<string, boolean>, unknown: (id: string) => void, vendors: Record<string, boolean> = {}): Change =>
  (purposes, off) => {
    const named: Vendor[] = []
    for (const [id, value] of Object.entries(choices)) {
      const vendor = manifest.vendors.find((v) => v.id === id)
      if (manifest.purposes.some((p) => p.id === id)) value ? purposes.add(id) : purposes.delete(id)
      else if (vendor) value ? (off.delete(id), named.push(vendor)) : off.add(id)
      else unknown(id)
    }
    for (const vendor of named) {
      if (vendor.purposes.some((id) => hasOwn(choices, id) && !choices[id])) continue
      for (const id of vendor.purposes) {
        if (purposes.has(id) || manifest.purposes.some((p) => p.id === id && p.required)) continue
        purposes.add(id)
        for (const other of manifest.vendors)
          if (other !== vendor && !vendors[other.id] && other.purposes.includes(id) && !(hasOwn(choices, other.id) && choices[other.id]))
            off.add(other.id)
      }
    }
  }

/**
 * Contextual consent (docs/reference.md §2): one vendor and its purposes, and exactly one more
 * vendor active: `set({ [vendor]: true })`.
 * @internal
 */
export const allowVendor = (manifest: Manifest, vendor: Vendor, vendors: Record<string, boolean>): Change =>
  chooseOnly(manifest, { [vendor.id]: true }, () => {}, vendors)

/** What `record()` shows of a decision (docs/reference.md §4). @internal */
export const recordOf = (manifest: Manifest, decision: Decision, gpc: boolean, region?: string): ConsentRecord => {
  const { purposes, vendors } = grantsOf(manifest, decision, gpc)
  return {
    id: decision.id,
    version: decision.version,
    timestamp: new Date(decision.timestamp).toISOString(),
    source: decision.source,
    locale: decision.locale,
    ...(region && { region }),
    purposes,
    vendors,
  }
}
