// @vitest-environment node
import { existsSync } from 'node:fs'
import { expect, test } from 'vitest'
import { presets } from '../src/presets/index'
import { distFile } from './helpers'
import { presetHostsOf, presetNames } from '../scripts/presets.mjs'

/**
 * The script tag fetches a preset as `dist/presets/<name>.js`, built from `src/presets/<name>.ts`
 * (docs/architecture.md, Presets): the file name is the name a manifest gives, and the registry in
 * `src/presets/index.ts` must say the same.
 */
const files: string[] = presetNames()

test('every registered preset lives in src/presets/<its name>.ts, and every such file is registered', async () => {
  expect(files.sort()).toEqual(Object.keys(presets).sort())
  for (const name of files) {
    const exported = Object.values(await import(`../src/presets/${name}.ts`))
    expect(exported.filter((value) => typeof (value as { load?: unknown })?.load === 'function')).toEqual([presets[name]])
  }
})

test('the build writes one chunk per preset', () => {
  expect(files.filter((name) => !existsSync(distFile(`presets/${name}.js`)))).toEqual([])
})

test("the auto-blocking build's hosts table, read from the sources, is every preset's hosts", () => {
  for (const name of files) expect([name, presetHostsOf(name)]).toEqual([name, presets[name].hosts])
})
