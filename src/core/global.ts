/**
 * `window.consent` as the script tag leaves it (docs/reference.md §1): before the script ran, a
 * page may put a queue of functions there; afterwards it is the instance, whose `push(fn)` takes
 * the same functions. Shipped with the package's types, so `window.consent` needs no declaration
 * of the site's own.
 */
import type { Consent } from './types'

/** Functions waiting for the instance: `window.consent` before the script tag ran. */
export type ConsentQueue = ((consent: Consent) => void)[]

declare global {
  interface Window {
    /** The script tag's instance, or the queue a page put there before it ran (docs/reference.md §1). */
    consent?: Consent | ConsentQueue
  }
}
