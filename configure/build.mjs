// The rollup build of the configurator (docs/reference.md, Configurator): dist/configure/, static
// files that work from disk or any server: index.html and configure.js (the editor), preview.html
// and preview.js (the real consent UI, with every locale's strings).
import { copyFileSync, mkdirSync } from 'node:fs'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import { readLocales, virtualLocales } from '../scripts/locales.mjs'

/** `virtual:configure-locales`: every shipped locale's strings, for the preview. */
const allLocales = () => ({
  name: 'configure-locales',
  resolveId: (id) => (id === 'virtual:configure-locales' ? '\0virtual:configure-locales' : null),
  load: (id) => (id === '\0virtual:configure-locales' ? `export const LOCALES = ${JSON.stringify(readLocales())}` : null),
})

/** Copies the two pages beside their scripts. */
const pages = () => ({
  name: 'configure-pages',
  writeBundle() {
    mkdirSync('dist/configure', { recursive: true })
    for (const page of ['index.html', 'preview.html']) copyFileSync(`configure/${page}`, `dist/configure/${page}`)
  },
})

/**
 * @param {() => import('rollup').InputPluginOption} ts type-stripping, as the other builds use it
 * @param {import('rollup').Plugin[]} plugins the json and production plugins of rollup.config.mjs
 * @returns {import('rollup').RollupOptions[]}
 */
export const configureBuilds = (ts, plugins) =>
  ['app.tsx', 'preview.ts'].map((input, i) => ({
    input: `configure/${input}`,
    plugins: [
      virtualLocales(),
      allLocales(),
      ...plugins,
      nodeResolve({ extensions: ['.ts', '.tsx', '.mjs', '.js'] }),
      ts(),
      ...(i === 0 ? [pages()] : []),
    ],
    output: {
      file: `dist/configure/${i === 0 ? 'configure' : 'preview'}.js`,
      format: 'iife',
      // createConsent loads presets and the validator with import(): one file here all the same.
      inlineDynamicImports: true,
      plugins: [terser({ ecma: 2020, format: { comments: false, ascii_only: true } })],
    },
  }))
