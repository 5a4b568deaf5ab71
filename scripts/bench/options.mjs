/**
 * What one `npm run bench` measures, from its environment and arguments (scripts/bench.mjs lists
 * them all). Every option is checked here, so that a typo stops the bench before it starts.
 */

const env = process.env
const argv = process.argv.slice(2)

/** A whole number from the environment, `fallback` when unset; anything else is an error. */
const count = (name, fallback, least = 0) => {
  if (env[name] === undefined || env[name] === '') return fallback
  const value = Number(env[name])
  if (!Number.isInteger(value) || value < least) throw new Error(`${name}=${env[name]}: expected a whole number ≥ ${least}`)
  return value
}

/** The values of every `--name value` (or `--name=value`) in the arguments. */
const valuesOf = (name) => {
  const values = []
  argv.forEach((arg, i) => {
    if (arg === `--${name}`) {
      const value = argv[i + 1]
      if (!value || value.startsWith('--')) throw new Error(`--${name} needs a value, e.g. --${name} bcf5c81`)
      values.push(value)
    } else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3))
  })
  return values
}

const KNOWN = ['--readme', '--baseline']
for (const [i, arg] of argv.entries()) {
  const isValue = i > 0 && argv[i - 1] === '--baseline'
  if (!isValue && !KNOWN.some((known) => arg === known || arg.startsWith(`${known}=`)))
    throw new Error(`unknown argument ${arg}: expected --readme or --baseline <git-rev>`)
}

/** Page-load runs per tool: each run is one first visit and two returning visits. */
export const RUNS = count('RUNS', 9, 1)
/** Lighthouse runs per tool's first-visit page; `LIGHTHOUSE=0` skips Lighthouse. */
export const LIGHTHOUSE_RUNS = count('LIGHTHOUSE', 3)
/** `SCALE=0` skips the consentry-only cases at scale (a quick check of the bench itself). */
export const SCALE = env.SCALE !== '0'
/** `ONLY=scale`, `ONLY=activate` or `ONLY=insert`: that part alone. */
export const ONLY = env.ONLY ?? ''
if (!['', 'scale', 'activate', 'insert'].includes(ONLY)) throw new Error(`ONLY=${ONLY}: expected scale, activate or insert`)
if (ONLY && !SCALE) throw new Error(`ONLY=${ONLY} measures the at-scale cases, which SCALE=0 skips`)
/** Whether the tools' page loads (and their floors and Lighthouse) are measured. */
export const VISITS = !ONLY
export const ACTIVATE = SCALE && ONLY !== 'insert'
export const INSERT = SCALE && ONLY !== 'activate'
/** Another build's dist/ directory to measure beside this one at scale. */
export const AGAINST = env.AGAINST
  ? new URL(env.AGAINST.replace(/\/?$/, '/'), `file://${process.cwd()}/`).pathname
  : ''
export const AGAINST_NAME = env.AGAINST ?? ''
/** `PROFILE=1`: a CPU profile of each at-scale measurement in `.bench/profiles/`. */
export const PROFILE = env.PROFILE === '1'
/**
 * `TOOLS=consentry,orejime`: page loads of only the tools whose id starts with one of these (the
 * ids are the pages' names in `.bench/results.json`), e.g. to compare builds quickly.
 */
export const TOOLS = (env.TOOLS ?? '').split(',').filter(Boolean)
export const README = argv.includes('--readme')
if (README && ONLY) throw new Error(`--readme needs the whole bench: ONLY=${ONLY} measures only a part`)
if (README && TOOLS.length) throw new Error(`--readme needs the whole bench: TOOLS=${env.TOOLS} measures only some tools`)
if (README && (!SCALE || !LIGHTHOUSE_RUNS))
  throw new Error(`--readme needs the whole bench: ${SCALE ? 'LIGHTHOUSE=0' : 'SCALE=0'} leaves a part out`)
/** Git revisions built and measured beside this build, as tools of their own. */
export const BASELINES = valuesOf('baseline')
if (BASELINES.length && !VISITS) throw new Error(`--baseline is measured in the page loads, which ONLY=${ONLY} skips`)

/**
 * Chromium's CPU throttling rate (`THROTTLE=1`: none). Chromium throttles by making the main thread
 * spin, for a time measured by the wall clock, so at 4x the thread's CPU time includes that spin;
 * unthrottled, it is the scripts' own CPU time, the figure a busy machine moves least.
 */
export const THROTTLE = count('THROTTLE', 4, 1)
if (README && THROTTLE !== 4) throw new Error(`--readme writes the table measured at 4x CPU throttling, not THROTTLE=${THROTTLE}`)
/**
 * `LATENCY=100`: every request of a measured tab waits this many milliseconds more for its answer
 * (Chromium's network emulation), as on a real network, where a request made only once another has
 * answered costs a round trip. 0 (the default): localhost as it is.
 */
export const LATENCY = count('LATENCY', 0)
if (README && LATENCY) throw new Error(`--readme writes the table measured on localhost as it is, not LATENCY=${LATENCY}`)
/** How long a page is left to finish its work after `load` (and, on a first visit, the banner). */
export const SETTLE = 500
/** The same for the scale pages, whose work is started by the bench after it. */
export const SCALE_SETTLE = 200
