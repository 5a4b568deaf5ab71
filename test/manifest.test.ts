import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import { formatIssue, validateManifest } from '../src/index'
import { distFile, manifest } from './helpers'

const problems = (input: unknown): string[] => {
  const result = validateManifest(input)
  return result.ok ? [] : result.issues.map(formatIssue)
}

/** A valid manifest with one change made by `edit`. */
const broken = (edit: (m: any) => void): unknown => {
  const m: any = structuredClone(manifest())
  edit(m)
  return m
}

/**
 * Each case: a manifest with one problem, and the message it must produce. `semantic` marks what
 * JSON Schema cannot express (cross references), which the published schema therefore accepts.
 */
const CASES: { name: string; input: unknown; message: string; semantic?: boolean }[] = [
  { name: 'not an object', input: [], message: '(manifest): expected an object, got a list' },
  { name: 'null', input: null, message: '(manifest): expected an object, got null' },
  { name: 'no purposes', input: broken((m) => delete m.purposes), message: '(manifest): missing "purposes"' },
  { name: 'no controller', input: broken((m) => delete m.controller), message: '(manifest): missing "controller"' },
  { name: 'no policy URL', input: broken((m) => delete m.policyUrl), message: '(manifest): missing "policyUrl"' },
  {
    name: 'unknown top-level key with a near miss',
    input: broken((m) => (m.purpose = [])),
    message: 'purpose: unknown key "purpose" (did you mean "purposes"?)',
  },
  {
    name: 'unknown key inside a purpose',
    input: broken((m) => (m.purposes[1].titel = 'x')),
    message: 'purposes[1].titel: unknown key "titel" (did you mean "title"?)',
  },
  {
    name: 'unknown key without a near miss',
    input: broken((m) => (m.banana = 1)),
    message: 'banana: unknown key "banana"',
  },
  {
    name: 'version as text',
    input: broken((m) => (m.version = '3')),
    message: 'version: expected a whole number, got "3"',
  },
  { name: 'negative version', input: broken((m) => (m.version = -1)), message: 'version: must be at least 0, got -1' },
  {
    name: 'mode misspelt',
    input: broken((m) => (m.mode = 'optin')),
    message: 'mode: expected one of "opt-in", "opt-out", got "optin" (did you mean "opt-in"?)',
  },
  {
    name: 'consent cookie kept over 13 months',
    input: broken((m) => (m.cookie = { days: 400 })),
    message: 'cookie.days: must be at most 395, got 400',
  },
  {
    name: 'consent cookie lifetime not whole',
    input: broken((m) => (m.cookie = { days: 1.5 })),
    message: 'cookie.days: expected a whole number, got 1.5',
  },
  {
    name: 'cookie name with a space',
    input: broken((m) => (m.cookie = { name: 'my consent' })),
    message: 'cookie.name: expected letters, digits, "-" and "_", got "my consent"',
  },
  {
    name: 'purpose id with capitals',
    input: broken((m) => (m.purposes[1].id = 'Analytics')),
    message:
      'purposes[1].id: expected an id of lowercase letters, digits, "-" and "_", starting with a letter, got "Analytics"',
  },
  {
    name: 'purpose without a title',
    input: broken((m) => delete m.purposes[2].title),
    message: 'purposes[2]: missing "title"',
  },
  {
    name: 'empty title',
    input: broken((m) => (m.purposes[2].title = '')),
    message: 'purposes[2].title: must not be empty',
  },
  {
    name: 'title neither text nor object',
    input: broken((m) => (m.purposes[2].title = 5)),
    message: 'purposes[2].title: expected text or an object, got 5',
  },
  {
    name: 'localized text with a bad locale',
    input: broken((m) => (m.purposes[1].title = { EN: 'Analytics' })),
    message: 'purposes[1].title.EN: key expected a language tag like "en" or "pt-BR", got "EN"',
  },
  {
    name: 'localized text with a non-string value',
    input: broken((m) => (m.purposes[1].title = { en: ['Analytics'] })),
    message: 'purposes[1].title.en: expected text, got a list',
  },
  {
    name: 'required flag as text',
    input: broken((m) => (m.purposes[0].required = 'yes')),
    message: 'purposes[0].required: expected true or false, got "yes"',
  },
  {
    name: 'no purposes at all',
    input: broken((m) => (m.purposes = [])),
    message: 'purposes: must list at least 1 item',
  },
  {
    name: 'id reused across a purpose and a vendor',
    input: broken((m) => (m.vendors[0].id = 'analytics')),
    message: 'vendors[0].id: "analytics" is already the id of purposes[1]',
    semantic: true,
  },
  {
    name: 'id reused by two purposes',
    input: broken((m) => (m.purposes[2].id = 'analytics')),
    message: 'purposes[2].id: "analytics" is already the id of purposes[1]',
    semantic: true,
  },
  {
    name: 'vendor names an unknown purpose',
    input: broken((m) => (m.vendors[1].purposes = ['chat'])),
    message: 'vendors[1].purposes[0]: unknown purpose "chat" (known: necessary, analytics, livechat, marketing)',
    semantic: true,
  },
  {
    name: 'vendor without a name or preset',
    input: broken((m) => delete m.vendors[1].name),
    message: 'vendors[1]: missing "name"',
  },
  {
    name: 'vendor with no purposes',
    input: broken((m) => (m.vendors[1].purposes = [])),
    message: 'vendors[1].purposes: must list at least 1 item',
  },
  {
    name: 'unknown preset',
    input: broken((m) => (m.vendors[1].preset = 'intercom-xyz')),
    message: 'vendors[1].preset: expected one of',
  },
  {
    name: 'vendor cookie without a lifetime',
    input: broken((m) => delete m.vendors[0].cookies[0].days),
    message: 'vendors[0].cookies[0]: missing "days"',
  },
  {
    name: 'vendor cookie regex that does not compile',
    input: broken((m) => (m.vendors[0].cookies[1].name = '/^st_(/')),
    message: 'vendors[0].cookies[1].name: "/^st_(/" is not a valid regular expression',
    semantic: true,
  },
  {
    name: 'privacy policy with javascript:',
    input: broken((m) => (m.vendors[0].privacyPolicy = 'javascript:alert(1)')),
    message: 'vendors[0].privacyPolicy: expected an http(s) or relative URL, got "javascript:alert(1)"',
  },
  {
    name: 'policy URL with data:',
    input: broken((m) => (m.policyUrl = 'data:text/html,hi')),
    message: 'policyUrl: expected an http(s) or relative URL, got "data:text/html,hi"',
  },
  {
    name: 'receipt endpoint with ftp:',
    input: broken((m) => (m.log = { endpoint: 'ftp://x/receipts' })),
    message: 'log.endpoint: expected an http(s) or relative URL, got "ftp://x/receipts"',
  },
  {
    name: 'country code in lowercase',
    input: broken((m) => (m.vendors[0].country = 'us')),
    message: 'vendors[0].country: expected a two-letter country code like "US", got "us"',
  },
  {
    name: 'Consent Mode mapped to an unknown signal',
    input: broken((m) => (m.googleConsentMode = { analytics: ['analytics'] })),
    message: 'googleConsentMode.analytics: key expected one of',
  },
  {
    name: 'Consent Mode mapped to an unknown purpose',
    input: broken((m) => (m.googleConsentMode = { analytics_storage: ['analytic'] })),
    message: 'googleConsentMode.analytics_storage[0]: unknown purpose or vendor "analytic" (did you mean "analytics"?)',
    semantic: true,
  },
  {
    name: 'theme colour that is not a hex colour',
    input: broken((m) => (m.ui = { theme: { accent: 'red;}*{x:y' } })),
    message: 'ui.theme.accent: expected a hex colour like "#0a7", got "red;}*{x:y"',
  },
  {
    name: 'layout misspelt',
    input: broken((m) => (m.ui = { layout: 'bars' })),
    message: 'ui.layout: expected one of "bar", "box", got "bars" (did you mean "bar"?)',
  },
  {
    name: 'a required purpose cannot follow GPC',
    input: broken((m) => (m.purposes[0].gpc = true)),
    message: 'purposes[0].gpc: a required purpose cannot be denied by Global Privacy Control',
    semantic: true,
  },
  {
    name: 'a vendor host written as a URL',
    input: broken((m) => (m.vendors[0].hosts = ['cdn.stats.example', 'https://cdn.stats.example/'])),
    message:
      'vendors[0].hosts[1]: expected a host name like "cdn.acme.example" or "*.acme.example", got "https://cdn.stats.example/"',
  },
  {
    name: 'a vendor host wildcard over a whole top-level domain',
    input: broken((m) => (m.vendors[0].hosts = ['*.com'])),
    message: 'vendors[0].hosts[0]: expected a host name like "cdn.acme.example" or "*.acme.example", got "*.com"',
  },
  {
    name: 'vendor hosts that are not a list',
    input: broken((m) => (m.vendors[2].hosts = 'ads.adco.example')),
    message: 'vendors[2].hosts: expected a list, got "ads.adco.example"',
  },
  {
    name: 'text overrides keyed by a bad locale',
    input: broken((m) => (m.texts = { 'ro_RO': { 'banner.title': 'x' } })),
    message: 'texts.ro_RO: key expected a language tag like "en" or "pt-BR", got "ro_RO"',
  },
]

