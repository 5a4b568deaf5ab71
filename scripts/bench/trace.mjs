/**
 * Script time from a Chromium trace of one page view.
 *
 * "Script time" is the time the page's renderer main thread spends in JavaScript: compiling and
 * evaluating scripts (`EvaluateScript`, `v8.compile`, `v8.run`), calling functions from the browser
 * (event listeners, timers, observers: `FunctionCall`, `v8.callFunction`), running promise callbacks
 * (`RunMicrotasks`) and writing the code cache (`v8.produceCache`), with the garbage collection and
 * lazy compilation nested in them; nested events are counted once. It is wall-clock time (`ms`), as
 * a visitor waits for it, and the thread's CPU time (`cpu`), which a busy machine inflates less.
 * It starts when the page's HTML starts to be parsed, so a previous page's unload handlers are not
 * counted, and it leaves out the bench's own scripts: the banner probe and the gated stand-in
 * scripts (`/fake/`). So it is the tool's own script time, the page's few inline lines included.
 */

import { mkdirSync, writeFileSync } from 'node:fs'

/** `TRACES=1`: the trace of each page view is kept in `.bench/traces/` (see `traced`). */
const TRACES = process.env.TRACES === '1'
const root = new URL('../..', import.meta.url).pathname

/** Categories that hold the events above, and no more (tracing slows the page a little). */
export const CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute']

const JAVASCRIPT = new Set([
  'EvaluateScript',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'v8.run',
  'v8.callFunction',
  'v8.callAsConstructor',
  'FunctionCall',
  'RunMicrotasks',
  'v8.produceCache',
  'v8.produceModuleCache',
])
/** The URL a script event names, or `undefined` for events that name none. */
const urlOf = (event) => {
  if (event.name === 'FunctionCall' || event.name === 'EvaluateScript') return event.args?.data?.url ?? ''
  if (event.name === 'v8.run') return event.args?.fileName
  return undefined
}
/** The probe's source URL: its functions are the bench's, not the tool's. */
export const PROBE_URL = 'bench-probe.js'
const isBench = (url) => url === PROBE_URL || url.includes('/fake/')
const isBenchEvent = (event) => urlOf(event) !== undefined && isBench(urlOf(event))

/**
 * The time of `events` (one thread's, sorted by start), each counted once: the outermost events'
 * durations, less the bench's own events (outermost or nested in another). `key` is `dur` (wall
 * clock) or `tdur` (the thread's CPU time).
 */
const timeOf = (events, key) => {
  let sum = 0
  let end = -Infinity
  let benchEnd = -Infinity
  for (const event of events) {
    const outermost = event.ts >= end
    if (outermost) end = event.ts + event.dur
    if (event.ts < benchEnd) continue
    if (isBenchEvent(event)) {
      benchEnd = event.ts + event.dur
      if (!outermost) sum -= event[key] ?? 0
    } else if (outermost) sum += event[key] ?? 0
  }
  return sum / 1000
}

/**
 * The renderer main thread that parsed `url` (the last one, if a navigation moved), and when.
 * @returns {{ pid: number, tid: number, start: number }}
 */
const pageThread = (events, url) => {
  const parses = events.filter(
    (event) => event.name === 'ParseHTML' && event.args?.beginData?.url?.startsWith(url),
  )
  if (!parses.length) throw new Error(`the trace holds no parsing of ${url}: the page did not load, or Chromium's trace events changed`)
  const { pid, tid } = parses.at(-1)
  const start = Math.min(...parses.filter((event) => event.pid === pid && event.tid === tid).map((event) => event.ts))
  return { pid, tid, start }
}

/**
 * The script time (ms) of the page view of `url` in a trace, and the renderer process it ran in.
 * @param {{ traceEvents: object[] } | object[]} trace
 * @param {string} url
 * `evaluateCpu` is the CPU time of the scripts' top-level evaluation alone (compiling included).
 * @returns {{ ms: number, cpu: number, evaluateCpu: number, pid: number, evaluated: string[] }}
 */
export const scriptTime = (trace, url) => {
  const events = Array.isArray(trace) ? trace : trace.traceEvents
  const { pid, tid, start } = pageThread(events, url)
  const own = events
    .filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.ts >= start && JAVASCRIPT.has(event.name))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur)
  const evaluated = own.filter((event) => event.name === 'EvaluateScript').map((event) => event.args.data.url)
  const evaluations = own.filter((event) => event.name === 'EvaluateScript')
  return { ms: timeOf(own, 'dur'), cpu: timeOf(own, 'tdur'), evaluateCpu: timeOf(evaluations, 'tdur'), pid, evaluated }
}

let traces = 0
/**
 * Traces what `fn` makes the browser do: the parsed trace. With `TRACES=1` it is also written to
 * `.bench/traces/<n>-<name>.json` (open it in DevTools' Performance panel).
 */
export const traced = async (browser, name, fn) => {
  await browser.startTracing(undefined, { categories: CATEGORIES })
  let failure
  await fn().catch((error) => (failure = error))
  const buffer = await browser.stopTracing()
  if (failure) throw failure
  if (TRACES) {
    mkdirSync(root + '.bench/traces', { recursive: true })
    writeFileSync(root + `.bench/traces/${String(++traces).padStart(3, '0')}-${name}.json`, buffer)
  }
  return JSON.parse(buffer.toString('utf8'))
}
