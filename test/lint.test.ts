// @vitest-environment node
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { ESLint, type Linter } from 'eslint'
import { afterAll, beforeAll, expect, test } from 'vitest'

/**
 * The repository's own ESLint config (eslint.config.js, run by `npm run lint` and `npm test`)
 * on small projects written for the occasion: it must find the import cycles and long functions
 * it claims to find, and nothing in code that has none.
 */
const CONFIG = new URL('../eslint.config.js', import.meta.url).pathname

/** A function of exactly `lines` lines, its body statements, comments and blank lines. */
const functionOf = (name: string, lines: number) => {
  const body = Array.from({ length: lines - 2 }, (_, index) =>
    index % 3 === 0 ? `  total += ${index}` : index % 3 === 1 ? `  // step ${index}` : '',
  )
  return [`export function ${name}(total: number): number {`, ...body.slice(0, -1), '  return total', '}'].join('\n')
}

const project: Record<string, string> = {
  // Two modules that only use each other's types.
  'src/core/types-cycle/a.ts': "import type { B } from './b'\nexport interface A { b?: B }\n",
  'src/core/types-cycle/b.ts': "import type { A } from './a'\nexport interface B { a?: A }\n",
  // Three modules in a ring of values, the last one closing it with a re-export.
  'src/core/value-cycle/one.ts': "import { two } from './two'\nexport const one = () => two() + 1\n",
  'src/core/value-cycle/two.ts': "import { three } from './three'\nexport const two = () => three() + 1\n",
  'src/core/value-cycle/three.ts': "export { one as three } from './one'\n",
  // A lazily loaded chunk that imports its loader back, in ui/ and in a .tsx file.
  'ui/lazy/loader.ts': "export const open = () => import('./panel')\nexport const title = 'Settings'\n",
  'ui/lazy/panel.tsx': "import { title } from './loader'\nexport const Panel = () => <h2>{title}</h2>\n",
  // Every kind of import, no cycle: a diamond, a directory index, a lazy chunk, a re-export.
  'src/core/acyclic/index.ts':
    "import type { Shape } from './shared'\nimport { area } from './geometry'\nexport * from './shared'\n" +
    "export const lazy = () => import('./lazy')\nexport const measure = (shape: Shape) => area(shape)\n",
  'src/core/acyclic/geometry/index.ts': "import { type Shape, unit } from '../shared'\nexport const area = (shape: Shape) => shape.side * shape.side * unit\n",
  'src/core/acyclic/lazy.ts': "import { unit } from './shared'\nimport { area } from './geometry'\nexport const big = area({ side: 10 * unit })\n",
  'src/core/acyclic/shared.ts': "export interface Shape { side: number }\nexport const unit = 1\n",
  // Function length: every line counts, blank lines and comments too.
  'src/core/long/eighty.ts': functionOf('eighty', 80) + '\n',
  'src/core/long/eighty-one.ts': functionOf('eightyOne', 81) + '\n',
  // Folders of src/ by rank: core may not import from instance, instance may import from core.
  'src/core/upward.ts': "import { state } from '../instance/state'\nexport const read = () => state\n",
  'src/instance/state.ts': "import { unit } from '../core/acyclic/shared'\nexport const state = unit\n",
  'src/brand-new/thing.ts': 'export const thing = 1\n',
  // A disable directive that no rule needs.
  'src/directive.ts': '// eslint-disable-next-line prefer-rest-params\nexport const nothing = 0\n',
}

let root: string
let messages: Map<string, Linter.LintMessage[]>

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'consentry-lint-'))
  for (const [file, text] of Object.entries(project)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }
  const eslint = new ESLint({ cwd: root, overrideConfigFile: CONFIG })
  const results = await eslint.lintFiles(['src', 'ui'])
  messages = new Map(results.map((result) => [relative(root, result.filePath), result.messages]))
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

const cycles = (file: string) =>
  messages.get(file)!.map(({ ruleId, message, line }) => ({ ruleId, message, line }))

