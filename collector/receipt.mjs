// @ts-check
import { createHash } from 'node:crypto'

/**
 * A receipt as the browser sends it (docs/reference.md §7, Proof of consent).
 * @typedef {{
 *   id: string, version: number, timestamp: string, source: string, locale: string,
 *   purposes: Record<string, boolean>, vendors: Record<string, boolean>, url: string,
 *   gpc: boolean, region?: string
 * }} Receipt
 */

const SOURCES = ['banner', 'preferences', 'placeholder', 'launcher', 'api']
const ID = /^[A-Za-z0-9_-]{8,64}$/
const CHOICE_ID = /^[a-z][a-z0-9_-]{0,63}$/
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/
const REGION = /^[A-Za-z0-9_-]{1,32}$/
// ISO 8601 with a time and a zone, as `Date.prototype.toISOString` writes it.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)$/
/** A control character, or half of a surrogate pair without its other half. */
const UNSTORABLE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const MAX_CHOICES = 500
const MAX_URL = 2048
/** A receipt dated further ahead than this is refused: a wrong clock must not outlive retention. */
const FUTURE_SLACK = 24 * 3600_000

/** @type {Record<keyof Receipt, boolean>} field → required */
const FIELDS = {
  id: true,
  version: true,
  timestamp: true,
  source: true,
  locale: true,
  purposes: true,
  vendors: true,
  url: true,
  gpc: true,
  region: false,
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The problem with a map of purpose or vendor id → boolean, or `null`.
 * @param {string} name
 * @param {unknown} value
 */
const choicesProblem = (name, value) => {
  if (!isObject(value)) return `${name} must be an object of id → boolean`
  const entries = Object.entries(value)
  if (entries.length > MAX_CHOICES) return `${name} has more than ${MAX_CHOICES} entries`
  for (const [id, granted] of entries) {
    if (!CHOICE_ID.test(id)) return `${name}: "${id.slice(0, 64)}" is not an id of lowercase letters, digits, "-" and "_"`
    if (typeof granted !== 'boolean') return `${name}.${id} must be true or false`
  }
  return null
}

/** @param {unknown} value */
const urlProblem = (value) => {
  if (typeof value !== 'string') return 'url must be a string'
  if (value.length > MAX_URL) return `url is longer than ${MAX_URL} characters`
  if (value === '') return null
  // A browser sends location.href, percent-encoded: a raw control character or a lone surrogate
  // half is not a URL a page had, and PostgreSQL's jsonb refuses both (U+0000 and unpaired halves).
  if (UNSTORABLE.test(value)) return 'url must not hold control characters or unpaired surrogates'
  let parsed
  try {
    parsed = new URL(value)
  } catch {
    return 'url must be an absolute http(s) URL'
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? null : 'url must be an absolute http(s) URL'
}

/**
 * @param {unknown} value
 * @param {number} now
 */
const timestampProblem = (value, now) => {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return 'timestamp must be an ISO 8601 date and time, like 2026-05-01T12:00:00.000Z'
  const time = Date.parse(value)
  const [year, month, day] = value.slice(0, 10).split('-').map(Number)
  const calendar = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day))
  // The year 0000 has a date in JavaScript but none in PostgreSQL (1 BC comes before 1 AD).
  if (Number.isNaN(time) || (year ?? 0) < 1 || calendar.getUTCMonth() !== (month ?? 0) - 1 || calendar.getUTCDate() !== day)
    return 'timestamp is not a real date'
  if (time > now + FUTURE_SLACK) return 'timestamp is in the future'
  return null
}

/**
 * The first problem of one field, or `null`.
 * @param {keyof Receipt} field
 * @param {unknown} value
 * @param {number} now
 * @returns {string | null}
 */
