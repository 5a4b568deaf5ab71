/**
 * `consentry/server` (docs/reference.md §11): a request's consent decision, read from its
 * `Cookie` header with the browser's own rules. No DOM, no Node built-in, no cookie library:
 * Node, Deno, Bun and edge runtimes run it as it is.
 */
import { validateManifest } from '../manifest/validate'
import type { Manifest, ManifestInput, ServerConsent } from '../core/types'

export type { ServerConsent }
import { manifestError } from '../core/errors'
import { cookieValue, storedDecision } from '../core/cookie-format'
import { grantsOf } from '../core/rules'
import { forRegion } from '../regions/for-region'
import { isRegionCode } from '../regions/codes'

/** What `readConsent` needs to know of the request besides its cookies. */
export interface ReadConsentOptions {
  /** Global Privacy Control: `true`, or the request's `Sec-GPC` header (`"1"` means on). */
  gpc?: boolean | string | null
  /** Where the visitor is (`DE`, `US-CA`), as the page's `data-region` says (docs/reference.md §10). */
  region?: string | null
  /** The time to judge expiry by, in milliseconds since the epoch. Default: now. */
  now?: number
}


/** Validated manifests by the object the caller passes: a server reads the same one per request. */
const validated = new WeakMap<object, Manifest>()

const manifestOf = (input: ManifestInput): Manifest => {
  const known = typeof input === 'object' && input !== null ? validated.get(input) : undefined
  if (known) return known
  const result = validateManifest(input)
  if (!result.ok) throw manifestError(result.issues)
  if (typeof input === 'object' && input !== null) validated.set(input, result.manifest)
  return result.manifest
}

/**
 * Reads the consent decision of a request. Missing, expired, corrupted or foreign cookies, and
 * decisions for another manifest `version`, give `decided: false` with only required purposes
 * granted (in `opt-out` mode, the others too unless GPC denies them). Throws the manifest's
 * validation errors, like `createConsent`'s `ready` rejects with them.
 * @example
 * import { readConsent } from 'consentry/server'
 * const consent = readConsent(request.headers.get('cookie'), manifest, {
 *   gpc: request.headers.get('sec-gpc'),
 *   region: request.headers.get('cf-ipcountry'),
 * })
 * if (consent.purposes.analytics) html += analyticsTag
 */
export const readConsent = (
  cookieHeader: string | null | undefined,
  manifest: ManifestInput,
  options: ReadConsentOptions = {},
): ServerConsent => {
  const region = isRegionCode(options.region) ? options.region : undefined
  const effective = forRegion(manifestOf(manifest), region)
  const gpc = options.gpc === true || (typeof options.gpc === 'string' && options.gpc.trim() === '1')
  const value = typeof cookieHeader === 'string' ? cookieValue(cookieHeader, effective.cookie.name) : undefined
  const decision = storedDecision(value, effective, options.now ?? Date.now())
  return {
    decided: decision !== null,
    id: decision?.id ?? null,
    timestamp: decision ? new Date(decision.timestamp).toISOString() : null,
    version: decision?.version ?? null,
    ...(region && { region }),
    ...grantsOf(effective, decision, gpc),
  }
}
