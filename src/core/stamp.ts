/**
 * Stamped manifests (docs/reference.md §1): `consentry validate --stamp` writes into a valid
 * manifest a `stamp` tied to the rest of its content, so that the browser can skip the validator
 * for it. The stamp is a fingerprint of the manifest without its `stamp`, serialized the way
 * `JSON.stringify` writes the parsed value: formatting and key escapes change nothing, any change
 * of a key or value does. It is a record that the manifest passed the validator, not a signature:
 * whoever can edit the manifest can stamp it.
 */

/** A short fingerprint of a text (32-bit FNV-1a, base 36): equal texts, equal fingerprints. @internal */
export const fingerprint = (text: string): string => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

/** The stamp of a parsed manifest: its fingerprint and length without `stamp`, format 1. */
export const stampOf = (manifest: Record<string, unknown>): string => {
  const { stamp, ...rest } = manifest
  const text = JSON.stringify(rest)
  return `1.${fingerprint(text)}.${text.length.toString(36)}`
}

/** Whether a parsed manifest carries the stamp of its own content. */
export const isStamped = (manifest: unknown): boolean =>
  !!manifest &&
  typeof manifest === 'object' &&
  !Array.isArray(manifest) &&
  typeof (manifest as { stamp?: unknown }).stamp === 'string' &&
  (manifest as { stamp: string }).stamp === stampOf(manifest as Record<string, unknown>)
