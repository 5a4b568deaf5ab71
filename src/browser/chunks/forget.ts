/**
 * `dist/consentry-forget.js`: deleting a revoked vendor's cookies and storage (src/instance/forget.ts),
 * fetched by the script tag on the first revocation, or to finish one a page view left unfinished
 * (src/browser/cleanup.ts).
 */
import { forget } from '../../instance/forget'
import { answer } from '../chunk'

answer('forget', forget)
