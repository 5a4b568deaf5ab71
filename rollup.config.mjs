import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts_ from 'typescript'
import typescript from '@rollup/plugin-typescript'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import commonjs from '@rollup/plugin-commonjs'
import { localePart, localesDir, virtualLocales } from './scripts/locales.mjs'
import { cliBuilds } from './cli/build.mjs'
import { configureBuilds } from './configure/build.mjs'
import { isGoogleTag, presetHostsOf, presetNames as listPresets } from './scripts/presets.mjs'
import { shortNames } from './scripts/short-names.mjs'

/**
 * The npm entry points and their `.d.ts` files: TypeScript's own plugin, which emits declarations.
 * Types are checked by `npm run typecheck`, not here.
 */
const typed = (options = {}) =>
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*', 'ui/**/*'], rootDir: '.', noEmitOnError: true, noCheck: true, ...options })

/**
 * Every other build: type-stripping, file by file (the code is written for `isolatedModules`). The
 * same JavaScript as the plugin's, without a TypeScript program of the whole tree for each build,
 * which took a quarter of `npm run build`'s time.
 */
const ts = () => [resolveTs(), transpile()]

/**
 * `./locale` from a TypeScript module is `./locale.ts`, `./locale.tsx` or `./locale/index.ts`. Not
 * node-resolve with `.ts` among its extensions: it would apply package.json's `sideEffects` (the
 * published files) to src/ too, and drop the auto-blocking build's `import './loader'`.
 */
const resolveTs = () => ({
  name: 'resolve-ts',
  resolveId(source, importer) {
    if (!importer || !/^\.\.?\//.test(source) || /\.(m?js|json)$/.test(source)) return null
    const base = resolve(dirname(importer), source)
    return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => existsSync(candidate)) ?? null
  },
})

/**
 * Minified for the script tag: every dependency inside, nothing else on the page touched. ASCII
 * only, so the UI's text survives a page or server that declares no charset (the browser would
 * read the chunk as windows-1252 and show “ as â€œ).
 */
const minify = () =>
  terser({ ecma: 2020, module: false, compress: { passes: 2 }, format: { comments: false, ascii_only: true } })

/**
 * V8's explicit compile hint, as the first line of the script-tag builds and the UI chunk, nearly
 * all of whose functions run as the page loads: Chromium (136 and later) then compiles them all as
 * the file arrives, instead of pre-parsing each and compiling it on the main thread at its first call.
 * Measured by `npm run bench`: a fifth to a quarter less main-thread script time (docs/architecture.md).
 * Other engines read a comment. Added after the minifier, which would drop it.
 */
const compileHint = () => ({ name: 'compile-hint', renderChunk: (code) => `//# allFunctionsCalledOnLoad\n${code}` })

/** Vue's build flags (its esm-bundler builds read them as globals): no Options API, no devtools. */
const vueFlags = () => ({
  name: 'vue-flags',
  transform: (code, id) =>
    id.includes('/node_modules/@vue/')
      ? code
          .replaceAll('__VUE_OPTIONS_API__', 'false')
          .replaceAll('__VUE_PROD_DEVTOOLS__', 'false')
          .replaceAll('__VUE_PROD_HYDRATION_MISMATCH_DETAILS__', 'false')
      : null,
})

/** Dependencies' development-only checks are dropped from the browser builds. */
const production = () => ({
  name: 'production',
  transform: (code) => (code.includes('process.env.NODE_ENV') ? code.replaceAll('process.env.NODE_ENV', '"production"') : null),
})

/**
 * Every preset, by the name of its file: `src/presets/<name>.ts` is the preset a manifest names
 * `"<name>"`, helpers such as `ids.ts` aside (scripts/presets.mjs; test/preset-registry.test.ts
 * checks that src/presets/index.ts registers the same).
 */
const presetNames = listPresets()

/** The Google tags (`googleTag: true`): their chunks carry Google Consent Mode. */
const googlePresets = presetNames.filter(isGoogleTag)

/**
 * `virtual:preset-names`: the loader knows every preset's name, and fetches only the ones in use;
 * and which of them carry Google Consent Mode.
 */
const presetNamesModule = () => ({
  name: 'preset-names',
  resolveId: (id) => (id === 'virtual:preset-names' ? '\0virtual:preset-names' : null),
  load: (id) =>
    id === '\0virtual:preset-names'
      ? `export const presetNames = ${JSON.stringify(presetNames)}\nexport const googlePresets = ${JSON.stringify(googlePresets)}`
      : null,
})

