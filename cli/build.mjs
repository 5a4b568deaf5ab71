// The rollup build of the command line: `dist/cli/consentry.js` (package.json "bin") and the
// JSON Schema of `consentry scan --json`, `dist/cli/scan.schema.json`.
import { copyFileSync, mkdirSync } from 'node:fs'
import { nodeResolve } from '@rollup/plugin-node-resolve'

/** Copies the scan report's schema beside the command (dist/ top level is what the script tag ships). */
const scanSchema = () => ({
  name: 'scan-schema',
  writeBundle() {
    mkdirSync('dist', { recursive: true })
    copyFileSync('cli/scan.schema.json', 'dist/cli/scan.schema.json')
  },
})

/** `import en from '…/en.json'` as a plain object. */
const json = () => ({
  name: 'json',
  transform: (code, id) => (id.endsWith('.json') ? { code: `export default ${JSON.stringify(JSON.parse(code))}`, map: null } : null),
})

/**
 * @param {() => import('rollup').InputPluginOption} ts type-stripping, as the other builds use it
 * @returns {import('rollup').RollupOptions[]}
 */
export const cliBuilds = (ts) => [
  {
    input: 'cli/main.ts',
    // Node's own modules, and the browser driver, loaded only by `scan` (docs/reference.md §12).
    external: [/^node:/, /^playwright-core/],
    // ui/: the cookie declaration's renderer, shared with the page (`consentry declaration`).
    plugins: [nodeResolve(), json(), ts(), scanSchema()],
    output: { dir: 'dist/cli', format: 'es', entryFileNames: 'consentry.js', chunkFileNames: '[name].js', banner: '#!/usr/bin/env node' },
  },
]
