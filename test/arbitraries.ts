import fc from 'fast-check'

// Generators for the property tests. fc.stringMatching(/^[a-z]{1,8}$/) would say the same, but its
// regular-expression machinery took nine tenths of those tests' time; these draw the same strings.

export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const UPPER = LOWER.toUpperCase()
export const DIGITS = '0123456789'

/** Strings of `minLength` to `maxLength` characters, each one of `chars`. */
export const stringOf = (chars: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength })

/** One of `first`, then up to `maxRest` of `rest`: an id such as /^[a-z][a-z0-9_-]{0,11}$/ matches. */
export const wordOf = (first: string, rest: string, maxRest: number) =>
  fc.tuple(fc.constantFrom(...first), stringOf(rest, 0, maxRest)).map(([head, tail]) => head + tail)
