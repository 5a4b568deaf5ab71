/**
 * `consentry declaration <manifest.json> [--locale ro]` (docs/reference.md, Cookie declaration):
 * the cookie declaration as static HTML on stdout, the very markup the page gets from
 * `consentry-declaration.js` without the visitor's choice, for a policy page built without
 * JavaScript.
 */
import { readdir, readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { formatIssue, validateManifest } from '../src/manifest/validate'
import { negotiateLocale } from '../src/browser/locale'
import { declaration, languageAttributes, languageOf, sayer } from '../ui/declaration'
import { h, toHtml } from '../ui/markup'
import { fail, FOUND, OK, USAGE_ERROR } from './output'

const HELP = `Usage: consentry declaration <manifest.json> [--locale <code>] [--heading-level <1-5>]

Writes the cookie declaration of a manifest as static HTML on stdout: for each purpose, its
providers with country and privacy policy, and what each stores (name, lifetime, first or third
party). It is the markup consentry puts in a page's <div data-consent-declaration>, without the
visitor's choice.

Options:
  --locale <code>         language of the text (default: the manifest's defaultLocale)
  --heading-level <n>     level of the purposes' headings, providers one below (default: 3)
  -h, --help              show this help

Exit code: 0 written, 1 invalid manifest, 2 unreadable file or bad arguments.`

/** `locales/` of the package: `dist/cli/consentry.js` → `locales/`, as the collector's path is found. */
const LOCALES = new URL('../../locales/', import.meta.url)

/** The shipped locales: the UI's files, which the declaration's mirror. */
const shipped = async (): Promise<string[]> =>
  (await readdir(LOCALES)).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5))

const stringsOf = async (locale: string): Promise<unknown> => {
  const language = languageOf(locale)
  if (language === 'en') return {}
  try {
    return JSON.parse(await readFile(new URL(`declaration/${language}.json`, LOCALES), 'utf8'))
  } catch {
    return {}
  }
}

type Parsed = { file: string; locale?: string; level: number }

const parse = (args: string[]): Parsed | string => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { locale: { type: 'string' }, 'heading-level': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help) return 'help'
  if (positionals.length !== 1) return 'declaration needs one manifest file; see consentry declaration --help'
  const level = Number(values['heading-level'] ?? 3)
  if (!Number.isInteger(level) || level < 1 || level > 5) return '--heading-level must be a whole number from 1 to 5'
  return { file: positionals[0]!, locale: values.locale, level }
}

/** Runs the command; resolves to the exit code. */
export const run = async (args: string[]): Promise<number> => {
  let parsed: Parsed | string
  try {
    parsed = parse(args)
  } catch (error: any) {
    return fail(`${error.message}; see consentry declaration --help`, USAGE_ERROR)
  }
  if (parsed === 'help') return (console.log(HELP), OK)
  if (typeof parsed === 'string') return fail(parsed, USAGE_ERROR)
  let input: unknown
  try {
    // A byte order mark is not part of the JSON (the browser's fetch drops it too).
    input = JSON.parse((await readFile(parsed.file, 'utf8')).replace(/^\uFEFF/, ''))
  } catch (error: any) {
    return error instanceof SyntaxError
      ? fail(`${parsed.file}: the manifest is not valid JSON: ${error.message}`, FOUND)
      : fail(`${parsed.file}: cannot be read: ${error?.code ?? error}`, USAGE_ERROR)
  }
  const result = validateManifest(input)
  if (!result.ok) return fail(`${parsed.file}: invalid manifest:\n${result.issues.map((issue) => '  ' + formatIssue(issue)).join('\n')}`, FOUND)
  const { manifest } = result
  // As the page picks it (docs/reference.md §6, Locales): shipped or offered by `texts`, else the default.
  const offered = [...(await shipped()), ...Object.keys(manifest.texts)]
  const fallback = negotiateLocale([manifest.defaultLocale], offered)
  const locale = parsed.locale ? negotiateLocale([parsed.locale], offered, fallback) : fallback
  const context = { manifest, locale, say: sayer(await stringsOf(locale)), level: parsed.level }
  const element = h('div', { 'data-consent-declaration': '', ...languageAttributes(locale) }, declaration(context))
  process.stdout.write(toHtml(element) + '\n')
  return OK
}
