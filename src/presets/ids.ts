import { patterned, type Schema } from '../core/schema'

/**
 * A numeric vendor id as vendors' own snippets write it: digits in a string (`"1234567"`) or a
 * plain number (`1234567`), of `min` to `max` digits, which `expected` names. A number is taken
 * while JSON reads it exactly (up to 2^53 − 1); a larger one has already lost its last digits when
 * the manifest is parsed, so the validator refuses it and asks for quotes (src/manifest/validate.ts,
 * anyOf). Both forms carry the same `expected`, so every refusal says which digits are wanted.
 */
export const numericId = (expected: string, max = 20, min = 1): Schema => ({
  anyOf: [
    patterned(`^[0-9]{${min},${max}}$`, expected),
    { type: 'integer', minimum: min > 1 ? 10 ** (min - 1) : 0, maximum: Math.min(10 ** max - 1, 2 ** 53 - 1), 'x-expected': expected },
  ],
})
