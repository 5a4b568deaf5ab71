/**
 * `dist/consentry-forget.js`: deleting a revoked vendor's cookies and storage (src/forget.ts),
 * fetched by the script tag on the first revocation, or to finish one a page view left unfinished
 * (src/cleanup.ts).
 */
import { forget } from '../forget'
import { answer } from '../chunk'

answer('forget', forget)
