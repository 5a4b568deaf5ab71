import type { ManifestError, ManifestIssue } from './types'

/** Formats an issue the way the console shows it: `path: message`. */
export const formatIssue = (issue: ManifestIssue): string => `${issue.path}: ${issue.message}`

/** The error `ready` rejects with: every issue, each with its JSON path (docs/reference.md §4). @internal */
export const manifestError = (issues: ManifestIssue[]): ManifestError =>
  Object.assign(
    new Error(`[consentry] invalid manifest:\n${issues.map((issue) => '  ' + formatIssue(issue)).join('\n')}`),
    { issues },
  )
