/**
 * The pure rules of consent (docs/reference.md §3 and §7): what a stored decision grants on a
 * page view. No DOM, no storage, no Node built-in: the browser build and `consentry/server` share it.
 */
import type { Manifest } from './manifest'
import type { Decision } from './cookie-format'

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