/**
 * `virtual:preset-hosts`, for the auto-blocking build only: every preset's `hosts`, so that tags of
 * a vendor not known yet are held before the manifest is read, without carrying every preset.
 */
const presetHostsModule = () => ({
  name: 'preset-hosts',
  resolveId: (id) => (id === 'virtual:preset-hosts' ? '\0virtual:preset-hosts' : null),
  load: (id) =>
    id === '\0virtual:preset-hosts'
      ? `export const presetHosts = ${JSON.stringify(Object.fromEntries(presetNames.map((name) => [name, presetHostsOf(name)])))}`
      : null,
})

/** A file of this repository by its path, as a path that a folder with a space in its name keeps. */
const here = (path) => fileURLToPath(new URL(path, import.meta.url))

/**
 * A preset chunk, `dist/presets/<name>.js`: the preset's module, answering `consentry:preset:<name>`
 * with the preset it exports (src/browser/chunk.ts); a Google tag's also answers `consentry:gcm` with
 * Google Consent Mode, which goes with it. Preset files are plain TypeScript, so they are only
 * transpiled here, as every build but the npm entry points is; `npm run typecheck` checks their types.
 */
const presetEntry = (name) => ({
  name: 'preset-entry',
  resolveId: (id) => (id === `preset:${name}` ? `\0preset:${name}` : null),
  load: (id) =>
    id === `\0preset:${name}`
      ? `import * as exported from ${JSON.stringify(here(`src/presets/${name}.ts`))}
import { answer } from ${JSON.stringify(here('src/browser/chunk.ts'))}
${isGoogleTag(name) ? `import { createGoogleConsentMode } from ${JSON.stringify(here('src/integrations/google-consent-mode.ts'))}\n` : ''}answer(${JSON.stringify(`preset:${name}`)}, Object.values(exported).find((value) => typeof value?.load === 'function'))${isGoogleTag(name) ? `\nanswer('gcm', createGoogleConsentMode)` : ''}`
      : null,
})

/** Type-stripping, with tsconfig.json's target and the JSX of ui/ (`jsx`, `jsxImportSource`). */
const transpile = () => ({
  name: 'transpile',
  transform: (code, id) =>
    /\.tsx?$/.test(id)
      ? { code: ts_.transpileModule(code, { fileName: id, compilerOptions: { target: ts_.ScriptTarget.ES2020, module: ts_.ModuleKind.ESNext, jsx: ts_.JsxEmit.ReactJSX, jsxImportSource: 'preact' } }).outputText, map: null }
      : null,
})

/**
 * A chunk that cannot even start (a hostile page broke a built-in it needs) answers its
 * `consentry:<name>` event with the error instead of throwing into the page: the loader reports it.
 */
const answering = (name) => ({
  banner: 'try{',
  footer: `}catch(e){document.dispatchEvent(new CustomEvent("consentry:${name}",{detail:e}))}`,
})

/**
 * The validator chunk carries no preset and no copy of the loader's `normalize`: it borrows them.
 * As it starts it sends `consentry:loader`; the loader answers in `detail` with a registry of every
 * preset's name, filled in with the presets the manifest names before it validates, and with
 * `normalize` (src/manifest/normalize.ts) (docs/architecture.md, Chunks).
 */
const LENT = { '../presets/index': '\0loader:presets', './normalize': '\0loader:normalize' }
const fromLoader = () => ({
  name: 'from-loader',
  resolveId: (id) => (id === '\0loader' ? id : Object.hasOwn(LENT, id) ? LENT[id] : null),
  load: (id) =>
    ({
      '\0loader': `export const detail = {}
document.dispatchEvent(new CustomEvent('consentry:loader', { detail }))`,
      '\0loader:presets': `import { detail } from '\0loader'
export const presets = detail.presets || {}`,
      '\0loader:normalize': `import { detail } from '\0loader'
export const { bare, normalize } = detail`,
    })[id] ?? null,
})

/**
 * `import en from '../locales/en.json'`: the UI carries its English strings as a plain object. For
 * the script tag's chunks, `part` keeps the banner's strings (`'banner'`, the UI chunk) or the
 * dialog's (`'dialog'`, the preferences chunk) of a UI locale file (scripts/locales.mjs).
 */
