/**
 * The subset of JSON Schema (2020-12) that the manifest schema uses. `validate()` in
 * `manifest.ts` interprets exactly this subset, and the build writes the very same object to
 * `dist/manifest.schema.json`, so the validator and the published schema cannot drift apart.
 *
 * `x-expected` is an annotation (unknown keywords are allowed by JSON Schema) that names, in
 * plain words, what a `pattern` accepts; the validator puts it into its messages.
 * @internal
 */
export interface Schema {
  $ref?: string
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean'
  properties?: Record<string, Schema>
  required?: readonly string[]
  additionalProperties?: boolean | Schema
  propertyNames?: Schema
  items?: Schema
  minItems?: number
  enum?: readonly unknown[]
  const?: unknown
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  anyOf?: readonly Schema[]
  allOf?: readonly Schema[]
  if?: Schema
  then?: Schema
  else?: Schema
  description?: string
  'x-expected'?: string
}

/** @internal */
export type RootSchema = Schema & { $schema?: string; $id?: string; title?: string; $defs: Record<string, Schema> }

/** An ordinary string whose content is checked by a pattern, with the plain name of what fits. */
export const patterned = (pattern: string, expected: string, extra?: Schema): Schema => ({
  type: 'string',
  pattern,
  'x-expected': expected,
  ...extra,
})

/** A closed object: unknown keys are errors (with a did-you-mean). */
export const closed = (properties: Record<string, Schema>, required: readonly string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
})
