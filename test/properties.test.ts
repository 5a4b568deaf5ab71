import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { DIGITS, ID_CHARS, LOWER, stringOf, UPPER, wordOf } from './arbitraries'
import Ajv2020 from 'ajv/dist/2020'
import { createConsent, validateManifest, type ManifestResult } from '../src/index'
import { decode, encode, MAX_COOKIE_BYTES, type Decision } from '../src/instance/storage'
import { clearCookies, manifest as fixture } from './helpers'

// Counts of generated inputs per property; the sums are what the hardening guarantees promise
// (≥ 10,000 manifests, ≥ 10,000 cookie values). fast-check prints only on failure.
const RUNS = {
  jsonValues: 3000,
  anything: 2000,
  validManifests: 2000,
  mutatedManifests: 4000,
  decidedManifests: 500,
  urls: 1000,
  cookieStrings: 2000,
  cookieBytes: 1500,
  truncated: 1500,
  oversized: 300,
  foreign: 1000,
  wrongVersion: 1000,
  roundTrips: 3000,
}

const schema = JSON.parse(readFileSync(resolve(__dirname, '../dist/manifest.schema.json'), 'utf8'))
const ajv = new Ajv2020({ strict: false, allErrors: true })
const schemaAccepts = ajv.compile(schema)

/** The result has one of its two shapes, and every issue says where and what. */
const expectWellFormed = (result: ManifestResult) => {
  if (result.ok) {
    expect(result.manifest.purposes.length).toBeGreaterThan(0)
    return
  }
  expect(result.ok).toBe(false)
  expect(result.issues.length).toBeGreaterThan(0)
  for (const issue of result.issues) {
    expect(typeof issue.path).toBe('string')
    expect(issue.path.length).toBeGreaterThan(0)
    expect(typeof issue.message).toBe('string')
    expect(issue.message.length).toBeGreaterThan(0)
  }
}

const validateSafely = (input: unknown): ManifestResult => {
  let result: ManifestResult | undefined
  expect(() => (result = validateManifest(input))).not.toThrow()
  expectWellFormed(result!)
  return result!
}

/**
 * What the JSON Schema cannot express, so only the validator reports it (`crossCheck` in
 * src/manifest/validate.ts). Each kind is pinned by an example below.
 */
const SEMANTIC = [
  /^"[^"]+" is already the id of (purposes|vendors)\[\d+\]$/, // ids unique across purposes and vendors
  /^unknown purpose "[^"]*" \(known: /, // a vendor names a purpose that does not exist
  /^unknown purpose or vendor "[^"]*"/, // a Google Consent Mode mapping names an unknown id
  / is not a valid regular expression$/, // a /cookie regex/ that does not compile
  /^a required purpose cannot be denied by Global Privacy Control$/, // required + gpc
]
const isSemantic = (message: string) => SEMANTIC.some((pattern) => pattern.test(message))

// ---------------------------------------------------------------------------------------------
// Structured manifests

const idArb = wordOf(LOWER, ID_CHARS, 11)
const localeArb = fc.constantFrom('en', 'ro', 'de', 'pt-BR', 'zh-Hant', 'fil')
const nonEmpty = fc.string({ minLength: 1, maxLength: 30 })
const textArb = fc.oneof(nonEmpty, fc.dictionary(localeArb, nonEmpty, { maxKeys: 3 }))
const urlArb = fc.oneof(
  fc.constantFrom('/privacy', 'privacy.html', '../legal#cookies', '?page=privacy', ''),
  fc.webUrl({ validSchemes: ['http', 'https'] }),
)
const cookieNameArb = fc.oneof(
  fc.constantFrom('_ga', '/^_ga_/', 'acme_id', '/^st_s_/i', '_hj*'),
  stringOf(UPPER + LOWER + DIGITS + '_.*-', 1, 16),
)
const cookieArb = fc.record(
  {
    name: cookieNameArb,
    days: fc.oneof(fc.nat({ max: 800 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true })),
    domain: fc.constantFrom('example.com', '.example.com', 'a-b.example.org'),
    path: fc.constantFrom('/', '/shop'),
    description: textArb,
  },
  { requiredKeys: ['name', 'days'] },
)
const colorArb = fc.constantFrom('#0a7', '#00AA77', '#fff', '#123456')
const GCM = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
]

