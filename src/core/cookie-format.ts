/**
 * The consent cookie's value (docs/reference.md §5, "Cookie format"): encoding, decoding and the
 * rule that says whether a stored decision still holds. Pure: no DOM, no js-cookie, no Node
 * built-in, so that the script tag and `consentry/server` read a cookie with the same code.
 */
import type { Decision, Manifest, Source } from './types'

export type { Decision, Source }

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

const DAY = 86_400_000

/**
 * The decision a cookie value holds for this manifest at `now`, or `null`: unreadable, made for
 * another manifest `version`, expired after `cookie.days`, or dated more than a day ahead. @internal
 */
export const storedDecision = (value: unknown, manifest: Manifest, now: number): Decision | null => {
  const decision = decode(value)
  if (!decision || decision.version !== manifest.version) return null
  if (decision.timestamp > now + DAY || decision.timestamp + manifest.cookie.days * DAY <= now) return null
  return decision
}

/**
 * The value of cookie `name` in a `Cookie` header or `document.cookie` (`a=1; b=2`): the first
 * one, raw (values consentry writes need no decoding). Not a lookup in an object, so names
 * `Object.prototype` has (`constructor`) are found like any other. @internal
 */
export const cookieValue = (header: string, name: string): string | undefined =>
  header
    .split(';')
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(name + '='))
    ?.slice(name.length + 1)
