import type { Decision, Manifest } from '../core/types'
import { cookieValue, encode, MAX_COOKIE_BYTES, storedDecision } from '../core/cookie-format'

// The pure codec lives in cookie-format.ts, shared with `consentry/server`.
export { decode, encode, MAX_COOKIE_BYTES } from '../core/cookie-format'
export type { Decision, Source } from '../core/types'

/** A fresh random consent id: 16 base-36 characters from the platform's CSPRNG. @internal */
export const newConsentId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => (byte % 36).toString(36)).join('')

const DAY = 86_400_000

/**
 * The decision itself when it fits in `room` characters; otherwise the closest one that fits and
 * grants no more, so that a decision too large for a cookie still holds on the next page view
 * and fails closed: vendors switched off whose purposes are denied anyway are dropped first
 * (nothing changes), then each vendor still switched off, from the last, takes its purposes down
 * with it, then the last granted purposes are denied. `null` when not even that fits.
 * @internal
 */
export const fit = (decision: Decision, manifest: Manifest, room: number): Decision | null => {
  let { purposes, off } = decision
  const fits = () => encode({ ...decision, purposes, off }).length <= room
  if (fits()) return decision
  const needs = new Map(manifest.vendors.map((vendor) => [vendor.id, vendor.purposes]))
  const required = new Set(manifest.purposes.filter((purpose) => purpose.required).map((purpose) => purpose.id))
  const granted = (id: string) => required.has(id) || purposes.includes(id)
  // A vendor of required purposes only cannot be denied through its purposes: it stays off.
  const deniable = (id: string) => needs.get(id)!.some((purpose) => !required.has(purpose))
  const prune = () => (off = off.filter((id) => needs.get(id)?.every(granted)))
  prune()
  while (!fits()) {
    const last = [...off].reverse().find(deniable)
    if (last) purposes = purposes.filter((id) => !needs.get(last)!.includes(id))
    else if (purposes.length) purposes = purposes.slice(0, -1)
    else return null
    prune()
  }
  return { ...decision, purposes, off }
}

// The manifest's fingerprint, shared with stamped manifests.
export { fingerprint } from '../core/stamp'

/**
 * A cookie's raw value, from `cookies` (as `document.cookie` gives them) if given, else from the
 * page's. Not js-cookie's `get(name)`, which never finds a name `Object.prototype`
 * has (`constructor`, `toString`): it checks `name in jar` on a plain object.
 * @internal
 */
export const readCookie = (
  name: string,
  cookies = typeof document === 'undefined' ? undefined : document.cookie,
): string | undefined => (cookies === undefined ? undefined : cookieValue(cookies, name))

/**
 * The consent cookie of one manifest: read, write and remove. Its value holds only characters a
 * cookie carries unescaped (cookie-format.ts), so it is written as it is.
 * @internal
 */
export const createStorage = (manifest: Manifest, location: Location) => {
  const { name, days, domain } = manifest.cookie
  const attributes = `; path=/${domain ? '; domain=' + domain : ''}; sameSite=Lax${location.protocol === 'https:' ? '; secure' : ''}`
  const set = (value: string, expires: Date) => {
    if (typeof document !== 'undefined') document.cookie = `${name}=${value}; expires=${expires.toUTCString()}${attributes}`
  }
  return {
    /**
     * The stored decision for this manifest version, or `null` (missing, foreign, expired, old);
     * from `cookies` if given (`readCookie`).
     */
    read(cookies?: string): Decision | null {
      return storedDecision(readCookie(name, cookies), manifest, Date.now())
    },
    /**
     * Writes the decision, or what of it fits (`fit`), never a cookie browsers would drop.
     * Returns what was written: `decision` itself, a shortened one, or `null` for nothing.
     */
    write(decision: Decision): Decision | null {
      const fitted = fit(decision, manifest, MAX_COOKIE_BYTES - name.length)
      // The lifetime runs from the decision, also when the same decision is written again.
      if (fitted) set(encode(fitted), new Date(decision.timestamp + days * DAY))
      return fitted
    },
    remove(): void {
      set('', new Date(0))
    },
  }
}

/** @internal */
export type Storage = ReturnType<typeof createStorage>