const json = (part) => ({
  name: 'json',
  transform(code, id) {
    if (!id.endsWith('.json')) return null
    let value = JSON.parse(code)
    if (part && id.startsWith(localesDir) && !id.slice(localesDir.length).includes('/')) value = localePart(value, part === 'dialog')
    return { code: `export default ${JSON.stringify(value)}`, map: null }
  },
})

/**
 * The chunks the UI chunk fetches (the preferences dialog, the placeholders of blocked embeds)
 * render with its Preact, never a copy of their own: their imports of these modules stay imports
 * (ids on the right), each is built as CommonJS inside a function `(require, exports) => exports`,
 * and that function is what it answers `consentry:<name>` with. The UI chunk calls it with its own
 * modules under the same ids (ui/browser.ts, docs/architecture.md).
 */
const BORROWED = {
  preact: 'preact',
  'preact/jsx-runtime': 'preact/jsx-runtime',
  './dialog': 'consentry:dialog',
  './host': 'consentry:host',
}
const borrowing = () => ({
  name: 'borrowing',
  resolveId: (id) => (Object.hasOwn(BORROWED, id) ? { id: BORROWED[id], external: true } : null),
})
/** `part`: the strings of the UI's English the chunk carries (`json`), if any. */
const uiPartChunk = (input, name, part) => ({
  input,
  plugins: [borrowing(), json(part), shortNames(), nodeResolve({ extensions: ['.ts', '.tsx', '.mjs', '.js'] }), production(), ts()],
  output: {
    file: `dist/consentry-${name}.js`,
    format: 'cjs',
    esModule: false,
    banner: `try{document.dispatchEvent(new CustomEvent("consentry:${name}",{detail:function(require,exports){`,
    footer: `return exports}}))}catch(e){document.dispatchEvent(new CustomEvent("consentry:${name}",{detail:e}))}`,
    plugins: [minify()],
  },
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

/**
 * Copies `locales/<folder>*.json` to `dist/locales/<folder>`, minified, for a chunk to fetch. The UI's
 * (no folder) go in two: the banner's strings stay, the dialog's go to `dist/locales/dialog/`.
 */
const copyLocales = (folder = '') => ({
  name: 'copy-locales',
  writeBundle() {
    for (const name of readdirSync(localesDir + folder).filter((f) => f.endsWith('.json'))) {
      const strings = JSON.parse(readFileSync(localesDir + folder + name, 'utf8'))
      const parts = folder ? { [folder]: strings } : { '': localePart(strings, false), 'dialog/': localePart(strings, true) }
      for (const [to, part] of Object.entries(parts)) {
        mkdirSync(`dist/locales/${to}`, { recursive: true })
        writeFileSync(`dist/locales/${to}${name}`, JSON.stringify(part))
      }
    }
  },
})

/** A chunk the loader fetches from next to itself (src/browser/chunk.ts); `after`: plugins after the minifier. */
const chunk = (input, file, name, plugins = [], after = []) => ({
  input,
  plugins: [...plugins, nodeResolve({ extensions: ['.ts', '.tsx', '.mjs', '.js'] }), production(), transpile()],
  output: { file: `dist/${file}`, format: 'iife', ...answering(name), plugins: [minify(), ...after] },
})

/** The package's entry points (package.json `exports`) by module: the rest keeps its path. */
const ESM_ENTRIES = { 'src/index': 'index', 'ui/index': 'ui', 'src/server/index': 'server', 'src/bindings/react': 'react', 'src/bindings/vue': 'vue' }

export default [
  // npm: ESM entry points with .d.ts; dependencies stay imports for the user's bundler.
  {
    input: {
      index: 'src/index.ts',
      ui: 'ui/index.ts',
      // docs/reference.md §11: readConsent for servers, and the framework bindings.
      server: 'src/server/index.ts',
      react: 'src/bindings/react.ts',
      vue: 'src/bindings/vue.ts',
    },
    external: [/^preact/, /^nanostores/, /^js-cookie/, /^react/, /^vue/],
    plugins: [virtualLocales(), json(), nodeResolve(), typed({ declaration: true, declarationDir: 'dist/types' })],
    // One file per module, so that the site's bundler keeps each `import()` of createConsent (a
    // preset, the validator) as a chunk of its own and leaves out what the site never imports.
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      entryFileNames: (chunk) => `esm/${ESM_ENTRIES[chunk.name] ?? chunk.name}.js`,
    },
  },
  // The script tag: a self-starting classic script, all a returning visitor needs (docs/architecture.md).
  {
    input: 'src/browser/loader.ts',
    plugins: [virtualLocales(), presetNamesModule(), nodeResolve(), production(), ts(), copyLocales()],
    output: { file: 'dist/consentry.js', format: 'iife', plugins: [minify(), compileHint()] },
  },
  // The validator, fetched by the loader only for a manifest no stored decision was taken with.
  chunk('src/browser/chunks/check.ts', 'consentry-check.js', 'check', [fromLoader()]),
  // The UI chunk, fetched by the loader only when something must be shown (docs/reference.md §6),
  // its class names shortened (scripts/short-names.mjs); it renders the banner as it arrives, so it
  // starts with the compile hint too.
  chunk('ui/browser.ts', 'consentry-ui.js', 'ui', [json('banner'), shortNames()], [compileHint()]),
  // The preferences dialog, fetched by the UI chunk the first time it opens, with the same names;
  // the placeholders of blocked embeds, the first time a page has one.
  uiPartChunk('ui/prefs.ts', 'prefs', 'dialog'),
  uiPartChunk('ui/placeholder.tsx', 'placeholders'),
  // Fetched on first need: receipts; the rules per region, for a manifest with `regions`; the
  // clean-up of a revoked vendor; the floating button, once the page has loaded; Google Consent
  // Mode for a manifest without a Google preset.
  chunk('src/browser/chunks/receipts.ts', 'consentry-receipts.js', 'receipts'),
  chunk('src/browser/chunks/regions.ts', 'consentry-regions.js', 'regions'),
  chunk('src/browser/chunks/forget.ts', 'consentry-forget.js', 'forget'),
  chunk('src/browser/chunks/button.ts', 'consentry-button.js', 'button'),
  chunk('src/browser/chunks/gcm.ts', 'consentry-gcm.js', 'gcm'),
  // One chunk per preset, fetched only when the manifest names it.
  ...presetNames.map((name) => ({
    input: `preset:${name}`,
    plugins: [presetEntry(name), transpile(), nodeResolve({ extensions: ['.ts', '.js'] })],
    output: { file: `dist/presets/${name}.js`, format: 'iife', ...answering(`preset:${name}`), plugins: [minify()] },
  })),
  // The cookie declaration, fetched only for a page with a `[data-consent-declaration]` element,
  // with its strings in `locales/declaration/` (docs/reference.md, Cookie declaration).
  chunk('ui/declaration-browser.ts', 'consentry-declaration.js', 'declaration', [json(), copyLocales('declaration/')]),
  {
    input: 'src/manifest/schema-json.ts',
    plugins: [nodeResolve(), ts(), schemaJson()],
    output: { file: 'dist/.manifest-schema.mjs', format: 'es' },
  },
  // `npx consentry`: validate, scan (docs/reference.md §12).
  ...cliBuilds(ts),
  // The configurator, dist/configure/ (docs/reference.md, Configurator).
  ...configureBuilds(ts, [json(), production()]),
  // The React example of `npm start` (examples/react/): React and consentry/react in one file,
  // since React ships no browser module. Not part of the package.
  {
    input: 'examples/react/app.js',
    plugins: [production(), nodeResolve({ browser: true }), commonjs(), ts()],
    output: { file: 'examples/react/app.bundle.js', format: 'iife', plugins: [minify()] },
  },
  // The Vue example of `npm start` (examples/vue/): Vue's runtime and consentry/vue in one file,
  // with Vue's compile-time flags set as a bundler's Vue plugin would. Not part of the package.
  {
    input: 'examples/vue/app.js',
    plugins: [production(), vueFlags(), nodeResolve({ browser: true }), ts()],
    output: { file: 'examples/vue/app.bundle.js', format: 'iife', plugins: [minify()] },
  },
  // The auto-blocking script tag (docs/reference.md §9): consentry.js with unmarked vendor tags held.
  {
    input: 'src/browser/autoblock.ts',
    plugins: [virtualLocales(), presetNamesModule(), presetHostsModule(), nodeResolve(), production(), ts()],
    output: { file: 'dist/consentry-autoblock.js', format: 'iife', plugins: [minify(), compileHint()] },
  },
]

