/**
 * `npm run bench`: consentry's size and speed beside other consent managers, in headless
 * Chromium at 4x CPU throttling. Every tool gets the same page (scripts/bench/pages.mjs); runs are
 * interleaved round-robin, each in a fresh browser context, and medians are reported.
 *
 * - Page load (scripts/bench/visit.mjs): a first visit, "accept all", a returning visit reloaded in
 *   the same tab and one cold, in a new tab; script time from a Chromium trace (scripts/bench/trace.mjs).
 * - Lighthouse (scripts/bench/lighthouse.mjs): LCP and Total Blocking Time of each first-visit page.
 * - Floors (scripts/bench/floors.mjs): the least a returning visit's script time can be.
 * - Scale (scripts/bench/scale.mjs): consentry activating 1,000 gated elements, and watching a page
 *   that inserts 10,000.
 *
 * Prints a Markdown table and writes it to `.bench/results.md` (raw samples: `.bench/results.json`);
 * `npm run bench -- --readme` also writes it into README.md. Options:
 * - `RUNS=3` page-load runs (default 9); `LIGHTHOUSE=1` Lighthouse runs per page (default 3, 0: none);
 *   `RUNS=1 LIGHTHOUSE=0 SCALE=0 npm run bench` checks that the bench works.
 * - `npm run bench -- --baseline <git-rev>` (repeatable) builds that revision in a temporary git
 *   worktree (cached by commit in node_modules/.cache/consentry-bench/) and measures its page loads
 *   interleaved with this build's, as tools of their own, with rows comparing the two.
 * - `THROTTLE=1` turns Chromium's CPU throttling off (default 4): the CPU table is then the scripts'
 *   own CPU time, the steadiest figure on a busy machine.
 * - `LATENCY=100` adds 100 ms to every request of a measured tab (default 0: localhost as it is), to
 *   see what round trips cost, e.g. a request that waits for a script to arrive and run.
 * - `TOOLS=consentry,orejime` measures only the tools whose id starts with one of these.
 * - `ONLY=scale`, `ONLY=activate` or `ONLY=insert` runs only (part of) the at-scale cases, writes
 *   `.bench/results-<ONLY>.md` (and `.json`) and never the README.
 * - `AGAINST=<dir>` measures another build's dist/ in the at-scale cases too, beside this one.
 * - `PROFILE=1` writes a CPU profile of each at-scale measurement to `.bench/profiles/`, and
 *   `TRACES=1` the trace of each page view to `.bench/traces/` (open either in DevTools' Performance
 *   panel); profiling slows the page, so its timings are not comparable.
 *
 * The bench exits non-zero, and leaves the README alone, when any measurement failed or a page asked
 * for a file the bench does not serve.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { baselineBuild } from './bench/baseline.mjs'
import { launch } from './bench/browser.mjs'
import { FLOORS, addFloorPages, floorScript } from './bench/floors.mjs'
import { lighthouseRun, lighthouseVersion } from './bench/lighthouse.mjs'
import * as options from './bench/options.mjs'
import { PURPOSES, consentryManifest, fake, modules, ownName, peerFiles, root, toolsFor } from './bench/pages.mjs'
import { cpuTable, floorsLine, mediansOf, method, pageLoadTable, runsLine, runsOf } from './bench/report.mjs'
import { scaleTable } from './bench/report-scale.mjs'
import { manifestFor } from './bench/stamp.mjs'
import { acceptAtScale, addScalePages, insertAtScale } from './bench/scale.mjs'
import { add, addBuild, addFile, missing, startServer } from './bench/server.mjs'
import { visit } from './bench/visit.mjs'

const { RUNS, LIGHTHOUSE_RUNS, VISITS, ACTIVATE, INSERT, SCALE, ONLY, AGAINST, README, THROTTLE, LATENCY } = options

// --- What is served ---

if (!existsSync(root + 'dist/consentry.js')) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)')
const baselines = options.BASELINES.map((rev) => baselineBuild(root, rev))
/** The builds of consentry whose page loads are measured: this one, then each baseline. */
const builds = [
  { prefix: 'dist', key: '', name: ownName, dist: root + 'dist/', commit: undefined },
  ...baselines.map(({ rev, short, commit, dist }) => ({
    prefix: `base/${short}`,
    key: `@${short}`,
    name: `consentry at ${rev === short ? short : `${rev} (${short})`}`,
    dist,
    commit,
  })),
]
for (const build of builds) build.manifest = await manifestFor(root, build.dist, build.commit, consentryManifest)
const tools = toolsFor(builds).filter(
  (tool) => !options.TOOLS.length || options.TOOLS.some((prefix) => tool.id.startsWith(prefix)),
)
if (!tools.length) throw new Error(`TOOLS=${process.env.TOOLS}: no tool's id starts with any of these`)
/** The builds measured at scale: this one, served from /dist/, and `AGAINST`'s from /against/. */
const BUILDS = AGAINST ? ['dist', 'against'] : ['dist']

