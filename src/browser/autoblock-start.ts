import { presetHosts } from 'virtual:preset-hosts'
import { createAutoblocker } from './autoblocker'

/**
 * Side effect at load, on purpose: the interception must be in place before anything after the
 * script tag runs (docs/reference.md §9), and before the loader of `./browser` starts.
 * @internal
 */
export const autoblocker = (() => {
  try {
    // Every built-in preset's hosts, a table the build writes (rollup.config.mjs, presetHostsModule).
    return createAutoblocker(window, document.currentScript as HTMLScriptElement | null, Object.values(presetHosts).flat())
  } catch (error) {
    console.error('[consentry]', error)
    return { connect() {} }
  }
})()