/** A manifest that is valid by construction: distinct ids, known references, values in range. */
const validManifestArb = fc
  .tuple(fc.uniqueArray(idArb, { minLength: 1, maxLength: 12 }), fc.nat())
  .chain(([ids, cut]) => {
    const purposeIds = ids.slice(0, 1 + (cut % ids.length))
    const vendorIds = ids.slice(purposeIds.length)
    const refs = fc.uniqueArray(fc.constantFrom(...purposeIds), { minLength: 1, maxLength: purposeIds.length })
    const purposes = fc.tuple(
      ...purposeIds.map((id) =>
        fc
          .record(
            { required: fc.boolean(), title: textArb, description: textArb, gpc: fc.boolean() },
            { requiredKeys: ['title', 'description'] },
          )
          .map((purpose) => ({ id, ...purpose, ...(purpose.required && { gpc: false }) })),
      ),
    )
    const vendors = fc.tuple(
      ...vendorIds.map((id) =>
        fc
          .record(
            {
              name: textArb,
              description: textArb,
              purposes: refs,
              country: fc.constantFrom('US', 'RO', 'DE'),
              privacyPolicy: urlArb,
              cookies: fc.array(cookieArb, { maxLength: 3 }),
              storage: fc.array(fc.constantFrom('acme_cache', '/^acme_/', 'x.y'), { maxLength: 2 }),
              options: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
            },
            { requiredKeys: ['name', 'purposes'] },
          )
          .map((vendor) => ({ id, ...vendor })),
      ),
    )
    const gcmArb = fc.oneof(
      fc.boolean(),
      fc.dictionary(fc.constantFrom(...GCM), fc.uniqueArray(fc.constantFrom(...purposeIds), { maxLength: 3 }), { maxKeys: 4 }),
    )
    return fc.record(
      {
        version: fc.nat({ max: 999_999_999 }),
        policyUrl: urlArb,
        controller: textArb,
        mode: fc.constantFrom('opt-in', 'opt-out'),
        defaultLocale: localeArb,
        cookie: fc.record(
          {
            name: stringOf(UPPER + ID_CHARS, 1, 20),
            days: fc.integer({ min: 1, max: 395 }),
            domain: fc.constantFrom('example.com', '.shop.example.co.uk'),
          },
          { requiredKeys: [] },
        ),
        reloadOnRevoke: fc.boolean(),
        purposes,
        vendors,
        googleConsentMode: gcmArb,
        texts: fc.dictionary(localeArb, fc.dictionary(fc.constantFrom('banner.title', 'prefs.saveChoices'), fc.string())),
        ui: fc.record(
          {
            layout: fc.constantFrom('bar', 'box'),
            position: fc.constantFrom('bottom', 'top', 'bottom-left', 'bottom-right', 'center'),
            floatingButton: fc.boolean(),
            launcher: fc.boolean(),
            theme: fc.record(
              {
                accent: colorArb,
                accentText: colorArb,
                background: colorArb,
                text: colorArb,
                radius: fc.constantFrom('8px', '0.5rem', '1em'),
                scheme: fc.constantFrom('light', 'dark', 'auto'),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        log: fc.record({ endpoint: urlArb }),
      },
      { requiredKeys: ['policyUrl', 'controller', 'purposes'] },
    )
  })

type Json = any

/** Every place in a JSON value, as a list of keys from the root. */
const placesIn = (value: Json, at: (string | number)[] = []): (string | number)[][] => {
  const here = [at]
  if (Array.isArray(value)) return here.concat(...value.map((item, i) => placesIn(item, [...at, i])))
  if (value && typeof value === 'object')
    return here.concat(...Object.keys(value).map((key) => placesIn(value[key], [...at, key])))
  return here
}

/** Sets an own property, even `__proto__`, the way JSON.parse would. */
const put = (object: Json, key: string | number, value: Json) =>
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })

const MUTATIONS = [
  'replace',
  'delete',
  'unknownKey',
  'protoKey',
  'constructorKey',
  'wrongType',
  'hugeNumber',
  'negativeNumber',
  'javascriptUrl',
  'badId',
  'duplicateId',
  'unknownPurpose',
  'badRegex',
  'emptyString',
] as const
const isPlain = (value: Json) => typeof value === 'object' && value !== null && !Array.isArray(value)
type Mutation = [number, (typeof MUTATIONS)[number], Json]

/** Applies one near-miss to a JSON copy of a valid manifest. */
const mutate = (manifest: Json, [pick, kind, random]: Mutation): void => {
  const places = placesIn(manifest).filter((path) => path.length > 0)
  const path = places[pick % places.length]!
  const parent = path.slice(0, -1).reduce((node: Json, key) => node[key], manifest)
  const key = path[path.length - 1]!
  const container = Array.isArray(parent) ? parent : (parent as object)
  const objectHere = typeof parent[key] === 'object' && parent[key] !== null && !Array.isArray(parent[key])
  const target = objectHere ? parent[key] : manifest
  switch (kind) {
    case 'replace':
      return void put(container, key, random)
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1)
      else delete parent[key]
      return
    case 'unknownKey':
      return void put(target, 'colour', random)
    case 'protoKey':
      return void put(target, '__proto__', { required: true, endpoint: 'javascript:alert(1)' })
    case 'constructorKey':
      return void put(target, 'constructor', { prototype: { polluted: true } })
    case 'wrongType':
      return void put(container, key, Array.isArray(parent[key]) ? { 0: parent[key][0] } : [parent[key]])
    case 'hugeNumber':
      return void put(container, key, typeof random === 'number' && random % 2 ? 1e21 : Number.MAX_SAFE_INTEGER + 2)
    case 'negativeNumber':
      return void put(container, key, -1 - Math.abs(typeof random === 'number' ? random : 1))
    case 'javascriptUrl':
      for (const name of ['policyUrl', 'privacyPolicy', 'endpoint'])
        if (name in target) put(target, name, ' JaVaScRiPt:alert(document.domain)')
      return void put(container, key, 'javascript:alert(1)')
    case 'badId':
      if ('id' in target) put(target, 'id', 'Bad Id')
      return void put(container, key, '1st')
    case 'duplicateId':
      if (isPlain(manifest.vendors?.[0])) manifest.vendors[0].id = manifest.purposes?.[0]?.id
      else if (Array.isArray(manifest.purposes)) manifest.purposes.push({ ...manifest.purposes[0] })
      return
    case 'unknownPurpose':
      if (Array.isArray(manifest.vendors?.[0]?.purposes)) manifest.vendors[0].purposes.push('no-such-purpose')
      else manifest.googleConsentMode = { ad_storage: ['no-such-purpose'] }
      return
    case 'badRegex':
      manifest.vendors = [
        ...(Array.isArray(manifest.vendors) ? manifest.vendors : []),
        { id: 'zz-regex', name: 'R', purposes: [manifest.purposes?.[0]?.id], cookies: [{ name: '/(/', days: 1 }] },
      ]
      return
    case 'emptyString':
      return void put(container, key, '')
  }
}

const mutatedManifestArb = fc
  .tuple(
    validManifestArb,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MUTATIONS), fc.jsonValue({ maxDepth: 2 })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([valid, mutations]) => {
    const copy = JSON.parse(JSON.stringify(valid))
    for (const mutation of mutations) mutate(copy, mutation)
    return copy
  })