for (const { prefix, dist, manifest } of builds) {
  addBuild(`/${prefix}/`, dist)
  add(`/page/${prefix}/consent.json`, JSON.stringify(manifest))
}
if (AGAINST) addBuild('/against/', AGAINST)
for (const [path, file] of peerFiles) addFile(path, modules + file)
for (const id of PURPOSES) add(`/fake/${id}.js`, fake(id))
add('/fake/pixel.gif', Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'))
for (const tool of tools) add(`/page/${tool.id}.html`, tool.html)
add('/blank.html', '<!doctype html><title>blank</title>')
addFloorPages()
addScalePages(BUILDS)

// --- Running ---

const started = Date.now()
const loadBefore = loadavg()[0]
const { origin, close } = await startServer()
const { browser, port } = await launch()
const version = browser.version()
const samples = Object.fromEntries(tools.map((tool) => [tool.id, []]))
const lighthouse = Object.fromEntries(tools.map((tool) => [tool.id, []]))
const errors = Object.fromEntries(
  [...tools.map((tool) => tool.id), 'lighthouse', 'activate', 'insert', 'floor'].map((key) => [key, []]),
)
const floors = Object.fromEntries(Object.keys(FLOORS).map((floor) => [floor, []]))
/** Script times at scale: `activate` by build (`dist`, `against`) and `<build>-none`; `insert` by variant. */
const scale = { activate: {}, insert: {} }
const push = (samples, key, ...values) => (samples[key] ??= []).push(...values)
/** The list turned by `run` places, so that no case always follows the same one. */
const turn = (list, run) => list.map((_, i) => list[(i + run) % list.length])
const attempt = async (key, what, fn) => {
  try {
    return await fn()
  } catch (error) {
    const message = `${what}: ${error.message.split('\n')[0]}`
    errors[key].push(message)
    console.error(`  ${message}`)
  }
}

/** Lighthouse once on every tool's first-visit page. */
const lighthouseRound = async (run) => {
  for (const tool of turn(tools, run)) {
    const url = `${origin}/page/${tool.id}.html`
    const result = await attempt('lighthouse', `Lighthouse on ${tool.id}`, () => lighthouseRun(port, url))
    if (result) lighthouse[tool.id].push({ run, ...result })
  }
}

/** One run: every tool's page load, the floors, Lighthouse (in the first runs) and the scale cases. */
const runOnce = async (run) => {
  for (const tool of VISITS ? turn(tools, run) : []) {
    const result = await attempt(tool.id, tool.id, () => visit(browser, origin, tool))
    if (result) samples[tool.id].push({ run, ...result })
  }
  for (const floor of VISITS ? turn(Object.keys(FLOORS), run) : []) {
    const result = await attempt('floor', `floor ${floor}`, () => floorScript(browser, origin, floor))
    if (result) floors[floor].push(result)
  }
  if (VISITS && run < LIGHTHOUSE_RUNS) await lighthouseRound(run)
  const cases = [['self', true], ...BUILDS.flatMap((build) => [[build, true], [build, false]])]
  for (const [build, gated] of ACTIVATE ? turn(cases, run) : []) {
    const result = await attempt('activate', `activate ${build}`, () => acceptAtScale(browser, origin, gated, build))
    if (result) push(scale.activate, gated ? build : `${build}-none`, result)
  }
  for (const build of INSERT ? turn(['', ...BUILDS], run) : []) {
    const results = await attempt('insert', `insert ${build || 'plain'}`, () => insertAtScale(browser, origin, build, run))
    for (const [variant, list] of Object.entries(results ?? {})) push(scale.insert, variant, ...list)
  }
}

try {
  const rounds = Math.max(RUNS, VISITS ? LIGHTHOUSE_RUNS : 0)
  for (let run = 0; run < rounds; run++) {
    // Lighthouse runs beyond RUNS (LIGHTHOUSE > RUNS) come alone, after the page-load runs.
    if (run < RUNS) await runOnce(run)
    else await lighthouseRound(run)
    console.error(`run ${run + 1}/${rounds} done (${Math.round((Date.now() - started) / 1000)} s)`)
  }
} finally {
  await browser.close()
  close()
}

// --- Reporting ---

/** Every failed measurement, and every file a page asked for that the bench does not serve. */
const failed = [...Object.values(errors).flat(), ...[...missing].map((path) => `a page asked for ${path}, which is not served`)]
const failures = (key, total = RUNS) => (errors[key].length ? ` (${total - errors[key].length}/${total} runs ok)` : '')
const medians = mediansOf(tools, samples, lighthouse)
const cpu = cpus()
const machine = [
  `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
  `${Math.round(totalmem() / 2 ** 30)} GB RAM`,
  process.platform,
  `node ${process.version}`,
].join(', ')
const date = new Date().toISOString().slice(0, 10)
const load = `${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`
const lighthouseAt = LIGHTHOUSE_RUNS ? await lighthouseVersion() : ''
const lines = [
  `Measured ${date} by \`npm run bench\`: headless Chromium ${version}, ${THROTTLE > 1 ? `CPU throttled ${THROTTLE}x` : 'no CPU throttling'}, ${LATENCY ? `${LATENCY} ms added to every request, ` : ''}tools interleaved`,
  `round-robin, a fresh browser context each. ${VISITS ? runsLine() : `Median of ${RUNS} runs.`} Machine: ${machine}; 1-minute load`,
  `average ${load} (timings are wall-clock, so a busy machine inflates them: compare the rows of one run).`,
  '',
  ...(VISITS
    ? [
        ...pageLoadTable(tools, medians, runsOf(samples, lighthouse), (id) => failures(id)),
        '',
        ...cpuTable(tools, medians),
        '',
        floorsLine(floors),
        '',
        ...method(lighthouseAt),
        '',
      ]
    : []),
  ...(SCALE ? [...scaleTable(scale, BUILDS, failures, RUNS), ''] : []),
  ...(missing.size ? [`Not served (requested by a tool, answered 404): ${[...missing].join(', ')}`, ''] : []),
]
const table = lines.join('\n').trimEnd()
console.log('\n' + table)
mkdirSync(root + '.bench', { recursive: true })
const results = root + (ONLY ? `.bench/results-${ONLY}` : '.bench/results')
writeFileSync(results + '.md', table + '\n')
const raw = { date, chromium: version, lighthouse: lighthouseAt, machine, load, runs: RUNS, throttle: THROTTLE, latency: LATENCY }
const measured = { baselines, samples, lighthouse, floors, scale, errors }
writeFileSync(results + '.json', JSON.stringify({ ...raw, ...measured }, null, 2) + '\n')
const seconds = Math.round((Date.now() - started) / 1000)
if (failed.length) {
  console.error(`\n${failed.length} measurement(s) failed, so the table above is incomplete${README ? ' and README.md was not written' : ''}:`)
  for (const message of failed) console.error(`  ${message}`)
  process.exit(1)
}
if (README) {
  const readme = readFileSync(root + 'README.md', 'utf8')
  const section = /(<!-- bench:[^>]*-->\n)[\s\S]*?(\n<!-- \/bench -->)/
  if (!section.test(readme)) throw new Error('README.md has no <!-- bench: … --> … <!-- /bench --> section to write the table in')
  writeFileSync(root + 'README.md', readme.replace(section, (_, open, end) => open + table + end))
}
console.error(`\nwritten to ${results.slice(root.length)}.md${README ? ' and README.md' : ''} in ${seconds} s`)
