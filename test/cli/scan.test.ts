/**
 * `consentry scan` against sites this test serves (docs/reference.md §12): the examples of
 * `npm start`, and pages with planted faults. Vendor hosts are pointed at the test's own server
 * with Chromium's --host-resolver-rules, and answered with small stand-ins for the vendors' scripts.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import Ajv2020 from 'ajv/dist/2020'
import { validateManifest } from '../../src/index'
import { CHROME, site, useSite } from '../browser/harness'
import { serve } from '../browser/server'
import { consentry } from './run'

const SLOW = 240_000
const validReport = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync('dist/cli/scan.schema.json', 'utf8')))

/** What the vendors' scripts would do that a scan can see: the GA cookie. */
const FAKE_SCRIPTS: Record<string, string> = {
  'www.googletagmanager.com': `document.cookie = '_ga=GA1.1.1234.5678; path=/; max-age=' + 395 * 86400`,
  'embed.tawk.to': '',
  'cdn.widgets.example': '',
}

const MANIFEST = (vendors: object[]) =>
  JSON.stringify({
    policyUrl: '/privacy',
    controller: 'Example Ltd',
    purposes: [
      { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
      { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
    ],
    vendors,
  })
const GA4 = { id: 'ga4', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-TEST1' } }
const STATS = { id: 'stats', name: 'Stats Inc', purposes: ['analytics'], cookies: [{ name: 'stats_id', days: 30 }] }

const page = (manifest: string | null, body: string) => `<!doctype html><html lang="en"><head><title>fault</title>
${manifest ? `<script type="application/json" id="consentry-manifest">${manifest}</script><script src="/consentry.js"></script>` : ''}
</head><body><h1>Shop</h1>${body}</body></html>`

/** Pages with one planted fault each, by path. */
const FAULTS: Record<string, string> = {
  '/faults/ga-snippet': page(MANIFEST([GA4]), `<script async src="http://www.googletagmanager.com/gtag/js?id=G-TEST1"></script>`),
  '/faults/early-cookie': page(MANIFEST([STATS]), `<script>document.cookie = 'stats_id=42; path=/; max-age=' + 30 * 86400</script>`),
  // A tag that writes the GA cookie once any decision is stored, whatever the decision says.
  '/faults/ignores-refusal': page(
    MANIFEST([GA4]),
    `<script>window.consent.ready.then(function (c) { if (c.hasDecided()) document.cookie = '_ga=GA1.1.1.2; path=/; max-age=' + 395 * 86400 })</script>`,
  ),
  '/faults/undeclared': page(
    MANIFEST([STATS]),
    `<script type="text/plain" data-consent="analytics">
      document.cookie = 'stats_id=42; path=/; max-age=' + 30 * 86400
      localStorage.setItem('mystery_key', '1')
      var s = document.createElement('script'); s.src = 'http://cdn.widgets.example/w.js'; document.head.appendChild(s)
    </script>`,
  ),
  '/faults/no-consentry': page(
    null,
    `<script async src="http://www.googletagmanager.com/gtag/js?id=G-DRAFT1"></script>
     <script async src="http://embed.tawk.to/63f1c0ffee0a1b2c3d4e5f60/1gq2chatc"></script>`,
  ),
}

// The harness's site; `consentry scan` launches its own Chrome (the tests' one), pointed at it with these flags.
useSite((request, response) => {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '')
  if (host in FAKE_SCRIPTS) return (response.writeHead(200, { 'content-type': 'text/javascript' }).end(FAKE_SCRIPTS[host]), true)
  const html = FAULTS[new URL(request.url!, 'http://x').pathname]
  if (!html) return false
  return (response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html), true)
})
const flags = () => {
  const rules = Object.keys(FAKE_SCRIPTS).map((host) => `MAP ${host} 127.0.0.1:${new URL(site.url).port}`)
  return { CHROME_PATH: CHROME, CONSENTRY_CHROME_FLAGS: `--host-resolver-rules=${rules.join(',')}` }
}

/** Scans with --json and checks the report against dist/cli/scan.schema.json. */
const scan = async (path: string, ...args: string[]) => {
  const ran = await consentry(['scan', site.url + path, '--json', ...args], flags())
  const report = JSON.parse(ran.stdout)
  expect(validReport(report) ? [] : validReport.errors).toEqual([])
  expect(report.exitCode).toBe(ran.code)
  return { ...ran, report }
}

type Finding = { phase?: string; kind: string; name: string; vendor: string | null }
const brief = (findings: Finding[]) =>
  findings.map((f) => [...(f.phase ? [f.phase] : []), f.kind, f.name, String(f.vendor)].join(' ')).sort()

describe.concurrent('consentry scan of the examples', () => {
  test.each(['24seven', 'chat-center', 'registratura', 'spa'])('%s scans clean', async (example) => {
    const { code, report } = await scan(`/${example}/`)
    expect([code, report.violations, report.undeclared, report.notes]).toEqual([0, [], [], []])
    expect(report.phases.reject).not.toBeNull()
    // Accepting lets the example's vendors run; each seen item is declared by one of them.
    expect(report.phases.accept.length).toBeGreaterThan(report.phases.before.length)
  }, SLOW)

  test('b2b scans clean, as a readable table with progress on stderr', async () => {
    const ran = await consentry(['scan', `${site.url}/b2b/`], flags())
    expect(ran.code).toBe(0)
    expect(ran.stdout).toMatch(/^ {2}localStorage +b2b_usage_events +usage$/m)
    expect(ran.stdout).toContain('Violations: none')
    expect(ran.stdout.trim().split('\n').at(-1)).toBe('Result: no violations (exit code 0)')
    expect(ran.stderr).toContain('scan: after Accept all: page 1 of 1')
  }, SLOW)
})

describe.concurrent('consentry scan finds planted faults', () => {
  test('an unmarked GA snippet runs before consent and after refusal', async () => {
    const { code, report } = await scan('/faults/ga-snippet')
    expect(code).toBe(1)
    expect(brief(report.violations)).toEqual([
      'before cookie _ga ga4',
      'before host www.googletagmanager.com ga4',
      'reject cookie _ga ga4',
      'reject host www.googletagmanager.com ga4',
    ])
    expect(report.undeclared).toEqual([])
  }, SLOW)

  test('a first-party cookie written before consent', async () => {
    const { code, report } = await scan('/faults/early-cookie')
    expect(code).toBe(1)
    expect(brief(report.violations)).toEqual(['before cookie stats_id stats', 'reject cookie stats_id stats'])
    expect(report.violations[0].reason).toBe('vendor "stats" needs analytics, not granted before a decision')
  }, SLOW)

  test('a vendor cookie set after Reject all', async () => {
    const { code, report } = await scan('/faults/ignores-refusal')
    expect(code).toBe(1)
    expect(brief(report.violations)).toEqual(['reject cookie _ga ga4'])
  }, SLOW)

  test('a storage key and a host no vendor declares, with the entry to add', async () => {
    const { code, report } = await scan('/faults/undeclared')
    expect(code).toBe(0)
    expect(report.violations).toEqual([])
    expect(brief(report.undeclared)).toEqual(['host cdn.widgets.example null', 'localStorage mystery_key null'])
    const host = report.undeclared.find((item: Finding) => item.kind === 'host')
    expect(JSON.parse(host.suggestion)).toEqual({ id: 'widgets', name: 'widgets.example', purposes: ['unsorted'], hosts: ['cdn.widgets.example'] })
    expect(report.notSeen).toEqual([])
  }, SLOW)

  test('a page without consentry is still reported, its decision phases skipped with a note', async () => {
    const { code, report } = await scan('/faults/no-consentry')
    expect(code).toBe(1)
    expect([report.consentry, report.manifest, report.phases.reject, report.phases.accept]).toEqual([false, null, null, null])
    expect(report.notes).toContain(`consentry is not on ${site.url}/faults/no-consentry (no window.consent): the Reject all and Accept all phases are skipped`)
    expect(brief(report.violations)).toEqual([
      'before cookie _ga null',
      'before host embed.tawk.to null',
      'before host www.googletagmanager.com null',
    ])
  }, SLOW)

  test('--draft of a page with tawk.to and GA4 is a valid manifest with both presets', async () => {
    const ran = await consentry(['scan', `${site.url}/faults/no-consentry`, '--draft'], flags())
    const draft = JSON.parse(ran.stdout)
    const result = validateManifest(draft)
    expect(result.ok ? [] : result.issues).toEqual([])
    expect(draft.vendors.map((v: { preset?: string; options?: object }) => [v.preset, v.options])).toEqual([
      ['ga4', { measurementId: 'G-DRAFT1' }],
      ['tawkto', { propertyId: '63f1c0ffee0a1b2c3d4e5f60', widgetId: '1gq2chatc' }],
    ])
  }, SLOW)

  test('an unreachable site is one line on stderr and exit code 2', async () => {
    const gone = await serve({})
    await gone.close()
    const ran = await consentry(['scan', `${gone.url}/`], flags())
    expect(ran.code).toBe(2)
    expect(ran.stdout).toBe('')
    expect(ran.stderr.trim().split('\n').at(-1)).toBe(`consentry: cannot open ${gone.url}/: net::ERR_CONNECTION_REFUSED`)
  }, SLOW)
})
