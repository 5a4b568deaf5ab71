/**
 * `consentry validate <manifest.json>…` (docs/reference.md §12): the very validator the script tag
 * runs, so every message reads as in the browser console.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { formatIssue, validateManifest } from '../src/manifest'
import type { ManifestIssue } from '../src/types'
import { fail, FOUND, OK, USAGE_ERROR } from './output'

const HELP = `Usage: consentry validate <manifest.json>... [--json]

Checks consent manifests with the validator consentry runs in the browser and prints every
problem with its JSON path.

Options:
  --json      print the result as JSON on stdout
  -h, --help  show this help

Exit code: 0 valid, 1 invalid (text that is not JSON included), 2 unreadable (missing file,
no permission) or bad arguments.`

/** What became of one file. */
export interface Checked {
  file: string
  status: 'valid' | 'invalid' | 'unreadable'
  issues: ManifestIssue[]
  /** Why the file could not be read or parsed. */
  error?: string
}

/** Reads, parses and validates one manifest file. */
export const checkFile = async (file: string): Promise<Checked> => {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error: any) {
    const reason = error?.code === 'ENOENT' ? 'no such file' : error?.code === 'EACCES' ? 'permission denied' : error?.code === 'EISDIR' ? 'is a folder' : String(error?.message ?? error)
    return { file, status: 'unreadable', issues: [], error: `cannot be read: ${reason}` }
  }
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error: any) {
    // The browser says the same: docs/reference.md §3, an invalid manifest activates nothing.
    return { file, status: 'invalid', issues: [], error: `the manifest is not valid JSON: ${error?.message ?? error}` }
  }
  const result = validateManifest(input)
  return result.ok ? { file, status: 'valid', issues: [] } : { file, status: 'invalid', issues: result.issues }
}

const describe = (checked: Checked): string => {
  if (checked.status === 'valid') return `${checked.file}: valid`
  if (checked.error) return `${checked.file}: ${checked.error}`
  const count = checked.issues.length
  return [`${checked.file}: invalid manifest, ${count} problem${count === 1 ? '' : 's'}:`, ...checked.issues.map((issue) => '  ' + formatIssue(issue))].join('\n')
}

const EXIT: Record<Checked['status'], number> = { valid: OK, invalid: FOUND, unreadable: USAGE_ERROR }

/** Runs the command; resolves to the exit code (the worst of the files'). */
export const run = async (args: string[]): Promise<number> => {
  let parsed
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
  } catch (error: any) {
    return fail(`${error.message}; see consentry validate --help`, USAGE_ERROR)
  }
  if (parsed.values.help) return (console.log(HELP), OK)
  if (!parsed.positionals.length) return fail('validate needs a manifest file; see consentry validate --help', USAGE_ERROR)
  const results = await Promise.all(parsed.positionals.map(checkFile))
  const code = Math.max(...results.map((checked) => EXIT[checked.status]))
  if (parsed.values.json) console.log(JSON.stringify({ ok: code === OK, files: results }, null, 2))
  else
    for (const checked of results)
      (checked.status === 'unreadable' ? console.error : console.log)(describe(checked))
  return code
}
