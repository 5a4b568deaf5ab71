import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { validateManifest } from '../../src/manifest/validate'
import type { Manifest, ManifestInput } from '../../src/core/types'
import { choiceText, declaration, sayer } from '../../ui/declaration'
import { h, toDom, toHtml } from '../../ui/markup'

const localesDir = resolve(__dirname, '../../locales')
const read = (file: string): Record<string, string> => JSON.parse(readFileSync(join(localesDir, file), 'utf8'))
const english = read('declaration/en.json')
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

test.each(readdirSync(localesDir).filter((file) => file.endsWith('.json')))(
  'declaration/%s exists for the UI locale, with exactly the keys of en.json, none empty, with the same placeholders',
  (file) => {
    const strings = read(`declaration/${file}`)
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort())
    for (const [key, value] of Object.entries(strings)) {
      expect(typeof value === 'string' && value.trim(), `${file} ${key}`).toBeTruthy()
      expect(placeholders(value), `${file} ${key}`).toEqual(placeholders(english[key]!))
    }
  },
)

const manifestOf = (input: Partial<ManifestInput>): Manifest => {
  const result = validateManifest({
    policyUrl: 'https://shop.example/privacy',
    controller: 'Shop',
    purposes: [
      { id: 'necessary', required: true, title: 'Necessary', description: 'Keeps it working.' },
      { id: 'analytics', title: { en: 'Analytics', ro: 'Analiză' }, description: 'Counts <b>visits</b> & more.' },
    ],
    ...input,
  })
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.manifest
}

/** Rows of every table as text, `|`-separated, through the DOM the page gets. */
const rows = (manifest: Manifest, locale = 'en', strings: unknown = {}) => {
  const root = document.createElement('div')
  root.append(...declaration({ manifest, locale, say: sayer(strings), level: 3 }).map((node) => toDom(node, document)))
  return { root, rows: Array.from(root.querySelectorAll('tbody tr')).map((row) => Array.from(row.children).map((cell) => cell.textContent).join(' | ')) }
}

test('a cookie on the site’s own domain is first party, on another a third party’s, with its domain', () => {
  const manifest = manifestOf({
    cookie: { name: 'choice', days: 365, domain: '.shop.example' },
    vendors: [
      {
        id: 'stats',
        name: 'Stats',
        purposes: ['analytics'],
        cookies: [
          { name: 'st_id', days: 395 },
          { name: 'st_all', days: 1, domain: 'www.shop.example' },
          { name: 'st_x', days: 0, domain: '.stats.example' },
          { name: '/^st_v_/', days: 30 / 1440 },
        ],
        storage: ['st_cache'],
      },
    ],
  })
  expect(rows(manifest).rows).toEqual([
    'st_id | cookie | 13 months | first party',
    'st_all | cookie | 1 day | first party',
    'st_x | cookie | session | third party (stats.example)',
    'st_v_* | cookie | 30 minutes | first party',
    'st_cache | browser storage | until deleted | first party',
    'choice | cookie | 1 year | first party',
  ])
})

test('speaks the strings it is given, in the manifest’s text of that language; unknown keys and non-strings are ignored', () => {
  const manifest = manifestOf({ vendors: [{ id: 'stats', name: 'Stats', purposes: ['analytics'] }] })
  const { root } = rows(manifest, 'ro', { ...read('declaration/ro.json'), extra: 'x', name: 3 })
  expect(Array.from(root.querySelectorAll('h3')).map((h) => h.textContent)).toEqual(['Necessary', 'Analiză', 'Alegerea dumneavoastră'])
  expect(root.querySelector('th')!.textContent).toBe('Name')
  expect(root.textContent).toContain('Stats nu stochează nimic în browserul dumneavoastră.')
})

test('manifest text is text: the same escaped markup as HTML and as DOM', () => {
  const manifest = manifestOf({ vendors: [{ id: 'stats', name: 'S"<i>', purposes: ['analytics'], privacyPolicy: '/p?a=1&b="2"' }] })
  const tree = h('div', {}, declaration({ manifest, locale: 'en', say: sayer({}), level: 2 }))
  const html = toHtml(tree)
  expect(html).toContain('<p>Counts &lt;b&gt;visits&lt;/b&gt; &amp; more.</p>')
  expect(html).toContain('<h3>S"&lt;i&gt;</h3>')
  expect(html).toContain('<a href="/p?a=1&amp;b=&quot;2&quot;">')
  const element = toDom(tree, document) as Element
  expect(element.querySelectorAll('b, i')).toHaveLength(0)
  const parsed = document.createElement('div')
  parsed.innerHTML = html
  expect(parsed.firstElementChild!.isEqualNode(element)).toBe(true)
})

test('the choice: each purpose given or refused, and a vendor switched off under a given purpose', () => {
  const manifest = manifestOf({
    vendors: [
      { id: 'stats', name: 'Stats', purposes: ['analytics'] },
      { id: 'more', name: 'More', purposes: ['analytics'] },
    ],
  })
  const context = { manifest, locale: 'en', say: sayer({}), level: 3 }
  const state = { status: 'ready' as const, decided: true, gpc: false, purposes: { necessary: true, analytics: true }, vendors: { stats: false, more: true } }
  const record = { id: 'abc', version: 1, timestamp: '2026-12-01T10:00:00.000Z', source: 'banner' as const, locale: 'en', purposes: {}, vendors: {} }
  const text = choiceText(context, state, record).map((node) => (toDom(node, document) as Element).textContent)
  expect(text[0]).toMatch(/^Your consent ID is abc, saved on December 1, 2026 at /)
  expect(text.slice(1)).toEqual(['Necessary: Always onAnalytics: consent given', 'Providers you switched off: Stats'])
  expect(choiceText(context, { ...state, decided: false, purposes: { necessary: true, analytics: false } }, null).map((node) => (toDom(node, document) as Element).textContent)).toEqual([
    'You have not made a choice yet.',
    'Necessary: Always onAnalytics: consent refused',
  ])
})
