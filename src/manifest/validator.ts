import type { RootSchema, Schema } from '../core/schema'
import type { ManifestInput, ManifestIssue, ManifestResult } from '../core/types'
import { manifestSchemaFor } from './manifest-schema'
import { bare, normalize } from './normalize'
import { isRegexSource, toRegExp } from '../core/cookie-names'
import type { Presets } from '../presets/preset'
import { hasOwn as has } from '../core/util'

type Json = any

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const typeOf = (value: unknown): string =>
  Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value

const fitsType = (value: unknown, type: NonNullable<Schema['type']>): boolean =>
  type === 'integer'
    ? Number.isInteger(value)
    : type === 'number'
      ? typeof value === 'number' && isFinite(value)
      : typeOf(value) === type

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
}

const show = (value: unknown): string => {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)
    return quoted
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  return TYPE_NAMES[typeOf(value)] ?? typeOf(value)
}

const child = (path: string, key: string | number): string =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? path
        ? `${path}.${key}`
        : key
      : `${path}[${JSON.stringify(key)}]`

/** The closest of `options` to `word`, if it is close enough to be a likely typo. */
const closest = (word: string, options: readonly unknown[]): string | undefined => {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1
  for (const option of options) {
    if (typeof option !== 'string') continue
    const distance = editDistance(word.toLowerCase(), option.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [option, distance]
  }
  return best
}

const editDistance = (a: string, b: string): number => {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}

const didYouMean = (word: string, options: readonly unknown[]): string => {
  const guess = closest(word, options)
  return guess ? ` (did you mean "${guess}"?)` : ''
}

/**
 * The schema for the registry as it is when validation starts: the script tag's validator and
 * `createConsent` get the presets the manifest names only once they have arrived
 * (docs/architecture.md, Chunks). Built again only when the registry changed.
 */
let schemaRoot: RootSchema
const schemas = new WeakMap<Presets, { root: RootSchema; presets: unknown[] }>()
const refreshSchema = (presets: Presets) => {
  const now = Object.values(presets)
  const known = schemas.get(presets)
  if (known && now.length === known.presets.length && now.every((preset, i) => preset === known.presets[i])) {
    schemaRoot = known.root
    return
  }
  schemaRoot = bare(manifestSchemaFor(presets))
  schemas.set(presets, { root: schemaRoot, presets: now })
}

const resolve = (schema: Schema): Schema =>
  schema.$ref ? schemaRoot.$defs[schema.$ref.slice('#/$defs/'.length)]! : schema

const expected = (schema: Schema): string =>
  schema['x-expected'] ?? (schema.type ? TYPE_NAMES[schema.type]! : 'a valid value')

/** Checks `value` against the schema subset of `schema.ts`, appending every problem to `out`. */
const check = (raw: Schema, value: Json, path: string, out: ManifestIssue[]): void => {
  const schema = resolve(raw)
  const problem = (message: string, at = path): void => void out.push({ path: at || '(manifest)', message })

  if (schema.anyOf) {
    const branches = schema.anyOf.map(resolve)
    const wanted = [...new Set(branches.map(expected))].join(' or ')
    // A whole number beyond 2^53 - 1 lost digits when the JSON was parsed: showing it would
    // contradict what the owner wrote. Where text is also taken (ids, src/presets/ids.ts), ask for it.
    if (Number.isInteger(value) && !Number.isSafeInteger(value) && branches.some((branch) => branch.type === 'string'))
      return problem(`expected ${wanted}, got a number too large to be read exactly (it reads as ${value}): write it in quotes`)
    const fitting = branches.find((branch) => !branch.type || fitsType(value, branch.type))
    if (!fitting) return problem(`expected ${wanted}, got ${show(value)}`)
    check(fitting, value, path, out)
  }
  if (schema.type && !fitsType(value, schema.type)) return problem(`expected ${expected(schema)}, got ${show(value)}`)
  if ('const' in schema && value !== schema.const) problem(`must be ${show(schema.const)}`)
  if (schema.enum && !schema.enum.includes(value))
    return problem(
      `expected one of ${schema.enum.map(show).join(', ')}, got ${show(value)}` +
        (typeof value === 'string' ? didYouMean(value, schema.enum) : ''),
    )

  if (typeof value === 'string') {
    if (schema.minLength && value.length < schema.minLength) problem('must not be empty')
    if (schema.maxLength && value.length > schema.maxLength)
      problem(`must be at most ${schema.maxLength} characters long`)
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      problem(`expected ${expected(schema)}, got ${show(value)}`)
  }
  if (typeof value === 'number') {
    // A number with a plain name for what fits (a numeric id) is told that name, as text is.
    const outside = (schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)
    if (outside && schema['x-expected']) problem(`expected ${expected(schema)}, got ${show(value)}`)
    else {
      if (schema.minimum !== undefined && value < schema.minimum)
        problem(`must be at least ${schema.minimum}, got ${value}`)
      if (schema.maximum !== undefined && value > schema.maximum)
        problem(`must be at most ${schema.maximum}, got ${value}`)
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems && value.length < schema.minItems)
      problem(`must list at least ${schema.minItems} item${schema.minItems > 1 ? 's' : ''}`)
    if (schema.items) value.forEach((item, i) => check(schema.items!, item, child(path, i), out))
  }
  if (isObject(value)) {
    const properties = schema.properties ?? {}
    for (const key of schema.required ?? []) if (!has(value, key)) problem(`missing "${key}"`)
    for (const key of Object.keys(value)) {
      const at = child(path, key)
      if (has(properties, key)) check(properties[key]!, value[key], at, out)
      else if (schema.additionalProperties === false)
        problem(`unknown key "${key}"${didYouMean(key, Object.keys(properties))}`, at)
      else {
        if (schema.propertyNames) {
          const keyIssues: ManifestIssue[] = []
          check(schema.propertyNames, key, at, keyIssues)
          for (const issue of keyIssues) problem(`key ${issue.message}${keyFix(schema.propertyNames, key)}`, at)
          if (keyIssues.length) continue
        }
        if (isObject(schema.additionalProperties)) check(schema.additionalProperties, value[key], at, out)
      }
    }
  }
  for (const part of schema.allOf ?? []) check(part, value, path, out)
  if (schema.if) {
    const branch = matches(schema.if, value) ? schema.then : schema.else
    if (branch) check(branch, value, path, out)
  }
}

/** A did-you-mean for a key that only needs another case or `-` for `_` (`eu` → `EU`, `us_ca` → `US-CA`). */
const keyFix = (schema: Schema, key: string): string => {
  const fixed = [key.toUpperCase(), key.toLowerCase()].map((k) => k.replace(/_/g, '-')).find((k) => matches(schema, k))
  return fixed ? ` (did you mean "${fixed}"?)` : ''
}

const matches = (schema: Schema, value: Json): boolean => {
  const out: ManifestIssue[] = []
  check(schema, value, '', out)
  return out.length === 0
}


/** What the schema cannot say: ids unique across purposes and vendors, references, regexes. */
const crossCheck = (input: Json, out: ManifestIssue[]): void => {
  const purposes: Json[] = Array.isArray(input.purposes) ? input.purposes : []
  const vendors: Json[] = Array.isArray(input.vendors) ? input.vendors : []
  const seen = new Map<string, string>()
  const purposeIds = new Set<string>()
  const claim = (entry: Json, path: string) => {
    if (!isObject(entry) || typeof entry.id !== 'string') return
    const first = seen.get(entry.id)
    if (first) out.push({ path: `${path}.id`, message: `"${entry.id}" is already the id of ${first}` })
    else seen.set(entry.id, path)
  }
  purposes.forEach((purpose, i) => {
    claim(purpose, `purposes[${i}]`)
    if (isObject(purpose) && typeof purpose.id === 'string') purposeIds.add(purpose.id)
    if (isObject(purpose) && purpose.required === true && purpose.gpc === true)
      out.push({
        path: `purposes[${i}].gpc`,
        message: 'a required purpose cannot be denied by Global Privacy Control',
      })
  })
  const known = [...purposeIds]
  vendors.forEach((vendor, i) => {
    claim(vendor, `vendors[${i}]`)
    if (!isObject(vendor)) return
    if (Array.isArray(vendor.purposes))
      vendor.purposes.forEach((id: unknown, j: number) => {
        if (typeof id === 'string' && !purposeIds.has(id))
          out.push({
            path: `vendors[${i}].purposes[${j}]`,
            message: `unknown purpose "${id}" (known: ${known.join(', ')})`,
          })
      })
    const patterns: [string, unknown][] = [
      ...(Array.isArray(vendor.cookies) ? vendor.cookies : []).map(
        (cookie: Json, j: number): [string, unknown] => [`vendors[${i}].cookies[${j}].name`, cookie?.name],
      ),
      ...(Array.isArray(vendor.storage) ? vendor.storage : []).map(
        (key: unknown, j: number): [string, unknown] => [`vendors[${i}].storage[${j}]`, key],
      ),
    ]
    for (const [path, name] of patterns)
      if (typeof name === 'string' && isRegexSource(name) && !toRegExp(name))
        out.push({ path, message: `${show(name)} is not a valid regular expression` })
  })
  const gcmIds = (gcm: unknown, path: string) => {
    if (isObject(gcm))
      for (const [signal, ids] of Object.entries(gcm))
        if (Array.isArray(ids))
          ids.forEach((id: unknown, j: number) => {
            if (typeof id === 'string' && !seen.has(id))
              out.push({
                path: `${path}.${signal}[${j}]`,
                message: `unknown purpose or vendor "${id}"${didYouMean(id, [...seen.keys()])}`,
              })
          })
  }
  gcmIds(input.googleConsentMode, 'googleConsentMode')
  if (isObject(input.regions))
    for (const [key, region] of Object.entries(input.regions)) {
      // ISO 3166-1 gives the United Kingdom "GB"; "UK" is only reserved, and no CDN sends it.
      if (key === 'UK') out.push({ path: 'regions.UK', message: 'the United Kingdom is "GB" in ISO 3166-1 (did you mean "GB"?)' })
      if (isObject(region)) gcmIds(region.googleConsentMode, child('regions', key) + '.googleConsentMode')
    }
}

/**
 * The validator of manifests naming presets of `presets`, which holds every preset's name and at
 * least the presets a manifest names (src/manifest/validate.ts gives it every preset). @internal
 */
export const validatorFor =
  (presets: Presets) =>
  (input: unknown): ManifestResult => {
    const issues: ManifestIssue[] = []
    try {
      // Read once, own data only: later changes to `input` or to prototypes change nothing.
      const own = bare(input)
      refreshSchema(presets)
      check(schemaRoot, own, '', issues)
      if (isObject(own)) crossCheck(own, issues)
      return issues.length ? { ok: false, issues } : { ok: true, manifest: normalize(own as ManifestInput, presets) }
    } catch (error) {
      // Only a hostile page (patched built-ins) gets here; fail closed all the same.
      return { ok: false, issues: [...issues, { path: '(manifest)', message: `could not be read: ${error}` }] }
    }
  }
