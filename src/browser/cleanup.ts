/**
 * Clean-up of a revoked vendor's cookies and storage (docs/reference.md §2 and §4), for the script
 * tag: the decision is taken at once, the clean-up runs when its chunk (`consentry-forget.js`,
 * src/instance/forget.ts) arrives. Until it has run it is remembered in `localStorage`, so a clean-up cut
 * short by leaving the page is finished on the next page view that still refuses the vendor.
 *
 * `localStorage` is looked at only then: the first read of it in a page's renderer waits for the
 * browser to load the site's storage, the largest single cost of a returning visit's loader, and a
 * visitor who refuses no vendor with cookies or storage can have nothing left to clean up.
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
    return Array.isArray(jobs) ? jobs.filter((job) => Array.isArray(job) && (job.length === 3 || job.length === 4)) : []
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

/**
 * Whether the instance refuses some vendor with cookies or storage now: only then can a clean-up be
 * left to finish. An instance that failed to start grants nothing.
 */
const refusesAny = (internals: ConsentInternals): boolean =>
  !internals.manifest ||
  internals.consent.$state.get().status === 'error' ||
  internals.manifest.vendors.some((vendor) => (vendor.cookies.length || vendor.storage.length) && !internals.consent.isGranted(vendor.id))

/** @internal */
export const cleanups = (load: Load) => {
  let done: Promise<unknown> = Promise.resolve()
  let lookedBack!: () => void
  /** Resolves once what an earlier page view left unfinished has been looked for (`leftovers`). */
  const looked = new Promise<void>((resolve) => (lookedBack = resolve))
  /** This page view's own clean-ups, which `leftovers` leaves to run once. */
  const started: string[] = []
  /** Runs `jobs`, then forgets them and `dropped`. */
  const run = (jobs: Job[], dropped: Job[] = []) => {
    const finished = load<Forget>('consentry-forget.js', 'forget').then((forget) => {
      for (const [cookies, storage, pathname] of jobs) guard(forget, undefined)(cookies, storage, window, pathname)
      const ran = [...jobs, ...dropped].map((job) => JSON.stringify(job))
      keep(pending().filter((job) => !ran.includes(JSON.stringify(job))))
    }, report)
    done = Promise.all([done, finished])
  }
  return {
    forget(vendor: Vendor) {
      if (!vendor.cookies.length && !vendor.storage.length) return
      const job: Job = [vendor.cookies, vendor.storage, location.pathname, vendor.id]
      started.push(JSON.stringify(job))
      keep([...pending(), job])
      run([job])
    },
    /**
     * Once the instance is ready (or failed): finishes the clean-ups an earlier page view left, but
     * for a vendor granted again since, whose clean-up is dropped.
     */
    leftovers(internals: ConsentInternals) {
      try {
        if (!refusesAny(internals)) return
        const left = pending().filter((job) => !started.includes(JSON.stringify(job)))
        const granted = (job: Job) => job[3] !== undefined && internals.consent.isGranted(job[3])
        if (left.length) run(left.filter((job) => !granted(job)), left.filter(granted))
      } finally {
        lookedBack()
      }
    },
    cleanedUp: (): Promise<void> => looked.then(() => done).then(() => {}),
  }
}
