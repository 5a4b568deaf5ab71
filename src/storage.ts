import Cookies from 'js-cookie'
import type { Manifest } from './manifest'

/** Where a decision was taken (SPEC §4 `record().source`). */
export type Source = 'banner' | 'preferences' | 'placeholder' | 'launcher' | 'api'

/** A stored decision, as compact as the cookie holds it. @internal */
export interface Decision {
  /** Random consent id, the key of a receipt. */
  id: string
  version: number
  /** A fingerprint of the manifest text this decision was taken with ('' when not known). */
  fingerprint: string
  /** Milliseconds since the epoch, to the second. */
  timestamp: number
  source: Source
  locale: string
  /** Global Privacy Control was on when the visitor decided (SPEC §7). */
  gpc: boolean
  /** Granted purposes; every other purpose is denied. */
  purposes: string[]
  /** Vendors the visitor switched off individually. */
  off: string[]
}

const SOURCES: Source[] = ['banner', 'preferences', 'placeholder', 'launcher', 'api']
/** RFC 6265 §6.1: browsers keep at least 4096 bytes per cookie, name and attributes included. */
export const MAX_COOKIE_BYTES = 4000

const ID_LIST = '((?:[a-z][a-z0-9_-]*)(?:~[a-z][a-z0-9_-]*)*)?'
/**
 * Format 1: `1.<version>.<fingerprint>.<seconds, base 36>.<consent id>.<source><gpc>.<locale>.<granted>.<off>`,
 * lists joined with `~`. Only characters that cookies carry unescaped.
 */
const FORMAT = new RegExp(
  `^1\\.(\\d{1,9})\\.([0-9a-z]{0,8})\\.([0-9a-z]{1,9})\\.([0-9a-z]{8,32})\\.([0-4])([01])\\.([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\\.${ID_LIST}\\.${ID_LIST}$`,
)

/** @internal */
export const encode = (decision: Decision): string =>
  [
    1,
    decision.version,
    decision.fingerprint,
    Math.floor(decision.timestamp / 1000).toString(36),
    decision.id,
    `${SOURCES.indexOf(decision.source)}${decision.gpc ? 1 : 0}`,
    decision.locale,
    decision.purposes.join('~'),
    decision.off.join('~'),
  ].join('.')

/** Reads a cookie value; anything unexpected is "no decision", never an exception. @internal */
export const decode = (value: unknown): Decision | null => {
  if (typeof value !== 'string' || value.length > MAX_COOKIE_BYTES) return null
  const match = FORMAT.exec(value)
  if (!match) return null
  const [, version, fingerprint, seconds, id, source, gpc, locale, purposes, off] = match
  return {
    id: id!,
    version: Number(version),
    fingerprint: fingerprint!,
    timestamp: parseInt(seconds!, 36) * 1000,
    source: SOURCES[Number(source)]!,
    gpc: gpc === '1',
    locale: locale!,
    purposes: purposes ? purposes.split('~') : [],
    off: off ? off.split('~') : [],
  }
}

/** A fresh random consent id: 16 base-36 characters from the platform's CSPRNG. @internal */
export const newConsentId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => (byte % 36).toString(36)).join('')

const DAY = 86_400_000

/** A short fingerprint of a text (32-bit FNV-1a, base 36): equal texts, equal fingerprints. @internal */
export const fingerprint = (text: string): string => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

/** The consent cookie of one manifest: read, write and remove, through js-cookie only. @internal */
export const createStorage = (manifest: Manifest, location: Location) => {
  const { name, days, domain } = manifest.cookie
  const cookies = Cookies.withAttributes({
    path: '/',
    sameSite: 'Lax',
    secure: location.protocol === 'https:',
    ...(domain && { domain }),
  })
  return {
    /** The stored decision for this manifest version, or `null` (missing, foreign, expired, old). */
    read(now = Date.now()): Decision | null {
      const decision = decode(cookies.get(name))
      if (!decision || decision.version !== manifest.version) return null
      if (decision.timestamp > now + DAY || decision.timestamp + days * DAY <= now) return null
      return decision
    },
    /** Writes the decision; refuses (and says so) rather than write a cookie browsers would drop. */
    write(decision: Decision): boolean {
      const value = encode(decision)
      if (value.length + name.length > MAX_COOKIE_BYTES) return false
      // The lifetime runs from the decision, also when the same decision is written again.
      cookies.set(name, value, { expires: new Date(decision.timestamp + days * DAY) })
      return true
    },
    remove(): void {
      cookies.remove(name)
    },
  }
}

/** @internal */
export type Storage = ReturnType<typeof createStorage>
