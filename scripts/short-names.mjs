import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/**
 * Short class names for the UI chunk, `dist/consentry-ui.js`. ui/classes.ts lists every class and
 * private custom property the UI's CSS and components share, by a name that says what it styles.
 * This rollup plugin gives each a short one, in the order of the list — classes `a`, `b`, …,
 * custom properties `--a`, `--b`, … — and uses it in two modules only:
 *
 * - ui/classes.ts: its objects keep their keys, with the short names as values; components read
 *   their class names from there, and the minifier inlines them;
 * - ui/styles.ts: each `.class` selector and `--property` of the list becomes the short one.
 *
 * Anything not in the list stays as written: element names, attributes, the `--consentry-*`
 * theming properties, the classes that are manifest values (layout, position, colour scheme).
 * The ESM build (`dist/esm/ui.js`) does not use this plugin and keeps the readable names.
 */

/** `a`…`z`, then `aa`, `ab`, …: the `index`-th short name. */
export const shortName = (index) =>
  (index >= 26 ? shortName(Math.floor(index / 26) - 1) : '') + String.fromCharCode(97 + (index % 26))

/** The `classes` and `properties` objects of ui/classes.ts (given as its TypeScript source). */
export const readNames = (source) => {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS },
  })
  const module = { exports: {} }
  new Function('module', 'exports', outputText)(module, module.exports)
  return { classes: module.exports.classes, properties: module.exports.properties }
}

/** Readable name → short name, for the classes and for the custom properties (with their `--`). */
export const shortMaps = ({ classes, properties }) => ({
  classes: new Map(Object.values(classes).map((name, i) => [name, shortName(i)])),
  properties: new Map(Object.values(properties).map((name, i) => [name, `--${shortName(i)}`])),
})

/** `code` (ui/styles.ts) with each listed class selector and custom property shortened. */
export const shortenCss = (code, maps) =>
  code
    .replace(/\.([A-Za-z_][\w-]*)/g, (whole, name) =>
      maps.classes.has(name) ? `.${maps.classes.get(name)}` : whole,
    )
    .replace(/(?<![\w-])--[A-Za-z_][\w-]*/g, (name) => maps.properties.get(name) ?? name)

/** ui/classes.ts with the short names. */
export const classesModule = (names, maps) => {
  const short = (object, map) =>
    Object.fromEntries(Object.entries(object).map(([key, name]) => [key, map.get(name)]))
  return `export const classes = ${JSON.stringify(short(names.classes, maps.classes))}
export const properties = ${JSON.stringify(short(names.properties, maps.properties))}`
}

/** The plugin, for the UI chunk's build in rollup.config.mjs. */
export const shortNames = () => {
  const classesFile = fileURLToPath(new URL('../ui/classes.ts', import.meta.url))
  const stylesFile = fileURLToPath(new URL('../ui/styles.ts', import.meta.url))
  let names
  let maps
  return {
    name: 'short-names',
    buildStart() {
      this.addWatchFile(classesFile)
      names = readNames(readFileSync(classesFile, 'utf8'))
      maps = shortMaps(names)
    },
    // After TypeScript: the modules are plain JavaScript by then.
    transform: {
      order: 'post',
      handler(code, id) {
        if (id === classesFile) return { code: classesModule(names, maps), map: null }
        if (id === stylesFile) return { code: shortenCss(code, maps), map: null }
        return null
      },
    },
  }
}
