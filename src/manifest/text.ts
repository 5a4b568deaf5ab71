/**
 * A manifest's text as `consentry validate`, `consentry scan` and the configurator read it
 * (docs/reference.md §3, Limits): a leading byte order mark is ignored, as the browser's `fetch`
 * ignores it; a text over {@link MAX_MANIFEST_BYTES} or nested deeper than
 * {@link MAX_MANIFEST_DEPTH} is refused before the validator, whose copying and checking recurse,
 * sees it; invalid JSON is reported with its line and column.
 */

/** The largest manifest read: every visitor's browser downloads it (the examples' are 2 to 6 kB). */
export const MAX_MANIFEST_BYTES = 1024 * 1024

/** The deepest nesting of objects and lists a manifest may have (its schema needs 6 levels). */
export const MAX_MANIFEST_DEPTH = 32

/** The line and column (both from 1) of a position in a text. */
export const lineAndColumn = (text: string, position: number): { line: number; column: number } => {
  const before = text.slice(0, position).split(/\r\n|\r|\n/)
  return { line: before.length, column: before[before.length - 1]!.length + 1 }
}

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`

/** The parser's message with the line and column where it stopped, instead of a character offset. */
const located = (text: string, error: unknown): string => {
  const message = String((error as Error)?.message ?? error)
  const at = /at position (\d+)/.exec(message)
  const position = at ? Number(at[1]) : /end of (JSON|data) input|Unterminated/.test(message) ? text.length : -1
  if (position < 0) return message
  const { line, column } = lineAndColumn(text, position)
  // V8 adds the offending excerpt after the position ("… at position 3 (line 1 column 4)"): drop it.
  return `${message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/,? ".*" is not valid JSON$/s, '')} at line ${line}, column ${column}`
}

/** The result of reading a manifest's text: the parsed value, or why it cannot be one. */
export type ManifestText = { ok: true; input: unknown } | { ok: false; message: string }

/** Parses a manifest's text with the limits above; never throws. */
export const parseManifestText = (text: string): ManifestText => {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const bytes = new TextEncoder().encode(body).length
  if (bytes > MAX_MANIFEST_BYTES)
    return { ok: false, message: `the manifest is ${size(bytes)}, more than the limit of ${size(MAX_MANIFEST_BYTES)} (every visitor's browser downloads it)` }
  let input: unknown
  try {
    input = JSON.parse(body)
  } catch (error) {
    return { ok: false, message: `the manifest is not valid JSON: ${located(body, error)}` }
  }
  if (nestedDeeperThan(input, MAX_MANIFEST_DEPTH)) return { ok: false, message: `the manifest is nested more than ${MAX_MANIFEST_DEPTH} levels deep, the limit` }
  return { ok: true, input }
}

/** Whether a parsed value nests objects and lists deeper than `limit`, counted without recursion. */
export const nestedDeeperThan = (value: unknown, limit: number): boolean => {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (typeof node !== 'object' || node === null) continue
    if (depth >= limit) return true
    for (const key of Object.keys(node)) stack.push([(node as Record<string, unknown>)[key], depth + 1])
  }
  return false
}