/** The published schema and the validator agree; they may differ only on SEMANTIC issues. */
const expectAgreement = (input: Json) => {
  const result = validateSafely(input)
  const accepted = schemaAccepts(input)
  if (result.ok) expect(accepted, JSON.stringify(schemaAccepts.errors)).toBe(true)
  else if (accepted) for (const issue of result.issues) expect(issue.message, issue.path).toSatisfy(isSemantic)
}

describe('validateManifest on generated input', () => {
  test('answers every JSON value with a result or issues, never an exception', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void validateSafely(value)), { numRuns: RUNS.jsonValues })
  })

  test('answers any JavaScript value (boxed, sparse, null-prototype, typed arrays, maps) the same way', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    })
    const shaped = anything.map((value) => ({ policyUrl: '/p', controller: 'C', purposes: [value], vendors: value }))
    fc.assert(fc.property(fc.oneof(anything, shaped), (value) => void validateSafely(value)), {
      numRuns: RUNS.anything,
    })
  })

  test('accepts generated valid manifests, and so does the published JSON Schema', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(validManifestArb, (manifest) => {
        const result = validateSafely(manifest)
        expect(result.ok ? [] : result.issues).toEqual([])
        expect(schemaAccepts(manifest), JSON.stringify(schemaAccepts.errors)).toBe(true)
      }),
      { numRuns: RUNS.validManifests },
    )
  })

  test('agrees with the published JSON Schema on near-valid manifests, except for semantic checks', { timeout: 60_000 }, () => {
    fc.assert(fc.property(mutatedManifestArb, expectAgreement), { numRuns: RUNS.mutatedManifests })
  })

  test('keeps a decision across page views for every manifest it accepts', { timeout: 60_000 }, () => {
    let decided = 0
    const anyVersion = fc.oneof(fc.nat({ max: 999_999_999 }), fc.integer({ min: 1e9, max: Number.MAX_SAFE_INTEGER }))
    fc.assert(
      fc.property(validManifestArb, anyVersion, (valid, version) => {
        // The page is served from happy-dom's own host, so a cookie domain would not be stored.
        // Receipts are left out: there is no endpoint to take them.
        const { domain: _, ...cookie } = (valid.cookie ?? {}) as { domain?: string }
        const { log: __, ...rest } = valid
        const manifest = { ...rest, version, cookie }
        if (!validateManifest(manifest).ok) return
        decided++
        clearCookies()
        createConsent(manifest as any, { gate: false }).acceptAll()
        expect(createConsent(manifest as any, { gate: false }).hasDecided()).toBe(true)
      }),
      { numRuns: RUNS.decidedManifests },
    )
    expect(decided).toBeGreaterThan(RUNS.decidedManifests / 4)
  })

  test('lets no URL through that a browser would resolve to anything but http(s)', () => {
    const schemes = fc.constantFrom('javascript:', 'JaVaScRiPt:', 'data:', 'vbscript:', 'file:', 'blob:', 'https:', 'http:')
    const noise = fc.constantFrom('', ' ', '\t', '\n', '\r\n', '\u0000', '\u0001', '\u00a0', '\u200b', '&#106;', '%20')
    const url = fc
      .tuple(noise, schemes, noise, fc.string({ maxLength: 12 }), fc.constantFrom('', '//evil.example/', 'alert(1)'))
      .map(([lead, scheme, inner, rest, tail]) => {
        const at = Math.floor(scheme.length / 2)
        return lead + scheme.slice(0, at) + inner + scheme.slice(at) + rest + tail
      })
    fc.assert(
      fc.property(fc.oneof(url, fc.string()), (candidate) => {
        const result = validateManifest(fixture({ policyUrl: candidate, log: { endpoint: candidate } }))
        if (!result.ok) return
        // A URL that does not resolve at all (`//`, `http://[`) links to nothing; any other must be http(s).
        let protocol = 'https:'
        try {
          protocol = new URL(candidate, 'https://site.example/page').protocol
        } catch {}
        expect(protocol).toMatch(/^https?:$/)
      }),
      { numRuns: RUNS.urls },
    )
  })
})

