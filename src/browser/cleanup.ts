/**
 * Clean-up of a revoked vendor's cookies and storage (docs/reference.md §2 and §4), for the script
 * tag: the decision is taken at once, the clean-up runs when its chunk (`consentry-forget.js`,
 * src/instance/forget.ts) arrives. Until it has run it is remembered in `localStorage`, so a clean-up cut
 * short by leaving the page is finished on the next page view.
 */
import type { CookieSpec, Vendor } from '../core/types'
import type { Load } from './chunk'
import { guard, report } from '../core/util'

type Forget = (cookies: CookieSpec[], storage: string[], window: Window, pathname: string) => void
/** One clean-up: the vendor's cookies, its storage keys, and the path of the page it was revoked on. */
type Job = [CookieSpec[], string[], string]

const KEY = 'consentry-cleanup'

/** The clean-ups not finished yet; none where storage is disabled or holds something else. */
const pending = (): Job[] => {
  try {
    const jobs = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(jobs) ? jobs.filter((job) => Array.isArray(job) && job.length === 3) : []
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
  let done: Promise<unknown> = Promise.resolve()
  const run = (jobs: Job[]) => {
    const finished = load<Forget>('consentry-forget.js', 'forget').then((forget) => {
      for (const [cookies, storage, pathname] of jobs) guard(forget, undefined)(cookies, storage, window, pathname)
      const ran = jobs.map((job) => JSON.stringify(job))
      keep(pending().filter((job) => !ran.includes(JSON.stringify(job))))
    }, report)
    done = Promise.all([done, finished])
  }
  // What a page view left unfinished, before anything else.
  const left = pending()
  if (left.length) run(left)
  return {
    forget(vendor: Vendor) {
      if (!vendor.cookies.length && !vendor.storage.length) return
      const job: Job = [vendor.cookies, vendor.storage, location.pathname]
      keep([...pending(), job])
      run([job])
    },
    cleanedUp: (): Promise<void> => done.then(() => {}),
  }
}
