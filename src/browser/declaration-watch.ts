import type { ConsentInternals } from '../core/types'
import type { chunkLoader } from './chunk'
import { report } from '../core/util'

/**
 * Fetches the cookie declaration's chunk (`consentry-declaration.js`, ui/declaration-browser.ts)
 * once the page has a `[data-consent-declaration]` element: now, or when one is added later
 * (docs/reference.md, Cookie declaration). A page without one downloads nothing more; the page's
 * changes are looked at at most once per task, so a busy page pays one timer per task. @internal
 */
export const watchDeclaration = (load: ReturnType<typeof chunkLoader>, internals: ConsentInternals): void => {
  let pending: unknown
  const look = () => {
    pending = 0
    if (document.querySelector('[data-consent-declaration]')) {
      observer.disconnect()
      load<(internals: ConsentInternals) => void>('consentry-declaration.js', 'declaration').then((mount) => mount(internals), report)
    }
  }
  const observer = new MutationObserver(() => (pending ||= setTimeout(look)))
  observer.observe(document, { childList: true, subtree: true })
  look()
}
