// The examples suite again, on the auto-blocking build: it behaves as consentry.js does
// (docs/reference.md §9).
import { onAutoblockBuild } from './autoblock-build'

await onAutoblockBuild(() => import('./examples.test'))
