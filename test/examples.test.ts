import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { formatIssue, validateManifest } from '../src/index'
import { EXAMPLES_COLLECTOR } from '../scripts/server.mjs'

// vitest runs from the repository's root.
const root = resolve('examples')
const sites = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => readdirSync(join(root, name)).includes('consent.json'))

test('every example has a manifest', () => {
  expect(sites.sort()).toEqual(['24seven', 'b2b', 'chat-center', 'registratura', 'spa'])
})

test.each(sites)('examples/%s/consent.json passes validation with no issue', (site) => {
  const result = validateManifest(JSON.parse(readFileSync(join(root, site, 'consent.json'), 'utf8')))
  expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([])
})

/** Every page of a site, below its folder. */
const pages = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? pages(join(dir, entry.name)) : entry.name.endsWith('.html') ? [join(dir, entry.name)] : [],
  )

test.each(sites)('every page of examples/%s loads /consentry.js with its manifest, preloaded, and has a Cookie settings link', (site) => {
  const found = pages(join(root, site)).map((file) => {
    const html = readFileSync(file, 'utf8')
    return {
      file: file.slice(root.length + 1),
      // The auto-blocking variant of a page loads the auto-blocking build instead (docs/reference.md §9).
      // The manifest preloaded as the README's quick start does it, right before the tag (docs/reference.md §1).
      loader: html.includes(
        `<link rel="preload" href="/${site}/consent.json" as="fetch" crossorigin>\n    <script src="/${file.endsWith('autoblock.html') ? 'consentry-autoblock.js' : 'consentry.js'}" data-manifest="/${site}/consent.json"></script>`,
      ),
      settings: /<footer>[\s\S]*data-consent-open[\s\S]*<\/footer>/.test(html),
    }
  })
  expect(found.length).toBeGreaterThan(0)
  expect(found.filter((page) => !page.loader || !page.settings)).toEqual([])
})

test('the index links every example', () => {
  const index = readFileSync(join(root, 'index.html'), 'utf8')
  expect(sites.filter((site) => !index.includes(`href="/${site}/"`))).toEqual([])
})

test.each(sites)('examples/%s sends its receipts to the collector npm start runs', (site) => {
  const manifest = JSON.parse(readFileSync(join(root, site, 'consent.json'), 'utf8'))
  expect(manifest.log).toEqual({ endpoint: `${EXAMPLES_COLLECTOR}/receipts` })
})