describe('validateManifest', () => {
  test('accepts a valid manifest and fills in the defaults', () => {
    const result = validateManifest(manifest())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.manifest).toMatchObject({
      version: 1,
      mode: 'opt-in',
      defaultLocale: 'en',
      cookie: { name: 'consentry', days: 182 },
      reloadOnRevoke: false,
      googleConsentMode: null,
      ui: { layout: 'bar', position: 'bottom', floatingButton: true },
      log: null,
    })
    expect(result.manifest.purposes.map((p) => [p.id, p.required, p.vendors])).toEqual([
      ['necessary', true, []],
      ['analytics', false, ['stats']],
      ['livechat', false, ['chatco']],
      ['marketing', false, ['adco']],
    ])
  })

  test.each(CASES)('reports $name with its path', ({ input, message }) => {
    const found = problems(input)
    expect(found.some((line) => line.startsWith(message)), `got:\n${found.join('\n')}`).toBe(true)
  })

  test('has at least 25 distinct invalid manifests, each with its own message', () => {
    expect(new Set(CASES.map((c) => c.message)).size).toBeGreaterThanOrEqual(25)
  })

  test('reports every problem at once', () => {
    const found = problems(
      broken((m) => {
        m.mode = 'nope'
        m.cookie = { days: 999 }
        m.vendors[1].purposes = ['chat']
        m.purposes[1].id = 'BAD'
      }),
    )
    expect(found.map((line) => line.split(':')[0])).toEqual(
      expect.arrayContaining(['mode', 'cookie.days', 'vendors[1].purposes[0]', 'purposes[1].id']),
    )
  })

  test('names keys that are not identifiers with brackets', () => {
    expect(problems(broken((m) => (m.cookie = { 'max-age': 3 })))).toContain(
      'cookie["max-age"]: unknown key "max-age"',
    )
  })

  test('accepts relative and http(s) URLs', () => {
    for (const url of ['/privacy', 'privacy.html', '../legal#cookies', '?p=privacy', 'https://a.example/p', 'http://a.example'])
      expect(validateManifest(broken((m) => (m.policyUrl = url))).ok, url).toBe(true)
  })

  test('never throws, whatever it is given', () => {
    const cyclic: any = { purposes: [] }
    cyclic.purposes.push(cyclic)
    for (const input of [undefined, 0, 'manifest', Symbol('x'), () => {}, cyclic, new Date(), { __proto__: null }])
      expect(() => validateManifest(input)).not.toThrow()
  })

  test('lets manifest fields override a vendor’s defaults', () => {
    const result = validateManifest(broken((m) => (m.vendors[0].name = { en: 'Stats', ro: 'Statistici' })))
    expect(result.ok && result.manifest.vendors[0]!.name).toEqual({ en: 'Stats', ro: 'Statistici' })
  })

  test('accepts vendor hosts and wildcards, and adds them to the preset’s, each once', () => {
    const result = validateManifest(
      broken((m) => {
        m.vendors[0].hosts = ['cdn.stats.example', '*.stats.example', 'localhost', 'x-1.b2.example']
        m.vendors.push({
          id: 'hotjar',
          preset: 'hotjar',
          purposes: ['analytics'],
          options: { siteId: '1' },
          hosts: ['vars.hotjar.com', 'static.hotjar.com'],
        })
      }),
    )
    expect(result.ok && result.manifest.vendors.map((vendor) => vendor.hosts)).toEqual([
      ['cdn.stats.example', '*.stats.example', 'localhost', 'x-1.b2.example'],
      [],
      [],
      ['static.hotjar.com', 'script.hotjar.com', 'vars.hotjar.com'],
    ])
  })

  test('refuses host names with a scheme, a port, a path, capitals or a misplaced wildcard', () => {
    const hosts = ['http://a.example', 'a.example:8080', 'a.example/x', 'CDN.a.example', 'cdn.*.example', '*a.example', '-a.example', 'a..example']
    expect(problems(broken((m) => (m.vendors[0].hosts = hosts))).map((line) => line.split(':')[0])).toEqual(
      hosts.map((_, i) => `vendors[0].hosts[${i}]`),
    )
  })

  test('maps Google Consent Mode by default when switched on', () => {
    const result = validateManifest(broken((m) => (m.googleConsentMode = true)))
    expect(result.ok && result.manifest.googleConsentMode).toEqual({
      analytics_storage: ['analytics'],
      ad_storage: ['marketing'],
      ad_user_data: ['marketing'],
      ad_personalization: ['marketing'],
    })
  })
})

describe('dist/manifest.schema.json', () => {
  const schema = JSON.parse(readFileSync(distFile('manifest.schema.json'), 'utf8'))
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  const validate = ajv.compile(schema)

  test('accepts the valid manifests the validator accepts', () => {
    expect(validate(manifest()), JSON.stringify(validate.errors)).toBe(true)
    expect(validate(broken((m) => (m.googleConsentMode = { ad_storage: ['marketing'] })))).toBe(true)
    expect(validate(broken((m) => (m.vendors[0].hosts = ['cdn.stats.example', '*.stats.example'])))).toBe(true)
  })

  test.each(CASES.filter((c) => !c.semantic))('rejects what the validator rejects: $name', ({ input }) => {
    expect(validate(input)).toBe(false)
  })

  test.each(CASES.filter((c) => c.semantic))(
    'leaves cross references to the validator: $name',
    ({ input }) => {
      expect(validate(input)).toBe(true)
      expect(validateManifest(input).ok).toBe(false)
    },
  )
})
