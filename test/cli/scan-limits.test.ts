/**
 * `consentry scan` without surprises (docs/reference.md §12): it creates no consent records, reads
 * a manifest with a byte order mark, stops before scanning when `--manifest` cannot be read, and
 * takes the page timeout from `--timeout`.
 */
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { CHROME, site, useSite } from '../browser/harness'
import { consentry } from './run'

const SLOW = 240_000
const dir = mkdtempSync(join(tmpdir(), 'consentry-scan-'))

const MANIFEST = {
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Counts visits.' },
  ],
  vendors: [{ id: 'stats', name: 'Stats Inc', purposes: ['analytics'], cookies: [{ name: 'stats_id', days: 30 }] }],
  log: { endpoint: '/receipts' },
}
const PAGE = `<!doctype html><html lang="en"><head><title>shop</title>
<script src="/consentry.js" data-manifest="/logged/consent.json"></script></head><body><h1>Shop</h1></body></html>`

/** Every request that reached the site's `log.endpoint`. */
const received: string[] = []

useSite((request, response) => {
  const path = new URL(request.url!, 'http://x').pathname
  if (path === '/receipts') return (received.push(request.method!), response.writeHead(204).end(), true)
  if (path === '/logged/') return (response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE), true)
  if (path === '/logged/consent.json') return (response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MANIFEST)), true)
  // A page that answers only after 20 s.
  if (path === '/slow/') return (setTimeout(() => response.writeHead(200, { 'content-type': 'text/html' }).end('<title>late</title>'), 20_000), true)
  return false
})

describe('consentry scan', () => {
  test('decides twice and sends no receipt to log.endpoint; a --manifest file with a BOM is read', async () => {
    const manifest = join(dir, 'bom.json')
    writeFileSync(manifest, '\uFEFF' + JSON.stringify(MANIFEST, null, 2))
    const ran = await consentry(['scan', `${site.url}/logged/`, '--manifest', manifest, '--json'], { CHROME_PATH: CHROME })
    const report = JSON.parse(ran.stdout)
    expect([ran.code, report.manifest, report.violations]).toEqual([0, { source: manifest, valid: true, issues: [] }, []])
    expect(report.phases.reject).not.toBeNull()
    expect(report.phases.accept).not.toBeNull()
    expect(received).toEqual([])
    // Both decisions did try to send a receipt, so the withholding was put to work in each: the scan
    // waits for what a decision starts before it moves on.
    const withheld = ran.stderr.split('\n').filter((line) => line.endsWith(`1 consent receipt(s) withheld, not sent to ${site.url}/receipts`))
    expect(withheld.map((line) => line.split(':')[1]!.trim())).toEqual(['after Reject all', 'after Accept all'])
  }, SLOW)

  test('a --manifest file that cannot be read exits 2 before anything is scanned', async () => {
    const ran = await consentry(['scan', `${site.url}/logged/`, '--manifest', join(dir, 'missing.json')])
    expect([ran.code, ran.stdout, ran.stderr.trim()]).toEqual([2, '', `consentry: --manifest ${join(dir, 'missing.json')} cannot be read: no such file`])
  })

  test('--timeout sets how long a page may take to load', async () => {
    const started = Date.now()
    const ran = await consentry(['scan', `${site.url}/slow/`, '--timeout', '1'], { CHROME_PATH: CHROME })
    expect(ran.code).toBe(2)
    expect(ran.stderr.trim().split('\n').at(-1)).toBe(`consentry: cannot open ${site.url}/slow/: Timeout 1000ms exceeded`)
    expect(Date.now() - started).toBeLessThan(15_000)
    const bad = await consentry(['scan', `${site.url}/slow/`, '--timeout', 'soon'])
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'consentry: --timeout wants a number of seconds above 0 and at most 600, got "soon"'])
  }, SLOW)

  test('--help documents the timeout, --all, the withheld receipts and --draft\'s exit code', async () => {
    const help = (await consentry(['scan', '--help'])).stdout
    expect(help).toContain('--timeout S               seconds a page may take to load (default 30)')
    expect(help).toContain('--all ')
    expect(help).toContain('The scan never creates consent records')
    expect(help).toMatch(/1 violations .+ or an invalid manifest,\nwith --draft too/)
  })
})
