// @vitest-environment node
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
// @ts-expect-error: a plain .mjs helper
import { bundleApp } from '../scripts/esm-app.mjs'
import { presetNames } from '../scripts/presets.mjs'

/**
 * The ESM cost (budgets.json "esm"): a small application bundled from the built dist/esm as a
 * site's bundler would, with a manifest naming two presets and no stamp. What it downloads first
 * must stay within budget; each preset, the validator and what only some manifests or pages need
 * must be chunks of their own, loaded by `import()` only when needed (docs/architecture.md, Bundlers).
 */
interface Chunk {
  fileName: string
  gzip: number
  dynamic: boolean
  code: string
  modules: string[]
}
const budgets = JSON.parse(readFileSync(`${process.cwd()}/budgets.json`, 'utf8')).esm as Record<string, { budget: number }>

const MANIFEST = JSON.stringify({
  version: 1,
  purposes: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'livechat' }],
  vendors: [
    { id: 'ga', preset: 'ga4', purposes: ['analytics'], options: { measurementId: 'G-TEST1234' } },
    { id: 'tawk', preset: 'tawkto', purposes: ['livechat'], options: { propertyId: 'p', widgetId: 'w' } },
  ],
})

const app = (ui: boolean) => `import { createConsent } from 'consentry'
import { Consented, useGranted } from 'consentry/react'
${ui ? "import { mountUI } from 'consentry/ui'" : ''}
export const consent = createConsent(${MANIFEST})
export const Status = () => useGranted(consent, 'analytics') ? 'on' : 'off'
export { Consented }
${ui ? 'mountUI(consent)' : ''}`

const initial = (chunks: Chunk[]) => chunks.filter((c) => !c.dynamic).reduce((sum, c) => sum + c.gzip, 0)
const inInitial = (chunks: Chunk[], path: RegExp) => chunks.some((c) => !c.dynamic && c.modules.some((m) => path.test(m)))

test('createConsent and consentry/react stay within budget, presets and the validator in chunks of their own', async () => {
  const chunks: Chunk[] = await bundleApp(app(false))
  const size = initial(chunks)
  console.log(`createConsent + consentry/react: ${size} bytes gzip (budget ${budgets['createConsent + consentry/react']!.budget})`)
  expect(size).toBeLessThanOrEqual(budgets['createConsent + consentry/react']!.budget)
  // Today's size rounded up to 100 bytes: a budget 100 bytes or more above it is lowered.
  expect(budgets['createConsent + consentry/react']!.budget - size, 'lower the budget').toBeLessThan(100)
  const names: string[] = presetNames()
  expect(inInitial(chunks, new RegExp(`src/presets/(${names.join('|')})\\.js$`)), 'a preset in the first download').toBe(false)
  expect(inInitial(chunks, /src\/validator\.js$/), 'the validator in the first download').toBe(false)
  // Loaded when the manifest or the page needs them: gated markup, Consent Mode, receipts, the
  // clean-up of a revoked vendor, the rules per region.
  for (const module of ['instance/gate', 'integrations/google-consent-mode', 'integrations/receipts', 'instance/forget', 'regions/codes'])
    expect(inInitial(chunks, new RegExp(`src/${module}\\.js$`)), `${module} in the first download`).toBe(false)
  // Every preset is a chunk of its own, so that only those the manifest names are fetched.
  for (const name of names)
    expect(chunks.filter((c) => c.dynamic && c.modules.some((m) => m.endsWith(`src/presets/${name}.js`))).length, name).toBe(1)
}, 120_000)

test('mountUI adds no more than its budget', async () => {
  const [without, withUi]: Chunk[][] = await Promise.all([bundleApp(app(false)), bundleApp(app(true))])
  const added = initial(withUi) - initial(without)
  console.log(`mountUI on top: ${added} bytes gzip (budget ${budgets['mountUI, on top']!.budget})`)
  expect(added).toBeLessThanOrEqual(budgets['mountUI, on top']!.budget)
  expect(budgets['mountUI, on top']!.budget - added, 'lower the budget').toBeLessThan(100)
  // The banner comes first: the dialog and the placeholders of blocked embeds are imported when needed.
  for (const module of ['preferences', 'placeholder']) {
    expect(inInitial(withUi, new RegExp(`ui/${module}\\.js$`)), `ui/${module} in the first download`).toBe(false)
    expect(withUi.some((c) => c.dynamic && c.modules.some((m) => m.endsWith(`ui/${module}.js`))), `ui/${module} in a chunk`).toBe(true)
  }
}, 120_000)
