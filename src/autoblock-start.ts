import { createAutoblocker } from './autoblocker'

/**
 * Side effect at load, on purpose: the interception must be in place before anything after the
 * script tag runs (docs/reference.md §9), and before the loader of `./browser` starts.
 * @internal
 */
export const autoblocker = (() => {
  try {
    return createAutoblocker(window, document.currentScript as HTMLScriptElement | null)
  } catch (error) {
    console.error('[consentry]', error)
    return { connect() {} }
  }
})()
