// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'

/**
 * Byte budgets (README, Size and speed): the real `dist/` files, gzipped at
 * level 9, against `budgets.json`. Sizes are deterministic, so this belongs in `npm test`; timings
 * are not, so they stay in `npm run bench`.
 */
interface Budgets {
  files: Record<string, { budget: number; target?: number }>
  composites: Record<string, { files: string[]; budget: number; target?: number }>
}

const ROOT = new URL('..', import.meta.url).pathname
const budgets: Budgets = JSON.parse(readFileSync(ROOT + 'budgets.json', 'utf8'))
const DIST = ROOT + 'dist/'
/** Optional in dist: checked when present, never required. */
const OPTIONAL = new Set(['manifest.schema.json'])
const LARGEST = /^largest of (.+)\/\*\.json$/

const gzipped = (file: string) => gzipSync(readFileSync(DIST + file), { level: 9 }).length

/** What the script tag ships: dist's top-level scripts and JSON, every locale and every preset chunk. */
const shipped = (): string[] => [
  ...readdirSync(DIST).filter((name) => /\.(js|json)$/.test(name)),
  ...readdirSync(DIST + 'locales')
    .filter((name) => name.endsWith('.json'))
    .map((name) => `locales/${name}`),
  ...['declaration', 'dialog'].flatMap((folder) =>
    readdirSync(`${DIST}locales/${folder}`)
      .filter((name) => name.endsWith('.json'))
      .map((name) => `locales/${folder}/${name}`),
  ),
  ...readdirSync(DIST + 'presets')
    .filter((name) => name.endsWith('.js'))
    .map((name) => `presets/${name}`),
]

const sizeOf = (entry: string): { file: string; size: number } => {
  const largest = LARGEST.exec(entry)
  if (!largest) return { file: entry, size: gzipped(entry) }
  const folder = largest[1]!
  const sizes = readdirSync(DIST + folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: `${folder}/${name}`, size: gzipped(`${folder}/${name}`) }))
  if (sizes.length === 0) throw new Error(`${DIST}${folder}/ holds no .json file`)
  return sizes.reduce((a, b) => (b.size > a.size ? b : a))
}

const over = (name: string, size: number, budget: number) =>
  `${name} is ${size} bytes gzipped, over its budget of ${budget} bytes by ${size - budget}`

/**
 * A budget is today's size rounded up to 100 bytes (budgets.json), so a file 100 bytes or more
 * under it shrank without its budget following: lowered, the budget keeps the saving. It also
 * catches a build that lost a module (a bundler that drops an import it takes for unused).
 */
const under = (name: string, size: number, budget: number) =>
  budget - size >= 100
    ? [`${name} is ${size} bytes gzipped, ${budget - size} under its budget of ${budget}: lower the budget to ${Math.ceil(size / 100) * 100}`]
    : []

/** A missing build fails every test here rather than skipping it: no budget goes unchecked. */
const requireDist = () => {
  for (const path of ['consentry.js', 'locales', 'presets'])
    if (!existsSync(DIST + path))
      throw new Error(`${DIST}${path} is missing: run \`npm run build\` before the budget test`)
}

test('every shipped file has a budget, and every budgeted file is shipped', () => {
  requireDist()
  const files = shipped()
  const unbudgeted = files.filter((file) => !(file in budgets.files))
  expect(unbudgeted, 'files in dist/ without a budget in budgets.json').toEqual([])
  const missing = Object.keys(budgets.files).filter((file) => !OPTIONAL.has(file) && !files.includes(file))
  expect(missing, 'files budgeted in budgets.json but missing from dist/').toEqual([])
})

test('each shipped file is within its gzip budget, and less than 100 bytes under it', () => {
  requireDist()
  const rows: Record<string, { gzip: number; budget: number }> = {}
  const problems: string[] = []
  for (const [file, { budget }] of Object.entries(budgets.files)) {
    if (!existsSync(DIST + file) && OPTIONAL.has(file)) continue
    const size = gzipped(file)
    rows[file] = { gzip: size, budget }
    if (size > budget) problems.push(over(file, size, budget))
    problems.push(...under(file, size, budget))
  }
  console.log('gzip sizes of dist/ (bytes)')
  console.table(rows)
  expect(problems).toEqual([])
})

test('a first and a returning visit are within their gzip budgets, and less than 100 bytes under them', () => {
  requireDist()
  const rows: Record<string, { gzip: number; budget: number; target: number | string; files: string }> = {}
  const problems: string[] = []
  for (const [name, { files, budget, target }] of Object.entries(budgets.composites)) {
    const parts = files.map(sizeOf)
    const size = parts.reduce((sum, part) => sum + part.size, 0)
    rows[name] = { gzip: size, budget, target: target ?? '', files: parts.map((part) => part.file).join(' + ') }
    if (size > budget) problems.push(`the ${over(name, size, budget)} (${rows[name]!.files})`)
    problems.push(...under(`the ${name}`, size, budget))
  }
  console.log('gzip bytes per visit (budgets enforced; targets are the goal, not enforced yet)')
  console.table(rows)
  expect(problems).toEqual([])
})
