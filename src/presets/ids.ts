import { patterned, type Schema } from '../schema'

/**
 * A numeric vendor id as vendors' own snippets write it: digits in a string (`"1234567"`) or a
 * plain number (`1234567`). Either is accepted; anything else is told which form is expected.
 */
export const numericId = (expected: string, digits = '{1,20}'): Schema => ({
  anyOf: [patterned(`^[0-9]${digits}$`, expected), { type: 'integer', minimum: 0 }],
})