const fieldProblem = (field, value, now) => {
  switch (field) {
    case 'id':
      return typeof value === 'string' && ID.test(value) ? null : 'id must be 8 to 64 letters, digits, "-" or "_"'
    case 'version':
      return Number.isSafeInteger(value) && /** @type {number} */ (value) >= 0 ? null : 'version must be a whole number ≥ 0'
    case 'timestamp':
      return timestampProblem(value, now)
    case 'source':
      return typeof value === 'string' && SOURCES.includes(value) ? null : `source must be one of ${SOURCES.join(', ')}`
    case 'locale':
      return typeof value === 'string' && LOCALE.test(value) ? null : 'locale must be a language tag like "en" or "pt-BR"'
    case 'purposes':
    case 'vendors':
      return choicesProblem(field, value)
    case 'url':
      return urlProblem(value)
    case 'gpc':
      return typeof value === 'boolean' ? null : 'gpc must be true or false'
    case 'region':
      return typeof value === 'string' && REGION.test(value) ? null : 'region must be 1 to 32 letters, digits, "-" or "_"'
  }
}

/**
 * @param {Record<string, boolean>} choices
 * @returns {Record<string, boolean>}
 */
const sorted = (choices) => Object.fromEntries(Object.entries(choices).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

/**
 * Reads a receipt from a request body: the receipt with its fields in one fixed order, or the
 * reason it is refused. Unknown fields are refused too, so nothing the service promises not to
 * keep (an IP address, a user agent) can be slipped in beside the choices.
 * @param {string} text
 * @param {number} [now]
 * @returns {{ receipt: Receipt } | { error: string }}
 */
export const parseReceipt = (text, now = Date.now()) => {
  let value
  try {
    value = JSON.parse(text)
  } catch {
    return { error: 'the body is not JSON' }
  }
  if (!isObject(value)) return { error: 'the body must be a JSON object' }
  for (const key of Object.keys(value))
    if (!Object.prototype.hasOwnProperty.call(FIELDS, key)) return { error: `unknown field "${key.slice(0, 64)}"` }
  for (const [field, required] of /** @type {[keyof Receipt, boolean][]} */ (Object.entries(FIELDS))) {
    if (!Object.prototype.hasOwnProperty.call(value, field)) {
      if (required) return { error: `${field} is missing` }
      continue
    }
    const problem = fieldProblem(field, value[field], now)
    if (problem) return { error: problem }
  }
  const receipt = /** @type {Receipt} */ ({
    id: value.id,
    version: value.version,
    timestamp: new Date(/** @type {string} */ (value.timestamp)).toISOString(),
    source: value.source,
    locale: value.locale,
    purposes: sorted(/** @type {Record<string, boolean>} */ (value.purposes)),
    vendors: sorted(/** @type {Record<string, boolean>} */ (value.vendors)),
    url: value.url,
    gpc: value.gpc,
    ...(typeof value.region === 'string' && { region: value.region }),
  })
  return { receipt }
}

/**
 * What makes two receipts "the same receipt sent twice": the digest of their normalised form.
 * @param {Receipt} receipt
 */
export const digestOf = (receipt) => createHash('sha256').update(JSON.stringify(receipt)).digest('hex')

/**
 * A stored receipt (its keys in any order, as jsonb gives them back) in the fixed order.
 * @param {Record<string, any>} stored
 * @returns {Receipt}
 */
export const ordered = (stored) =>
  /** @type {Receipt} */ (Object.fromEntries(Object.keys(FIELDS).filter((key) => key in stored).map((key) => [key, stored[key]])))

/** The columns of a CSV export, in order. */
export const CSV_HEADER =
  'id,timestamp,received_at,version,source,locale,gpc,region,url,purposes_granted,purposes_denied,vendors_granted,vendors_denied'

/** @param {string} value */
const cell = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/**
 * @param {Record<string, boolean>} choices
 * @param {boolean} granted
 */
const ids = (choices, granted) =>
  Object.entries(choices)
    .filter(([, value]) => value === granted)
    .map(([id]) => id)
    .join(' ')

/**
 * One CSV line (RFC 4180) of a receipt. Every value was validated on the way in, so none can
 * start a spreadsheet formula: ids and locales are patterned, URLs are http(s).
 * @param {Receipt} receipt
 * @param {string} receivedAt
 */
export const csvLine = (receipt, receivedAt) =>
  [
    receipt.id,
    receipt.timestamp,
    receivedAt,
    String(receipt.version),
    receipt.source,
    receipt.locale,
    String(receipt.gpc),
    receipt.region ?? '',
    receipt.url,
    ids(receipt.purposes, true),
    ids(receipt.purposes, false),
    ids(receipt.vendors, true),
    ids(receipt.vendors, false),
  ]
    .map(cell)
    .join(',')
