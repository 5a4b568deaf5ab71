import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

export const presetsDir = fileURLToPath(new URL('../src/presets/', import.meta.url))

/**
 * Files of `src/presets/` that are not presets: the registry, the interface and helpers the
 * presets share. Every other `src/presets/<name>.ts` is the preset a manifest names `"<name>"`
 * (docs/architecture.md, Presets).
 */
export const presetHelpers = ['index.ts', 'preset.ts', 'ids.ts', 'lazy.ts']

/** Every preset's name, sorted. */
export const presetNames = () =>
  readdirSync(presetsDir)
    .filter((file) => file.endsWith('.ts') && !presetHelpers.includes(file))
    .map((file) => file.slice(0, -3))
    .sort()

/**
 * A preset's `hosts`, read from its source: the array of string literals its `hosts` property is.
 * The auto-blocking build needs every preset's hosts before the manifest is read, without carrying
 * every preset (docs/reference.md §9).
 */
export const presetHostsOf = (name) => {
  const file = presetsDir + name + '.ts'
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  let hosts = null
  const visit = (node) => {
    if (hosts) return
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'hosts' && ts.isArrayLiteralExpression(node.initializer)) {
      const elements = node.initializer.elements
      if (!elements.every(ts.isStringLiteral)) throw new Error(`src/presets/${name}.ts: hosts must be string literals`)
      hosts = elements.map((element) => element.text)
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  if (!hosts) throw new Error(`src/presets/${name}.ts: no hosts array`)
  return hosts
}

/** Whether a preset is a Google tag (`googleTag: true`): its chunk carries Google Consent Mode. */
export const isGoogleTag = (name) => /\bgoogleTag:\s*true\b/.test(readFileSync(presetsDir + name + '.ts', 'utf8'))
