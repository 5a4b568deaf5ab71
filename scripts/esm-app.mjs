// The ESM cost (budgets.json "esm"): a small application bundled with rollup the way a site's
// bundler would, from the built dist/esm and the package's exports, and its gzip sizes.
import { rollup } from 'rollup'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** `consentry` and `consentry/<entry>` as the package's exports name them, from dist/esm. */
const self = () => ({
  name: 'consentry',
  resolveId: (id) => (id === 'consentry' ? `${root}dist/esm/index.js` : id.startsWith('consentry/') ? `${root}dist/esm/${id.slice(10)}.js` : null),
})

/**
 * Bundles `code` (an ES module importing consentry) with rollup, minified, React left out (the
 * application has it anyway), and resolves to its chunks: { fileName, gzip, dynamic, code } for
 * the entry, the chunks it imports statically, and the ones loaded by `import()`.
 */
export const bundleApp = async (code, external = [/^react($|\/)/, /^react-dom/, /^vue$/]) => {
  const bundle = await rollup({
    input: 'app',
    external,
    onwarn: () => {},
    plugins: [
      { name: 'app', resolveId: (id) => (id === 'app' ? '\0app' : null), load: (id) => (id === '\0app' ? code : null) },
      self(),
      nodeResolve({ rootDir: root, modulePaths: [`${root}node_modules`] }),
      { name: 'production', transform: (c) => (c.includes('process.env.NODE_ENV') ? c.replaceAll('process.env.NODE_ENV', '"production"') : null) },
    ],
  })
  const { output } = await bundle.generate({ format: 'es', plugins: [terser({ format: { comments: false } })] })
  await bundle.close()
  const chunks = output.filter((o) => o.type === 'chunk')
  const entry = chunks.find((c) => c.isEntry)
  const initial = new Set([entry.fileName])
  for (const name of initial) for (const imported of chunks.find((c) => c.fileName === name).imports) if (chunks.some((c) => c.fileName === imported)) initial.add(imported)
  return chunks.map((c) => ({ fileName: c.fileName, gzip: gzipSync(c.code, { level: 9 }).length, dynamic: !initial.has(c.fileName), code: c.code, modules: Object.keys(c.modules) }))
}
