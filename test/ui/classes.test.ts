import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { classes, properties } from '../../ui/classes'
import { CSS } from '../../ui/styles'
import { manifestSchemaFor } from '../../src/manifest/manifest-schema'
import { readNames, shortMaps, shortName, shortenCss } from '../../scripts/short-names.mjs'

const classSelectors = (css: string) =>
  new Set(Array.from(css.matchAll(/\.([A-Za-z_][\w-]*)/g), (match) => match[1]))
const privateProperties = (css: string) =>
  new Set(
    Array.from(css.matchAll(/(?<![\w-])--[A-Za-z_][\w-]*/g), ([name]) => name).filter(
      (name) => !name.startsWith('--consentry-'),
    ),
  )

/** The classes the UI takes from manifest values: layout, position and colour scheme. */
const ui = manifestSchemaFor({}).$defs.uiSettings!.properties!
const manifestValues = [ui.layout!.enum, ui.position!.enum, ui.theme!.properties!.scheme!.enum].flat() as string[]

const names = { classes, properties }
const maps = shortMaps(names)
const short = shortenCss(CSS, maps)

test('every class of the CSS is listed in ui/classes.ts or is a manifest value, and every listed one is styled', () => {
  const listed = Object.values(classes) as string[]
  const unlisted = [...classSelectors(CSS)].filter((name) => !listed.includes(name) && !manifestValues.includes(name))
  expect(unlisted).toEqual([])
  expect(listed.filter((name) => !classSelectors(CSS).has(name))).toEqual([])
  expect(listed.filter((name) => manifestValues.includes(name))).toEqual([])
})

test('every private custom property of the CSS is listed, and every listed one is used', () => {
  expect([...privateProperties(CSS)].sort()).toEqual(Object.values(properties).sort())
})

test('the build reads the same names from ui/classes.ts as the components import', () => {
  expect(readNames(readFileSync('ui/classes.ts', 'utf8'))).toEqual(names)
})

test('short names are distinct, clash with no kept class, and replace every listed name in the CSS', () => {
  expect([0, 25, 26, 51, 52].map(shortName)).toEqual(['a', 'z', 'aa', 'az', 'ba'])
  const shortClasses = [...maps.classes.values()]
  expect(new Set(shortClasses).size).toBe(Object.keys(classes).length)
  expect(new Set(maps.properties.values()).size).toBe(Object.keys(properties).length)
  expect(shortClasses.filter((name) => manifestValues.includes(name))).toEqual([])
  expect([...classSelectors(short)].sort()).toEqual(
    [...shortClasses, ...[...classSelectors(CSS)].filter((name) => manifestValues.includes(name))].sort(),
  )
  expect([...privateProperties(short)].sort()).toEqual([...maps.properties.values()].sort())
  // The theming API is untouched, and nothing but the names changed.
  expect(short.match(/--consentry-[\w-]+/g)).toEqual(CSS.match(/--consentry-[\w-]+/g))
  expect(short.replace(/\.[\w-]+|--[\w-]+/g, '')).toBe(CSS.replace(/\.[\w-]+|--[\w-]+/g, ''))
})

test('the script-tag UI chunk styles the short names, the ESM build the readable ones (after npm run build)', () => {
  const chunk = readFileSync('dist/consentry-ui.js', 'utf8')
  // dist/esm is one file per module: the styles are ui/styles.ts's.
  const esm = readFileSync('dist/esm/ui/styles.js', 'utf8')
  for (const name of Object.values(classes)) {
    expect(esm).toContain(`.${name}{`)
    expect(chunk).not.toContain(`.${name}{`)
    expect(chunk).toContain(`.${maps.classes.get(name)}{`)
  }
})
