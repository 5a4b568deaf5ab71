import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import typescript from '@rollup/plugin-typescript'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import commonjs from '@rollup/plugin-commonjs'
import { localesDir, virtualLocales } from './scripts/locales.mjs'
import { cliBuilds } from './cli/build.mjs'

const ts = (options = {}) =>
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*', 'ui/**/*'], rootDir: '.', noEmitOnError: true, ...options })

/**
 * Minified for the script tag: every dependency inside, nothing else on the page touched. ASCII
 * only, so the UI's text survives a page or server that declares no charset (the browser would
 * read the chunk as windows-1252 and show “ as â€œ).
 */
const minify = () =>
  terser({ ecma: 2020, module: false, compress: { passes: 2 }, format: { comments: false, ascii_only: true } })

/** Dependencies' development-only checks are dropped from the browser builds. */
const production = () => ({
  name: 'production',
  transform: (code) => (code.includes('process.env.NODE_ENV') ? code.replaceAll('process.env.NODE_ENV', '"production"') : null),
})

const hasUi = existsSync('ui/index.ts')

/**
 * A chunk that cannot even start (a hostile page broke a built-in it needs) answers its
 * `consentry:<name>` event with the error instead of throwing into the page: the loader reports it.
 */
const answering = (name) => ({
  banner: 'try{',
  footer: `}catch(e){document.dispatchEvent(new CustomEvent("consentry:${name}",{detail:e}))}`,
})

/**
 * The validator chunk borrows the loader's preset registry instead of carrying a second copy of
 * all eight presets: the loader answers the `consentry:presets` event the chunk sends as it starts.
 */
const loaderPresets = () => ({
  name: 'loader-presets',
  resolveId: (id) => (id === './presets/index' ? '\0loader-presets' : null),
  load: (id) =>
    id === '\0loader-presets'
      ? `const detail = {}
document.dispatchEvent(new CustomEvent('consentry:presets', { detail }))
export const presets = detail.presets || {}`
      : null,
})

/** `import en from '../locales/en.json'`: the UI carries its English strings as a plain object. */
const json = () => ({
  name: 'json',
  transform: (code, id) => (id.endsWith('.json') ? { code: `export default ${JSON.stringify(JSON.parse(code))}`, map: null } : null),
})

/** Writes `dist/manifest.schema.json` from the very object the validator interprets. */
const schemaJson = () => ({
  name: 'schema-json',
  async writeBundle({ file }) {
    const { manifestSchema } = await import(`${new URL(file, import.meta.url).href}?${Date.now()}`)
    writeFileSync('dist/manifest.schema.json', JSON.stringify(manifestSchema, null, 2) + '\n')
    rmSync(file)
  },
})

/** Copies `locales/*.json` to `dist/locales/`, minified, for the UI chunk to fetch. */
const copyLocales = () => ({
  name: 'copy-locales',
  writeBundle() {
    mkdirSync('dist/locales', { recursive: true })
    for (const name of readdirSync(localesDir).filter((f) => f.endsWith('.json')))
      writeFileSync(`dist/locales/${name}`, JSON.stringify(JSON.parse(readFileSync(localesDir + name, 'utf8'))))
  },
})

export default [
  // npm: ESM entry points with .d.ts; dependencies stay imports for the user's bundler.
  {
    input: {
      index: 'src/index.ts',
      ...(hasUi && { ui: 'ui/index.ts' }),
      // docs/reference.md §11: readConsent for servers, and the framework bindings.
      server: 'src/server.ts',
      react: 'src/react.ts',
      vue: 'src/vue.ts',
    },
    external: [/^preact/, /^nanostores/, /^js-cookie/, /^react/, /^vue/, /^@nanostores\//],
    plugins: [virtualLocales(), json(), nodeResolve(), ts({ declaration: true, declarationDir: 'dist/types' })],
    output: { dir: 'dist', format: 'es', entryFileNames: 'esm/[name].js', chunkFileNames: 'esm/[name]-[hash].js' },
  },
  // The script tag: a self-starting classic script (docs/reference.md §1).
  {
    input: 'src/browser.ts',
    plugins: [virtualLocales(), nodeResolve(), production(), ts(), copyLocales()],
    output: { file: 'dist/consentry.js', format: 'iife', plugins: [minify()] },
  },
  // The validator, fetched by the loader only for a manifest no stored decision was taken with.
  {
    input: 'src/check.ts',
    plugins: [loaderPresets(), nodeResolve(), production(), ts()],
    output: { file: 'dist/consentry-check.js', format: 'iife', ...answering('check'), plugins: [minify()] },
  },
  // The UI chunk, fetched by the loader only when something must be shown (docs/reference.md §6).
  ...(hasUi
    ? [
        {
          input: 'ui/browser.ts',
          plugins: [json(), nodeResolve(), production(), ts()],
          output: { file: 'dist/consentry-ui.js', format: 'iife', ...answering('ui'), plugins: [minify()] },
        },
      ]
    : []),
  {
    input: 'src/manifest-schema.ts',
    plugins: [nodeResolve(), ts(), schemaJson()],
    output: { file: 'dist/.manifest-schema.mjs', format: 'es' },
  },
  // `npx consentry`: validate, scan (docs/reference.md §12).
  ...cliBuilds(ts),
  // The React example of `npm start` (examples/react/): React and consentry/react in one file,
  // since React ships no browser module. Not part of the package.
  {
    input: 'examples/react/app.js',
    plugins: [production(), nodeResolve({ browser: true }), commonjs(), ts()],
    output: { file: 'examples/react/app.bundle.js', format: 'iife', plugins: [minify()] },
  },
  // The auto-blocking script tag (docs/reference.md §9): consentry.js with unmarked vendor tags held.
  {
    input: 'src/autoblock.ts',
    plugins: [virtualLocales(), nodeResolve(), production(), ts()],
    output: { file: 'dist/consentry-autoblock.js', format: 'iife', plugins: [minify()] },
  },
]

