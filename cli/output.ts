/** Exit codes shared by the commands (docs/reference.md §12). */
export const OK = 0
/** The manifest is invalid, or the scan found a violation. */
export const FOUND = 1
/** The command could not do its job: bad arguments, unreadable file, no browser, unreachable site. */
export const USAGE_ERROR = 2

/** Prints a one-line error on stderr and returns `code`, so a command can `return fail(…)`. */
export const fail = (message: string, code: number): number => {
  console.error(`consentry: ${message}`)
  return code
}

/** Progress for people watching a long run: stderr, so stdout stays the report alone. */
export const progress = (message: string): void => {
  process.stderr.write(`${message}\n`)
}