describe('what only the validator can check', () => {
  const schemaOnly = (input: Json) => [schemaAccepts(input), validateManifest(input)] as const

  test.each([
    ['duplicate ids', fixture({ vendors: [{ id: 'analytics', name: 'A', purposes: ['analytics'] }] }), SEMANTIC[0]],
    ['unknown purpose references', fixture({ vendors: [{ id: 'a', name: 'A', purposes: ['chat'] }] }), SEMANTIC[1]],
    ['unknown ids in a Consent Mode mapping', fixture({ googleConsentMode: { ad_storage: ['ads'] } }), SEMANTIC[2]],
    [
      'cookie regexes that do not compile',
      fixture({ vendors: [{ id: 'a', name: 'A', purposes: ['analytics'], cookies: [{ name: '/(/', days: 1 }] }] }),
      SEMANTIC[3],
    ],
    [
      'a required purpose marked gpc',
      fixture({ purposes: [{ id: 'necessary', required: true, gpc: true, title: 'N', description: 'N' }], vendors: [] }),
      SEMANTIC[4],
    ],
  ])('%s pass the schema and fail the validator', (_, input, pattern) => {
    const [accepted, result] = schemaOnly(input)
    expect(accepted).toBe(true)
    expect(result.ok ? [] : result.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(pattern!)])
  })
})

// ---------------------------------------------------------------------------------------------
// Cookie values

const decodeSafely = (value: unknown): Decision | null => {
  let result: Decision | null | undefined
  expect(() => (result = decode(value))).not.toThrow()
  if (result !== null) {
    expect(typeof result!.id).toBe('string')
    expect(Number.isSafeInteger(result!.version)).toBe(true)
    expect(Number.isFinite(result!.timestamp)).toBe(true)
    expect(['banner', 'preferences', 'placeholder', 'launcher', 'api']).toContain(result!.source)
    expect(Array.isArray(result!.purposes) && Array.isArray(result!.off)).toBe(true)
  }
  return result!
}

