/** `dist/consentry-forget.js`: clean-up on revocation, fetched on the first revocation of a page. */
import { forget } from '../forget'
import { answer } from '../chunk'

answer('forget', forget)
