/**
 * `consentry copy <folder>` (docs/reference.md §12): copies the script-tag files, the loader and
 * every file it fetches from beside itself (chunks, presets, locales), into a folder a site serves
 * as is, such as a Vite or Next.js project's `public/consentry`. A bundler serves nothing from
 * `node_modules` in production.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fail, OK, USAGE_ERROR } from './output'

const HELP = `Usage: consentry copy <folder>

Copies dist/consentry.js and the files it loads from beside itself (consentry-*.js, presets/,
locales/) into <folder>, replacing what an earlier copy left there. Serve the folder as is:
  npx consentry copy public/consentry
  <link rel="preload" href="/consent.json" as="fetch" crossorigin>
  <script src="/consentry/consentry.js" data-manifest="/consent.json"></script>`

/** The package's dist/: this command runs from dist/cli/. */
const DIST = fileURLToPath(new URL('..', import.meta.url))

/** What the script tag may fetch: the loader, its chunks, the presets and the locales. */
export const scriptTagFiles = (dist: string): string[] => [
  ...readdirSync(dist).filter((name) => /^consentry(-[\w-]+)?\.js$/.test(name)),
  'presets',
  'locales',
]

export const run = async (args: string[]): Promise<number> => {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP)
    return OK
  }
  const folders = args.filter((arg) => !arg.startsWith('-'))
  if (folders.length !== 1 || folders.length !== args.length) return fail(`copy takes one folder and no option\n${HELP}`, USAGE_ERROR)
  const target = resolve(folders[0]!)
  if (!existsSync(join(DIST, 'consentry.js'))) return fail(`${DIST} holds no consentry.js: is the package installed whole?`, USAGE_ERROR)
  mkdirSync(target, { recursive: true })
  const files = scriptTagFiles(DIST)
  for (const name of files) {
    rmSync(join(target, name), { recursive: true, force: true })
    cpSync(join(DIST, name), join(target, name), { recursive: true })
  }
  console.log(`consentry: copied ${files.join(', ')} to ${target}`)
  return OK
}
