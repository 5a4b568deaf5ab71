// @vitest-environment node
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { consentry } from './run'

// `consentry declaration` (docs/reference.md, Cookie declaration), the built command. The browser
// test (test/browser/declaration.test.ts) checks that it writes what the page shows.
const dir = mkdtempSync(join(tmpdir(), 'consentry-declaration-'))
const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name))

test('writes the declaration of a manifest in its default locale, or the one asked for', async () => {
  const en = await consentry(['declaration', 'examples/registratura/consent.json', '--locale', 'en-GB'])
  expect(en.code).toBe(0)
  expect(en.stdout).toMatch(/^<div data-consent-declaration="" lang="en" dir="ltr"><section><h3>/)
  expect(en.stdout).toContain('<td>13 months</td>')
  const ro = await consentry(['declaration', 'examples/registratura/consent.json'])
  expect(ro.stdout).toMatch(/^<div data-consent-declaration="" lang="ro" dir="ltr">/)
  expect(ro.stdout).toContain('<td>13 luni</td><td>primă parte</td>')
  const ar = await consentry(['declaration', 'examples/24seven/consent.json', '--locale', 'ar', '--heading-level', '2'])
  expect(ar.stdout).toMatch(/^<div data-consent-declaration="" lang="ar" dir="rtl"><section><h2>/)
  expect(ar.stdout).toContain('<h3>Google Analytics</h3>')
})

test('a manifest with a byte order mark is read as the browser reads it', async () => {
  const path = file('bom.json', '\uFEFF' + readFileSync('examples/b2b/consent.json', 'utf8'))
  const result = await consentry(['declaration', path])
  expect(result.code).toBe(0)
  expect(result.stdout).toContain('<code dir="ltr">consentry_b2b</code>')
})

test('exits 1 on an invalid manifest with every problem, 2 on a missing file or bad arguments, writing nothing', async () => {
  const invalid = await consentry(['declaration', file('bad.json', '{"policyUrl":"javascript:x","controller":"A","purposes":[]}')])
  expect([invalid.code, invalid.stdout]).toEqual([1, ''])
  expect(invalid.stderr).toContain('policyUrl')
  const notJson = await consentry(['declaration', file('nojson.json', '{')])
  expect([notJson.code, notJson.stdout]).toEqual([1, ''])
  expect(notJson.stderr).toContain('not valid JSON')
  for (const args of [['declaration', join(dir, 'missing.json')], ['declaration'], ['declaration', 'a.json', '--heading-level', '7'], ['declaration', 'a.json', '--nope']]) {
    const result = await consentry(args)
    expect([result.code, result.stdout], args.join(' ')).toEqual([2, ''])
  }
})
