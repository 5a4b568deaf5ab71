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

/** How many lines of one list a report prints unless `--all` is given (docs/reference.md §12). */
export const SHOWN = 20

/** The first {@link SHOWN} of `lines`, then how many more there are, or all of them with `all`. */
export const shown = (lines: string[], all: boolean, what: string, indent = '  '): string[] =>
  all || lines.length <= SHOWN
    ? lines
    : [...lines.slice(0, SHOWN), `${indent}… and ${(lines.length - SHOWN).toLocaleString('en')} more ${what} (--all lists every one)`]