test('every file of the project is linted, in src/ and ui/, .ts and .tsx', () => {
  expect([...messages.keys()].sort()).toEqual(Object.keys(project).sort())
})

test('a cycle of type-only imports is reported in both files, naming the chain', () => {
  expect(cycles('src/core/types-cycle/a.ts')).toEqual([
    {
      ruleId: 'consentry/no-cycle',
      message: 'Import cycle: src/core/types-cycle/a.ts → src/core/types-cycle/b.ts → src/core/types-cycle/a.ts',
      line: 1,
    },
  ])
  expect(cycles('src/core/types-cycle/b.ts')).toEqual([
    {
      ruleId: 'consentry/no-cycle',
      message: 'Import cycle: src/core/types-cycle/b.ts → src/core/types-cycle/a.ts → src/core/types-cycle/b.ts',
      line: 1,
    },
  ])
})

test('a cycle of three modules, closed by a re-export, is reported in each of them', () => {
  const chain = ['one', 'two', 'three', 'one'].map((name) => `src/core/value-cycle/${name}.ts`).join(' → ')
  expect(cycles('src/core/value-cycle/one.ts')).toEqual([
    { ruleId: 'consentry/no-cycle', message: `Import cycle: ${chain}`, line: 1 },
  ])
  expect(messages.get('src/core/value-cycle/two.ts')).toHaveLength(1)
  expect(cycles('src/core/value-cycle/three.ts')).toEqual([
    {
      ruleId: 'consentry/no-cycle',
      message: 'Import cycle: src/core/value-cycle/three.ts → src/core/value-cycle/one.ts → src/core/value-cycle/two.ts → src/core/value-cycle/three.ts',
      line: 1,
    },
  ])
})

test('a cycle through a dynamic import() is reported', () => {
  expect(cycles('ui/lazy/loader.ts')).toEqual([
    { ruleId: 'consentry/no-cycle', message: 'Import cycle: ui/lazy/loader.ts → ui/lazy/panel.tsx → ui/lazy/loader.ts', line: 1 },
  ])
  expect(cycles('ui/lazy/panel.tsx')).toEqual([
    { ruleId: 'consentry/no-cycle', message: 'Import cycle: ui/lazy/panel.tsx → ui/lazy/loader.ts → ui/lazy/panel.tsx', line: 1 },
  ])
})

test('modules that import each other only one way pass', () => {
  for (const file of Object.keys(project).filter((name) => name.startsWith('src/core/acyclic/')))
    expect(messages.get(file), file).toEqual([])
})

test('a function of 81 lines is reported, one of 80 passes', () => {
  expect(functionOf('f', 81).split('\n')).toHaveLength(81)
  expect(messages.get('src/core/long/eighty.ts')).toEqual([])
  expect(cycles('src/core/long/eighty-one.ts')).toEqual([
    {
      ruleId: 'max-lines-per-function',
      message: "Function 'eightyOne' has too many lines (81). Maximum allowed is 80.",
      line: 1,
    },
  ])
})

test('a disable directive that no rule needs is an error', () => {
  expect(messages.get('src/directive.ts')).toMatchObject([
    { ruleId: null, severity: 2, message: expect.stringContaining('Unused eslint-disable directive') },
  ])
})

test('a folder of src/ that imports from a folder of a higher rank is reported; one rank down passes', () => {
  expect(cycles('src/core/upward.ts')).toEqual([
    {
      ruleId: 'consentry/layers',
      message: expect.stringMatching(/^src\/core\/ must not import from src\/instance\/: imports go core → /),
      line: 1,
    },
  ])
  expect(messages.get('src/instance/state.ts')).toEqual([])
})

test('a folder of src/ with no rank is reported, so that a new folder gets one', () => {
  expect(cycles('src/brand-new/thing.ts')).toEqual([
    { ruleId: 'consentry/layers', message: expect.stringContaining('src/brand-new/ has no rank'), line: 1 },
  ])
})
