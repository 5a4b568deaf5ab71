/**
 * `consentry validate <manifest.json>…` (docs/reference.md §12): the very validator the script tag
 * runs, so every message reads as in the browser console.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { formatIssue, validateManifest } from '../src/manifest/validate'
import { MAX_MANIFEST_BYTES, parseManifestText } from '../src/manifest/text'
import type { ManifestIssue } from '../src/core/types'
import { fail, FOUND, OK, shown, USAGE_ERROR } from './output'
import { isStamped } from '../src/core/stamp'
import { stampFile } from './stamp-file'

const HELP = `Usage: consentry validate <manifest.json>... [--stamp] [--all] [--json]

Checks consent manifests with the validator consentry runs in the browser and prints every
problem with its JSON path.

Options:
  --stamp     write into each valid file its "stamp" (kept formatting, the stamp last), so that
              browsers skip the validator for it; an invalid file is left as it is
  --all       list every problem (by default the first 20 of each file, then their number)
  --json      print the result as JSON on stdout (every problem)
  -h, --help  show this help

Limits: a manifest of at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MB, nested at most 32 levels deep.
Exit code: 0 valid, 1 invalid (text that is not JSON included), 2 unreadable (missing file,
no permission, a file --stamp cannot write) or bad arguments.`

/** What became of one file. */
export interface Checked {
  file: string
  status: 'valid' | 'invalid' | 'unreadable'
  issues: ManifestIssue[]
  /** Why the file could not be read, parsed or stamped. */
  error?: string
  /** The stamp `--stamp` wrote (or found already in place). */
  stamp?: string
  /** A valid manifest whose stamp no longer matches its content: browsers check it again. */
  staleStamp?: boolean
}

/** Reads, parses and validates one manifest file. */
export const checkFile = async (file: string, stamp = false): Promise<Checked> => {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error: any) {
    const reason = error?.code === 'ENOENT' ? 'no such file' : error?.code === 'EACCES' ? 'permission denied' : error?.code === 'EISDIR' ? 'is a folder' : String(error?.message ?? error)
    return { file, status: 'unreadable', issues: [], error: `cannot be read: ${reason}` }
  }
  // The browser says the same: docs/reference.md §3, an invalid manifest activates nothing.
  const parsed = parseManifestText(text)
  if (!parsed.ok) return { file, status: 'invalid', issues: [], error: parsed.message }
  const result = validateManifest(parsed.input)
  if (!result.ok) return { file, status: 'invalid', issues: result.issues }
  const input = parsed.input as Record<string, unknown>
  if (!stamp) return { file, status: 'valid', issues: [], ...('stamp' in input && !isStamped(input) && { staleStamp: true }) }
  const stamped = await stampFile(file, text, input)
  return 'stamp' in stamped ? { file, status: 'valid', issues: [], stamp: stamped.stamp } : { file, status: stamped.status, issues: stamped.issues, error: stamped.error }
}

const describe = (checked: Checked, all: boolean): string => {
  if (checked.staleStamp) return `${checked.file}: valid, but its stamp is out of date (run consentry validate --stamp)`
  if (checked.status === 'valid') return `${checked.file}: valid${checked.stamp ? `, stamped ${checked.stamp}` : ''}`
  if (checked.error && !checked.issues.length) return `${checked.file}: ${checked.error}`
  const count = checked.issues.length
  const lines = checked.issues.map((issue) => '  ' + formatIssue(issue))
  return [`${checked.file}: invalid manifest, ${count.toLocaleString('en')} problem${count === 1 ? '' : 's'}:`, ...shown(lines, all, 'problems')].join('\n')
}

const EXIT: Record<Checked['status'], number> = { valid: OK, invalid: FOUND, unreadable: USAGE_ERROR }

/** Runs the command; resolves to the exit code (the worst of the files'). */
export const run = async (args: string[]): Promise<number> => {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, stamp: { type: 'boolean' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (error: any) {
    return fail(`${error.message}; see consentry validate --help`, USAGE_ERROR)
  }
  if (parsed.values.help) return (console.log(HELP), OK)
  if (!parsed.positionals.length) return fail('validate needs a manifest file; see consentry validate --help', USAGE_ERROR)
  const results = await Promise.all(parsed.positionals.map((file) => checkFile(file, !!parsed.values.stamp)))
  const code = Math.max(...results.map((checked) => EXIT[checked.status]))
  if (parsed.values.json) console.log(JSON.stringify({ ok: code === OK, files: results }, null, 2))
  else
    for (const checked of results)
      (checked.status === 'unreadable' ? console.error : console.log)(describe(checked, !!parsed.values.all))
  return code
}
