/**
 * `consentry scan <url>` (docs/reference.md §12): opens a site in three fresh profiles of headless
 * Chrome (no decision, Reject all, Accept all) and reports what it sets and contacts against the
 * manifest.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { validateManifest } from '../src/manifest/validate'
import { parseManifestText } from '../src/manifest/text'
import type { ManifestInput } from '../src/core/types'
import { CHROMIUM_ARGS, findChrome } from './chrome.mjs'
import { draftManifest } from './draft'
import { judge, type Gathered } from './findings'
import { before, decided, NAVIGATION_TIMEOUT, Unreachable, type PageManifest } from './observe'
import { fail, OK, progress, USAGE_ERROR } from './output'
import { renderText } from './text'

const HELP = `Usage: consentry scan <url> [--manifest <file or url>] [--pages N] [--timeout S] [--json] [--draft] [--all]

Opens the site in headless Chrome three times, each in a fresh profile: before any decision,
after Reject all and after Accept all (through the page's window.consent). Records every cookie,
localStorage and sessionStorage key and third-party host, and attributes each to a vendor of
the manifest.

Options:
  --manifest <file or url>  the manifest to check against (default: the one the page's consentry loads)
  --pages N                 follow same-site links up to N pages (default 1)
  --timeout S               seconds a page may take to load (default ${NAVIGATION_TIMEOUT / 1000})
  --json                    print the report as JSON (described by dist/cli/scan.schema.json)
  --draft                   print only a manifest declaring what was seen, for the owner to finish
  --all                     list every item (by default the first 20 of each list, then their number)
  -h, --help                show this help

The scan never creates consent records: the receipts its decisions would send to the manifest's
log.endpoint are withheld in the browser.

Chrome: CHROME_PATH, else a system Chrome or Chromium. CONSENTRY_CHROME_FLAGS adds flags
(each starting with --, e.g. a proxy). The browser driver is the optional dependency playwright-core.
Exit code: 0 clean, 1 violations (before consent or after refusal) or an invalid manifest,
with --draft too; 2 the scan could not run (bad arguments, a --manifest file that cannot be
read, no Chrome, unreachable site).`

const NO_DRIVER =
  'scan drives Chrome with playwright-core, which is not installed; run "npm install --save-dev playwright-core" (or "npx -p playwright-core -p consentry consentry scan …")'
const NO_CHROME = (chosen?: string) =>
  chosen
    ? `CHROME_PATH is ${chosen}, which does not exist; point it at a Chrome or Chromium executable`
    : 'no Chrome or Chromium found; install one (Debian/Ubuntu: "sudo apt-get install chromium"; macOS/Windows: Google Chrome) or set CHROME_PATH to its executable'

type Options = { url: string; manifest?: string; pages: number; timeout: number; json: boolean; draft: boolean; all: boolean }

const parse = (args: string[]): Options | string | null => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      manifest: { type: 'string' },
      pages: { type: 'string' },
      json: { type: 'boolean' },
      draft: { type: 'boolean' },
      timeout: { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return null
  if (positionals.length !== 1) return 'scan needs exactly one URL; see consentry scan --help'
  let url: URL
  try {
    url = new URL(positionals[0]!)
  } catch {
    return `"${positionals[0]}" is not a URL (write it with http:// or https://)`
  }
  if (!/^https?:$/.test(url.protocol)) return `"${positionals[0]}" is not an http:// or https:// URL`
  const pages = values.pages === undefined ? 1 : Number(values.pages)
  if (!Number.isInteger(pages) || pages < 1) return `--pages wants a whole number of at least 1, got "${values.pages}"`
  const timeout = values.timeout === undefined ? NAVIGATION_TIMEOUT / 1000 : Number(values.timeout)
  if (!(timeout > 0 && timeout <= 600)) return `--timeout wants a number of seconds above 0 and at most 600, got "${values.timeout}"`
  return { url: url.href, manifest: values.manifest, pages, timeout: timeout * 1000, json: !!values.json, draft: !!values.draft, all: !!values.all }
}

/** The manifest's text from a file, a URL or the page's own reference. */
const manifestText = async (where: string | PageManifest, base: string): Promise<string> => {
  if (typeof where === 'object' && where.text !== undefined) return where.text
  const location = typeof where === 'string' ? where : where.url!
  if (typeof where === 'string' && !/^https?:\/\//.test(location)) return readFile(location, 'utf8')
  const response = await fetch(new URL(location, base))
  if (!response.ok) throw new Error(`answered ${response.status}`)
  return response.text()
}

const loadManifest = async (where: string | PageManifest, base: string, notes: string[]): Promise<Gathered['manifest']> => {
  const source = typeof where === 'string' ? where : where.url ?? 'the page (inline #consentry-manifest)'
  let text: string
  try {
    text = await manifestText(where, base)
  } catch (error: any) {
    const message = `could not be read: ${error?.message ?? error}`
    notes.push(`manifest ${source} ${message}`)
    return { source, input: null, result: null, issues: [{ path: '(manifest)', message }] }
  }
  const parsed = parseManifestText(text)
  if (!parsed.ok) {
    notes.push(`manifest ${source}: ${parsed.message}`)
    return { source, input: null, result: null, issues: [{ path: '(manifest)', message: parsed.message }] }
  }
  const input = parsed.input as ManifestInput
  const result = validateManifest(input)
  return result.ok ? { source, input, result: result.manifest, issues: [] } : { source, input, result: null, issues: result.issues }
}

const launch = async (): Promise<Browser | string> => {
  let driver: typeof import('playwright-core')
  try {
    driver = await import('playwright-core')
  } catch {
    return NO_DRIVER
  }
  const executablePath = findChrome()
  if (!executablePath) return NO_CHROME(process.env.CHROME_PATH)
  // Each flag starts with "--"; a flag's value may hold spaces (--host-resolver-rules="MAP a b").
  const extra = (process.env.CONSENTRY_CHROME_FLAGS ?? '').trim().split(/\s+(?=--)/).filter(Boolean)
  return driver.chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...extra] })
}

