/**
 * Clean-up of a revoked vendor's cookies and storage (docs/reference.md §2 and §4), for the script
 * tag: the decision is taken at once, the clean-up runs when its chunk (`consentry-forget.js`,
 * src/instance/forget.ts) arrives. Until it has run it is remembered in `localStorage`, so a clean-up cut
 * short by leaving the page is finished on the next page view that still refuses the vendor.
 *
 * `localStorage` is read for that only on a page view that refuses some vendor: the first read of it
 * in a new tab waits for the browser to load the site's storage, which was the largest single cost of
 * a returning visit's loader, and a visitor who refuses no vendor has nothing left to clean up.
 */
import type { ConsentInternals, CookieSpec, Vendor } from '../core/types'
import type { Load } from './chunk'
import { guard, report } from '../core/util'

type Forget = (cookies: CookieSpec[], storage: string[], window: Window, pathname: string) => void
/**
 * One clean-up: the vendor's cookies, its storage keys, the path of the page it was revoked on, and
 * the vendor's id (absent from clean-ups remembered by an earlier version).
 */
type Job = [CookieSpec[], string[], string, string?]

const KEY = 'consentry-cleanup'

/** The clean-ups not finished yet; none where storage is disabled or holds something else. */
const pending = (): Job[] => {
  try {
    const jobs = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(jobs) ? jobs.filter((job) => Array.isArray(job) && job.length > 2) : []
  } catch {
    return []
  }
}

const keep = (jobs: Job[]) => {
  try {
    if (jobs.length) localStorage.setItem(KEY, JSON.stringify(jobs))
    else localStorage.removeItem(KEY)
  } catch {}
}

/** @internal */
export const cleanups = (load: Load) => {
  let lookedBack!: (value: unknown) => void
  /** Every clean-up started, after what an earlier page view left unfinished was looked for (`leftovers`). */
  let done: Promise<unknown> = new Promise((resolve) => (lookedBack = resolve))
  /** Runs the jobs whose vendor is still refused once the chunk is in; the others stay remembered. */
  const run = (jobs: Job[], refused: (job: Job) => boolean) => {
    const finished = load<Forget>('consentry-forget.js', 'forget').then((forget) => {
      const now = jobs.filter(refused)
      for (const [cookies, storage, pathname] of now) guard(forget, undefined)(cookies, storage, window, pathname)
      const ran = now.map((job) => JSON.stringify(job))
      keep(pending().filter((job) => !ran.includes(JSON.stringify(job))))
    }, report)
    done = Promise.all([done, finished])
    return finished
  }
  return {
    forget(vendor: Vendor, _window: Window, refused: () => boolean) {
      if (!vendor.cookies.length && !vendor.storage.length) return
      const job: Job = [vendor.cookies, vendor.storage, location.pathname, vendor.id]
      keep([...pending(), job])
      run([job], refused)
    },
    /**
     * Once the instance is ready (or failed) and the page has loaded (src/browser/loader.ts):
     * finishes the clean-ups an earlier page view left of
     * the vendors it refuses. One of a vendor granted again since waits, its cookies kept, until
     * the vendor is refused again. `localStorage` is not even read while no vendor is refused; an
     * instance that failed to start grants nothing.
     */
    leftovers({ manifest, consent }: ConsentInternals) {
      let left: Job[] = []
      const refused = (job: Job) => !consent.isGranted(job[3]!)
      // Quiet, as pending() is: a page that broke a built-in this needs was told once already.
      try {
        if (!manifest || manifest.vendors.some(({ id }) => !consent.isGranted(id))) left = pending().filter(refused)
      } catch {}
      lookedBack(left.length && run(left, refused))
    },
    cleanedUp: (): Promise<void> => done.then(() => {}),
  }
}
