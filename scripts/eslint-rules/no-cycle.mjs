// ESLint rule `consentry/no-cycle`: no module may import one that imports it back, whatever the
// kind of import — `import`, `import type`, `export … from`, `import()`, `import('…').T`,
// `import x = require(…)` and `require(…)` all count (docs/reference.md §8, Commands).
//
// Imports are read with TypeScript's own import scanner (`ts.preProcessFile`), so every file in
// the graph costs one scan, not one parse. Only relative specifiers are followed, resolved the
// way `moduleResolution: "bundler"` resolves them (`./x` → `./x.ts`, `./x.tsx`, `./x/index.ts`…,
// `./x.js` → `./x.ts`); package names and `virtual:` ids are not part of the source graph.
// The scanner also sees `import('./x')` written as JSX text; a false alarm there is the price
// of not parsing every file.
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { layers } from './layers.mjs'

const sourceExtensions = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']
const fromScript = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] }

const isFile = (file) => {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** The file a relative specifier names, or `undefined` for a package or a file that is not there. */
const resolve = (from, specifier) => {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined
  const base = path.resolve(path.dirname(from), specifier)
  const extension = path.extname(base)
  const swapped = (fromScript[extension] ?? []).map((ext) => base.slice(0, -extension.length) + ext)
  const candidates = [
    ...swapped,
    base,
    ...sourceExtensions.map((ext) => base + ext),
    ...sourceExtensions.map((ext) => path.join(base, 'index' + ext)),
  ]
  return candidates.find((file) => sourceExtensions.some((ext) => file.endsWith(ext)) && isFile(file))
}

/** Every module a source text imports, with where its specifier sits in the text. */
const importsOf = (file, text) => {
  const { importedFiles, referencedFiles } = ts.preProcessFile(text, true, true)
  const edges = []
  for (const { fileName, pos, end } of [...importedFiles, ...referencedFiles]) {
    const target = resolve(file, fileName)
    if (target) edges.push({ target, pos, end })
  }
  return edges
}

// One scan per file and version: a file is scanned again only when its size or time changes,
// so many lint runs in one process (an editor, the tests) see edits.
const scanned = new Map()

const edgesOf = (file) => {
  let stat
  try {
    stat = fs.statSync(file)
  } catch {
    return []
  }
  const known = scanned.get(file)
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.edges
  const edges = importsOf(file, fs.readFileSync(file, 'utf8'))
  scanned.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, edges })
  return edges
}

/** The shortest import chain from `start` back to `goal`, both included, or `undefined`. */
const chainBack = (start, goal) => {
  const cameFrom = new Map([[start, undefined]])
  const queue = [start]
  for (let index = 0; index < queue.length; index++) {
    const file = queue[index]
    if (file === goal) {
      const chain = []
      for (let step = file; step !== undefined; step = cameFrom.get(step)) chain.unshift(step)
      return chain
    }
    for (const { target } of edgesOf(file)) {
      if (cameFrom.has(target)) continue
      cameFrom.set(target, file)
      queue.push(target)
    }
  }
  return undefined
}

export const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles, type-only and dynamic imports included' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}' },
  },
  create(context) {
    const file = path.resolve(context.filename)
    const { sourceCode } = context
    const shown = (name) => path.relative(context.cwd, name).split(path.sep).join('/')
    return {
      Program() {
        for (const { target, pos, end } of importsOf(file, sourceCode.text)) {
          const back = target === file ? [file] : chainBack(target, file)
          if (!back) continue
          context.report({
            loc: { start: sourceCode.getLocFromIndex(pos), end: sourceCode.getLocFromIndex(end) },
            messageId: 'cycle',
            data: { chain: [file, ...back].map(shown).join(' → ') },
          })
        }
      },
    }
  },
}

export default { meta: { name: 'consentry' }, rules: { 'no-cycle': noCycle, layers } }