const gather = async (browser: Browser, options: Options): Promise<Gathered> => {
  const notes: string[] = []
  const first = await before(browser, options.url, options.pages, notes, options.timeout)
  const where = options.manifest ?? first.manifest
  const manifest = where ? await loadManifest(where, options.url, notes) : null
  if (!where) notes.push('no manifest: the page names none and --manifest was not given, so nothing counts as declared')
  const profiles: Gathered['profiles'] = { before: first.profile, reject: null, accept: null }
  if (!first.consentry) notes.push(`consentry is not on ${options.url} (no window.consent): the Reject all and Accept all phases are skipped`)
  else {
    const visit = { keepCookie: manifest?.result?.cookie.name ?? 'consentry', timeout: options.timeout, endpoint: manifest?.result?.log?.endpoint ?? null }
    profiles.reject = await decided(browser, first.pages, 'rejectAll', visit, notes)
    profiles.accept = await decided(browser, first.pages, 'acceptAll', visit, notes)
  }
  return { url: options.url, pages: first.pages, consentry: first.consentry, manifest, profiles, notes }
}

/** Runs the command; resolves to the exit code. */
export const run = async (args: string[]): Promise<number> => {
  let options
  try {
    options = parse(args)
  } catch (error: any) {
    return fail(`${error.message}; see consentry scan --help`, USAGE_ERROR)
  }
  if (options === null) return (console.log(HELP), OK)
  if (typeof options === 'string') return fail(options, USAGE_ERROR)
  // A --manifest file that cannot be read stops the scan before it starts (a URL is fetched later).
  if (options.manifest && !/^https?:\/\//.test(options.manifest)) {
    const unreadable = await readFile(options.manifest, 'utf8').then(() => '', (error: any) => String(error?.code === 'ENOENT' ? 'no such file' : error?.message ?? error))
    if (unreadable) return fail(`--manifest ${options.manifest} cannot be read: ${unreadable}`, USAGE_ERROR)
  }
  const browser = await launch()
  if (typeof browser === 'string') return fail(browser, USAGE_ERROR)
  let gathered: Gathered
  try {
    gathered = await gather(browser, options)
  } catch (error) {
    if (error instanceof Unreachable) return fail(error.message, USAGE_ERROR)
    throw error
  } finally {
    await browser.close()
  }
  const report = judge(gathered)
  progress(`scan: done, ${report.violations.length} violation(s), ${report.undeclared.length} undeclared item(s)`)
  if (options.draft) {
    const host = new URL(options.url).hostname
    console.log(JSON.stringify(draftManifest(gathered.manifest?.result ? gathered.manifest.input : null, report.draft.vendors, host), null, 2))
    return report.exitCode
  }
  const { draft: _draft, ...published } = report
  console.log(options.json ? JSON.stringify(published, null, 2) : renderText(published, options.all))
  return report.exitCode
}
