import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { formatIssue, validateManifest } from '../src/index'

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
