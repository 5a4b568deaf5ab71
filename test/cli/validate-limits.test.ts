// @vitest-environment node
/**
 * `consentry validate` on what a site owner's editor or a careless script may produce
 * (docs/reference.md §3 Limits, §12): a byte order mark, a typo, deep nesting, a huge file,
 * thousands of problems; and `--stamp`.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { validateManifest } from '../../src/index'
import { isStamped } from '../../src/core/stamp'
import { consentry } from './run'

const dir = mkdtempSync(join(tmpdir(), 'consentry-limits-'))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
// The example manifest as a site owner writes it before stamping: two-space indented, no stamp.
const { stamp: _stamp, ...unstamped } = JSON.parse(readFileSync('examples/b2b/consent.json', 'utf8'))
const EXAMPLE = JSON.stringify(unstamped, null, 2) + '\n'
const MINIMAL = { policyUrl: '/privacy', controller: 'Example Ltd', purposes: [{ id: 'necessary', required: true, title: 'Necessary', description: 'Keeps the site working.' }] }

describe('consentry validate reads what editors write', () => {
  test('a UTF-8 byte order mark is ignored, as the browser ignores it', async () => {
    const ran = await consentry(['validate', file('bom.json', '\uFEFF' + EXAMPLE)])
    expect([ran.code, ran.stdout.trim()]).toEqual([0, `${join(dir, 'bom.json')}: valid`])
  })

  test('invalid JSON is reported with its line and column', async () => {
    const ran = await consentry(['validate', file('typo.json', '{\n  "policyUrl": "/privacy",\n  "controller": "Example Ltd",,\n}\n')])
    expect(ran.code).toBe(1)
    expect(ran.stdout.trim()).toMatch(/typo\.json: the manifest is not valid JSON: .+ at line 3, column 31$/)
    const cut = await consentry(['validate', file('cut.json', '{\r\n  "policyUrl": "/privacy"')])
    expect(cut.stdout.trim()).toMatch(/cut\.json: the manifest is not valid JSON: .+ at line 2, column 26$/)
  })
})

describe('consentry validate has limits', () => {
  test('a list nested 200,000 deep is refused by name, with no RangeError', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000)
    const ran = await consentry(['validate', file('deep.json', `{"policyUrl": "/p", "controller": "c", "purposes": ${deep}}`)])
    expect(ran.code).toBe(1)
    expect(ran.stdout).not.toContain('RangeError')
    expect(ran.stdout.trim()).toBe(`${join(dir, 'deep.json')}: the manifest is nested more than 32 levels deep, the limit`)
    // 32 levels pass on to the validator.
    const deepest = `{"policyUrl": "/p", "controller": "c", "purposes": ${'['.repeat(31)}${']'.repeat(31)}}`
    const ok = await consentry(['validate', file('deepest.json', deepest)])
    expect(ok.stdout).toContain('purposes[0]: expected an object, got a list')
    expect(validateManifest(JSON.parse(deepest)).ok).toBe(false)
  })

  test('a manifest over 1 MB is refused, with its size', async () => {
    const big = JSON.stringify({ ...MINIMAL, texts: { en: { 'banner.title': 'x'.repeat(3 * 1024 * 1024) } } })
    const ran = await consentry(['validate', file('big.json', big)])
    expect([ran.code, ran.stdout.trim()]).toEqual([
      1,
      `${join(dir, 'big.json')}: the manifest is 3.0 MB, more than the limit of 1.0 MB (every visitor's browser downloads it)`,
    ])
  })

  test('20,000 problems print 20 lines and a count; --all prints them all; --json has them all', async () => {
    const vendors = Array.from({ length: 20_000 }, (_, i) => ({ id: `v${i}`, name: 'V', purposes: ['nope'] }))
    const many = file('many.json', JSON.stringify({ ...MINIMAL, vendors }))
    const ran = await consentry(['validate', many])
    const lines = ran.stdout.trim().split('\n')
    expect([ran.code, lines.length, lines[0], lines.at(-1)]).toEqual([
      1,
      22,
      `${many}: invalid manifest, 20,000 problems:`,
      '  … and 19,980 more problems (--all lists every one)',
    ])
    const all = await consentry(['validate', '--all', many])
    expect(all.stdout.trim().split('\n').length).toBe(20_001)
    const json = await consentry(['validate', '--json', many])
    expect(JSON.parse(json.stdout).files[0].issues.length).toBe(20_000)
  })
})

describe('consentry validate --stamp', () => {
  test('writes the stamp as the last key, changing nothing else of the file, and keeps it on a second run', async () => {
    const path = file('stamp.json', EXAMPLE)
    const ran = await consentry(['validate', '--stamp', path])
    const text = readFileSync(path, 'utf8')
    const manifest = JSON.parse(text)
    expect(ran.code).toBe(0)
    expect(ran.stdout.trim()).toBe(`${path}: valid, stamped ${manifest.stamp}`)
    expect(isStamped(manifest)).toBe(true)
    expect(Object.keys(manifest).at(-1)).toBe('stamp')
    // The same lines, the stamp's line added before the closing brace.
    const lines = EXAMPLE.trimEnd().split('\n')
    expect(text).toBe([...lines.slice(0, -2), lines.at(-2) + ',', `  "stamp": "${manifest.stamp}"`, '}', ''].join('\n'))
    expect((await consentry(['validate', path])).code).toBe(0)
    const again = await consentry(['validate', '--stamp', path])
    expect([again.code, readFileSync(path, 'utf8')]).toEqual([0, text])
    // Edited after stamping: still valid, and told to stamp again.
    writeFileSync(path, text.replace('"days": 182', '"days": 90'))
    const stale = await consentry(['validate', path])
    expect([stale.code, stale.stdout.trim()]).toEqual([0, `${path}: valid, but its stamp is out of date (run consentry validate --stamp)`])
  })

  test('restamps an edited file where its stamp stands, keeping CRLF, tabs and the BOM', async () => {
    const tabbed = '\uFEFF' + JSON.stringify({ stamp: '1.old.1', ...MINIMAL }, null, '\t').replace(/\n/g, '\r\n') + '\r\n'
    const path = file('tabs.json', tabbed)
    expect((await consentry(['validate', '--stamp', path])).code).toBe(0)
    const text = readFileSync(path, 'utf8')
    const manifest = JSON.parse(text.slice(1))
    expect(isStamped(manifest)).toBe(true)
    expect(text).toBe(tabbed.replace('1.old.1', manifest.stamp))
  })

  test('a one-line file stays on one line', async () => {
    const path = file('line.json', JSON.stringify(MINIMAL))
    expect((await consentry(['validate', '--stamp', path])).code).toBe(0)
    const text = readFileSync(path, 'utf8')
    expect(text).toBe(JSON.stringify({ ...MINIMAL, stamp: JSON.parse(text).stamp }))
  })

  test('an invalid file is left untouched, with exit code 1; an unreadable one exits 2', async () => {
    const bad = JSON.stringify({ ...MINIMAL, cookie: { days: 400 } }, null, 2)
    const path = file('bad.json', bad)
    const before = statSync(path).mtimeMs
    const ran = await consentry(['validate', '--stamp', path])
    expect([ran.code, readFileSync(path, 'utf8'), statSync(path).mtimeMs]).toEqual([1, bad, before])
    expect((await consentry(['validate', '--stamp', join(dir, 'missing.json')])).code).toBe(2)
  })
})