const listArb = fc.uniqueArray(wordOf(LOWER, ID_CHARS, 20), { maxLength: 12 })
const decisionArb: fc.Arbitrary<Decision> = fc.record({
  id: stringOf(DIGITS + LOWER, 8, 32),
  version: fc.nat({ max: 999_999_999 }),
  fingerprint: stringOf(DIGITS + LOWER, 0, 8),
  timestamp: fc.integer({ min: 0, max: 4_000_000_000 }).map((seconds) => seconds * 1000),
  source: fc.constantFrom('banner', 'preferences', 'placeholder', 'launcher', 'api'),
  locale: fc.oneof(
    localeArb,
    fc
      .tuple(stringOf(LOWER, 2, 3), fc.array(stringOf(UPPER + LOWER + DIGITS, 2, 8), { maxLength: 2 }))
      .map(([language, subtags]) => [language, ...subtags].join('-')),
  ),
  gpc: fc.boolean(),
  purposes: listArb,
  off: listArb,
})

describe('decode on generated cookie values', () => {
  test('answers random text with a decision or null', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (value) => {
        decodeSafely(value)
      }),
      { numRuns: RUNS.cookieStrings },
    )
  })

  test('answers random bytes, as a browser may hand them over, with a decision or null', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeSafely(String.fromCharCode(...bytes))
        decodeSafely(new TextDecoder().decode(bytes))
      }),
      { numRuns: RUNS.cookieBytes },
    )
  })

  test('answers every truncation of a valid value with null or a decision no larger than the original', () => {
    fc.assert(
      fc.property(decisionArb, fc.nat(), (decision, cut) => {
        const value = encode(decision)
        const decoded = decodeSafely(value.slice(0, cut % value.length))
        if (decoded) expect(decoded.purposes.length + decoded.off.length).toBeLessThanOrEqual(decision.purposes.length + decision.off.length)
      }),
      { numRuns: RUNS.truncated },
    )
  })

  test('answers oversized values with null', () => {
    fc.assert(
      fc.property(decisionArb, fc.integer({ min: 1, max: 20_000 }), (decision, extra) => {
        const value = encode({ ...decision, off: [...decision.off, 'v'.repeat(MAX_COOKIE_BYTES + extra)] })
        expect(decodeSafely(value)).toBeNull()
      }),
      { numRuns: RUNS.oversized },
    )
  })

  test("answers other consent managers' cookies with null", () => {
    const foreign = fc.oneof(
      // vanilla-cookieconsent 3 stores JSON, URI-encoded or not
      fc
        .record({ categories: fc.array(fc.constantFrom('necessary', 'analytics')), revision: fc.nat(), consentId: fc.uuid() })
        .chain((value) => fc.constantFrom(JSON.stringify(value), encodeURIComponent(JSON.stringify(value)))),
      // klaro: URI-encoded JSON of service → boolean; Google's `!gtag=true!`-style strings; OneTrust-like query strings
      fc.dictionary(stringOf(LOWER, 1, 8), fc.boolean()).map((value) => encodeURIComponent(JSON.stringify(value))),
      fc.constantFrom('!gtag=true!', '!gtag=false!ga4=true!', 'isGpcEnabled=0&datestamp=Mon+Nov+23&version=6.33.0&groups=C0001%3A1'),
      fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
    )
    fc.assert(
      fc.property(foreign, (value) => {
        expect(decodeSafely(value)).toBeNull()
      }),
      { numRuns: RUNS.foreign },
    )
  })

  test('answers values of another format version with null', () => {
    fc.assert(
      fc.property(decisionArb, fc.integer({ min: 0, max: 99 }).filter((n) => n !== 1), (decision, format) => {
        const value = encode(decision).replace(/^1\./, `${format}.`)
        expect(decodeSafely(value)).toBeNull()
      }),
      { numRuns: RUNS.wrongVersion },
    )
  })

  test('reads back every decision it writes', () => {
    fc.assert(
      fc.property(decisionArb, (decision) => {
        const value = encode(decision)
        expect(value).toMatch(/^[\x21-\x7e]+$/) // RFC 6265 cookie-octets, no quoting or escaping needed
        expect(value).not.toMatch(/[",;\\]/)
        expect(decode(value)).toEqual(decision)
      }),
      { numRuns: RUNS.roundTrips },
    )
  })
})

test('generates at least 10,000 manifests and 10,000 cookie values', () => {
  const { jsonValues, anything, validManifests, mutatedManifests, decidedManifests, urls, roundTrips, ...cookies } = RUNS
  expect(jsonValues + anything + validManifests + mutatedManifests + decidedManifests + urls).toBeGreaterThanOrEqual(10_000)
  expect(Object.values(cookies).reduce((a, b) => a + b) + roundTrips).toBeGreaterThanOrEqual(10_000)
})
