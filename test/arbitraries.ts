import fc from 'fast-check'

// Generators for the property tests. fc.stringMatching(/^[a-z]{1,8}$/) would say the same, but its
// regular-expression machinery took nine tenths of those tests' time; these draw the same strings.

export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const UPPER = LOWER.toUpperCase()
export const DIGITS = '0123456789'
/** What an id's characters after the first may be: /[a-z0-9_-]/. */
export const ID_CHARS = `${LOWER}${DIGITS}_-`

/** Strings of `minLength` to `maxLength` characters, each one of `chars`. */
export const stringOf = (chars: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength })

/** One of `first`, then up to `maxRest` of `rest`: such as an id: `wordOf(LOWER, ID_CHARS, 11)` is /^[a-z][a-z0-9_-]{0,11}$/. */
export const wordOf = (first: string, rest: string, maxRest: number) =>
  fc.tuple(fc.constantFrom(...first), stringOf(rest, 0, maxRest)).map(([head, tail]) => head + tail)
