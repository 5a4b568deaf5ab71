/** The bench's Chromium, and what every measurement does with a tab. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs'
import { LATENCY, PROFILE, THROTTLE } from './options.mjs'
import { root } from './pages.mjs'
import { PROBE_URL } from './trace.mjs'

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms))

const freePort = () =>
  new Promise((done, fail) => {
    const server = createServer().on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => done(port))
    })
  })

/**
 * Headless Chromium (the tests' own: scripts/chromium.mjs), with a remote debugging port that
 * Lighthouse drives.
 * @returns {Promise<{ browser: import('playwright-core').Browser, port: number }>}
 */
export const launch = async () => {
  const port = await freePort()
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  })
  return { browser, port }
}

/**
 * Runs at document start of a probed page: notes when the banner is first visible, sums layout
 * shifts and keeps the longest main-thread task (the Long Tasks API reports those over 50 ms). It
 * polls from a 10 ms timer; its source URL keeps its time out of the tool's script time.
 */
const probe = (find) => {
  if (!location.search.includes('probe')) return
  const state = (window.__probe = { visible: null, cls: 0, longest: 0 })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.cls += entry.value
  }).observe({ type: 'layout-shift', buffered: true })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longest = Math.max(state.longest, entry.duration)
  }).observe({ type: 'longtask', buffered: true })
  const check = () => {
    const start = performance.now()
    const element = find()
    let shown = false
    if (element && element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
      const box = element.getBoundingClientRect()
      shown = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
    }
    if (shown) state.visible = start
    else setTimeout(check, 10)
  }
  check()
}

let profiles = 0
/** With `PROFILE=1`, `start()` starts a CPU profile and `stop(name)` writes it; otherwise neither does anything. */
const profiler = (cdp) => ({
  start: async () => {
    if (!PROFILE) return
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    await cdp.send('Profiler.start')
  },
  stop: async (name) => {
    if (!PROFILE) return
    const { profile } = await cdp.send('Profiler.stop')
    mkdirSync(root + '.bench/profiles', { recursive: true })
    writeFileSync(root + `.bench/profiles/${String(++profiles).padStart(3, '0')}-${name}.cpuprofile`, JSON.stringify(profile))
  },
})

/**
 * A new tab of `context` on the bench's origin (a blank page, so that the tool's first page is
 * its first script there), CPU throttled (and with `LATENCY`, each request delayed), with the
 * Performance domain on; `find` installs the banner probe. Chromium's ScriptDuration starts again
 * at 0 with each document and leaves out what the bench itself evaluates, so work to be measured by
 * it is started from a page task.
 */
export const openPage = async (context, origin, find) => {
  const tab = await context.newPage()
  if (find) await tab.addInitScript({ content: `(${probe})(${find})\n//# sourceURL=${PROBE_URL}` })
  await tab.goto(`${origin}/blank.html`)
  const cdp = await context.newCDPSession(tab)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE })
  if (LATENCY) {
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 })
  }
  await cdp.send('Performance.enable')
  const metric = async (name) => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    return metrics.find((metric) => metric.name === name).value * 1000
  }
  const scriptMs = () => metric('ScriptDuration')
  /** All the main thread's work: script, promise callbacks, style, layout, paint, garbage collection. */
  const taskMs = () => metric('TaskDuration')
  return { tab, scriptMs, taskMs, profile: profiler(cdp) }
}

/** Polls from outside the page (no in-page polling that would count as the page's script time). */
export const until = async (tab, fn, what, timeout = 15_000) => {
  const end = Date.now() + timeout
  while (!(await tab.evaluate(fn))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/**
 * Waits until `condition` (an expression) holds in the page, checking it every 10 ms from a timer
 * in the page: one evaluation from outside, and functions under the probe's source URL, whose time
 * the trace leaves out of the tool's script time.
 */
export const waitInPage = async (tab, condition, what, timeout = 15_000) => {
  const held = await tab.evaluate(`new Promise((done) => {
  const end = performance.now() + ${timeout}
  const check = () => ((${condition}) ? done(true) : performance.now() > end ? done(false) : setTimeout(check, 10))
  check()
})
//# sourceURL=${PROBE_URL}`)
  if (!held) throw new Error(`timed out waiting for ${what}`)
}
