/**
 * The manifest validator with every preset (src/manifest/validator.ts has the validator itself): what
 * `consentry` exports, the command line and `consentry/server` use, and the script tag's
 * `consentry-check.js` (which borrows the loader's registry instead, docs/architecture.md).
 */
import type { ManifestResult } from '../core/types'
import { presets } from '../presets/index'
import { validatorFor } from './validator'
export { formatIssue } from '../core/errors'

/**
 * Validates a manifest and fills in its defaults. Pure: it never throws, never touches the page,
 * and reports every problem at once, each with its JSON path.
 * @example
 * const result = validateManifest(await (await fetch('/consent.json')).json())
 * if (!result.ok) console.error(result.issues.map(formatIssue).join('\n'))
 */
export const validateManifest: (input: unknown) => ManifestResult = /* @__PURE__ */ validatorFor(presets)
