// ESLint rule `consentry/layers`: the folders of `src/` import one way (docs/architecture.md,
// Folders). Each folder has a rank; a module may import from its own folder and from folders of a
// lower rank, never a higher one. Every kind of import counts, as for `consentry/no-cycle`.
import path from 'node:path'
import ts from 'typescript'

/** A folder of `src/` → its rank. Files directly in `src/` are the package's entry points. */
export const RANKS = {
  core: 0,
  presets: 1,
  regions: 1,
  integrations: 1,
  manifest: 2,
  instance: 3,
  server: 3,
  browser: 4,
  bindings: 4,
  '': 5,
}

/** The folder of `src/` a file is in (`''` for `src/` itself), or `undefined` outside `src/`. */
const folderOf = (file, src) => {
  const relative = path.relative(src, file)
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  const parts = relative.split(path.sep)
  return parts.length === 1 ? '' : parts[0]
}

export const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the folders of src/ importing one way' },
    schema: [],
    messages: {
      upward: 'src/{{from}}/ must not import from src/{{to}}/: imports go core → presets, regions, integrations → manifest → instance, server → browser, bindings → src/ (docs/architecture.md, Folders)',
      unknown: 'src/{{from}}/ has no rank in scripts/eslint-rules/layers.mjs: give the new folder one',
    },
  },
  create(context) {
    const file = path.resolve(context.filename)
    const src = path.resolve(context.cwd, 'src')
    const from = folderOf(file, src)
    const { sourceCode } = context
    return {
      Program() {
        if (from === undefined) return
        if (!Object.hasOwn(RANKS, from)) {
          context.report({ loc: { line: 1, column: 0 }, messageId: 'unknown', data: { from } })
          return
        }
        const { importedFiles } = ts.preProcessFile(sourceCode.text, true, true)
        for (const { fileName, pos, end } of importedFiles) {
          if (!fileName.startsWith('.')) continue
          const to = folderOf(path.resolve(path.dirname(file), fileName), src)
          if (to === undefined || to === from || !Object.hasOwn(RANKS, to) || RANKS[to] <= RANKS[from]) continue
          context.report({
            loc: { start: sourceCode.getLocFromIndex(pos), end: sourceCode.getLocFromIndex(end) },
            messageId: 'upward',
            data: { from, to: to || '.' },
          })
        }
      },
    }
  },
}
