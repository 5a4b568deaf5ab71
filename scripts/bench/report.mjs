/** The page-load table, its ratio rows, the script CPU table and the floors, as Markdown lines. */
import { FLOORS } from './floors.mjs'
import { LIGHTHOUSE_RUNS, RUNS, SETTLE, THROTTLE } from './options.mjs'
import { intervalText, kb, median, ms, pairedInterval, ratio } from './stats.mjs'

/** The page-load columns: what each holds, and consentry's goal in it. */
export const COLUMNS = [
  { key: 'banner', title: 'banner visible', format: ms, target: 'at most the best' },
  { key: 'firstScript', title: 'script, first visit', format: ms, target: 'at most the best' },
  { key: 'longTask', title: 'longest task, first visit', format: (v) => (v === 0 ? 'none over 50 ms' : ms(v)), target: 'none over 50 ms' },
  { key: 'coldScript', title: 'script, returning (new tab, cold)', format: ms, target: 'at most the best' },
  { key: 'reloadScript', title: 'script, returning (same tab, reloaded)', format: ms, target: '—' },
  { key: 'tagsRan', title: 'gated tags ran, returning (new tab)', format: ms, target: 'at most the best' },
  { key: 'firstBytes', title: 'bytes, first visit', format: kb, target: 'budgets.json', exact: true },
  { key: 'returnBytes', title: 'bytes, returning', format: kb, target: 'budgets.json', exact: true },
  { key: 'lcp', title: 'Lighthouse LCP', format: ms, target: 'at most the best', lighthouse: true },
  { key: 'tbt', title: 'Lighthouse TBT', format: ms, target: '0 ms', lighthouse: true },
  { key: 'cls', title: 'layout shift (CLS)', format: (v) => (Number.isNaN(v) ? 'failed' : v.toFixed(3)), target: 'no shift' },
]
const CPU = [
  { key: 'firstCpu', title: 'first visit' },
  { key: 'coldCpu', title: 'returning (new tab, cold)' },
  { key: 'reloadCpu', title: 'returning (same tab, reloaded)' },
  { key: 'coldEvaluateCpu', title: "of which the top-level evaluation of the tool's scripts, returning (new tab)" },
]

/** The runs that hold `key` for the tool `id`: its Lighthouse runs' or its page loads'. */
export const runsOf = (samples, lighthouse) => (id, key) =>
  (['lcp', 'tbt'].includes(key) ? lighthouse[id] : samples[id]) ?? []

/** Each tool's medians: its page loads' and its Lighthouse runs'. */
export const mediansOf = (tools, samples, lighthouse) => {
  const keys = [...COLUMNS.map((column) => column.key), ...CPU.map((column) => column.key)]
  const runs = runsOf(samples, lighthouse)
  return Object.fromEntries(
    tools.map((tool) => [tool.id, Object.fromEntries(keys.map((key) => [key, median(runs(tool.id, key).map((run) => run[key]))]))]),
  )
}

/** The tools of a page-load run that are compared: this build's consentry, the peers, the baselines. */
const groups = (tools) => ({
  ours: tools.filter((tool) => tool.kind === 'consentry' && !tool.id.includes('@')),
  peers: tools.filter((tool) => tool.kind === 'peer'),
  baselines: tools.filter((tool) => tool.id.includes('@')),
})
/** The baseline tool measured the same way as `tool` (fetched or inline manifest). */
const sameWay = (tool, baseline) => tool.id.includes('fetched') === baseline.id.includes('fetched')

/**
 * A ratio row: each column of `tool` against the best peer in it (or against one `other` tool), the
 * ratio of their medians, then in brackets a 95% confidence interval of the run-by-run ratio's
 * median (`pairedInterval`).
 */
const ratioRow = (label, tool, medians, runs, peers, columns) =>
  `| ${label} | ${columns.map((column) => {
    const candidates = peers.filter((peer) => !Number.isNaN(medians[peer.id][column.key]))
    if (!candidates.length) return '—'
    const best = candidates.reduce((a, b) => (medians[b.id][column.key] < medians[a.id][column.key] ? b : a))
    const cell = ratio(medians[tool.id][column.key], medians[best.id][column.key])
    const interval = /×$/.test(cell) && !column.exact ? intervalText(pairedInterval(runs(tool.id, column.key), runs(best.id, column.key), column.key)) : ''
    return `${cell}${interval}${peers.length > 1 ? ` (${best.id})` : ''}`
  }).join(' | ')} |`

/**
 * The page-load table: a row per tool, then consentry against the best peer, against each
 * baseline build, and its goals.
 * @param {object[]} tools
 * @param {Record<string, Record<string, number>>} medians
 * @param {(id: string, key: string) => { run: number }[]} runs each tool's runs (`runsOf`)
 * @param {(id: string, total?: number) => string} failures
 */
export const pageLoadTable = (tools, medians, runs, failures) => {
  const { ours, peers, baselines } = groups(tools)
  const columns = COLUMNS.filter((column) => LIGHTHOUSE_RUNS || !column.lighthouse)
  const row = (label, cells) => `| ${label} | ${cells.join(' | ')} |`
  const how = (tool) => (tool.id.includes('fetched') ? 'fetched' : 'inline')
  return [
    row('', columns.map((column) => column.title)),
    row('---', columns.map(() => '---')),
    ...tools.map((tool) =>
      row(`${tool.label}${failures(tool.id)}`, columns.map((column) => column.format(medians[tool.id][column.key]))),
    ),
    ...ours.map((tool) => ratioRow(`${how(tool)} ÷ best peer`, tool, medians, runs, peers, columns)),
    ...ours.flatMap((tool) =>
      baselines
        .filter((baseline) => sameWay(tool, baseline))
        .map((baseline) => ratioRow(`${how(tool)} ÷ ${baseline.id.split('@')[1]}`, tool, medians, runs, [baseline], columns)),
    ),
    row('goal for consentry', columns.map((column) => column.target)),
  ]
}

/** The script CPU time of the same page views (the trace's thread time): less moved by a busy machine. */
export const cpuTable = (tools, medians) => [
  `| script CPU time (thread time) | ${CPU.map((column) => column.title).join(' | ')} |`,
  `| --- | ${CPU.map(() => '---').join(' | ')} |`,
  ...tools.map((tool) => `| ${tool.label} | ${CPU.map((column) => ms(medians[tool.id][column.key])).join(' | ')} |`),
]

export const floorsLine = (floors) =>
  `Floors of the returning visit's script time, measured the same way (a new tab, traced): a page whose only script ${Object.entries(
    FLOORS,
  )
    .map(([floor, what]) => `${what}: ${ms(median(floors[floor].map((run) => run.ms)))}`)
    .join('; one that ')}.`

/** How the page-load columns are measured. */
export const method = (lighthouseVersion) => [
  `Each run loads every tool's page in a fresh browser context, round-robin: a first visit, "Accept all",`,
  'a returning visit reloaded in the same tab, then that tab closed and a returning visit in a new tab of',
  "the same context. The new tab gets a new renderer process (the bench checks), so nothing is compiled:",
  'a visitor coming back another day. In the reloaded tab Chromium reuses the code it compiled for the',
  'first visit, which hides what compiling costs. Every response is sent with `Cache-Control: no-store`.',
  '',
  "Script time is read from a Chromium trace of the page view: the renderer main thread's time in",
  'JavaScript (compiling and evaluating scripts, functions called by the browser, promise callbacks,',
  'code-cache writes, and the garbage collection and lazy compilation within them), counted once where',
  'events nest, from the start of parsing until load and the banner shows (first visit) or the gated tags',
  `ran (returning visit), plus ${SETTLE} ms; the bench's banner probe, its waiting and the`,
  "gated stand-in scripts are left out, so it is the tool's own time (its inline configuration included).",
  `The table gives it as wall-clock time${THROTTLE > 1 ? ` at ${THROTTLE}x CPU throttling` : ', unthrottled'}; the CPU table gives the same events as the`,
  "thread's CPU time. Chromium throttles by making the main thread spin for a wall-clock time, so that",
  'CPU time includes the spin; with `THROTTLE=1` (no throttling) it is the scripts\' own CPU time, the',
  'figure a busy machine moves least: use it to compare builds there.',
  'The ratio rows divide medians; in brackets is a 95% confidence interval of the median of the same',
  "ratio taken run by run, each run's pair measured one after the other (the sign test's, from 6 runs):",
  'an interval that holds 1.00× is a difference this run cannot tell from noise.',
  'Banner visible: from navigation start until the banner is on screen with non-zero opacity (checked',
  'every 10 ms). Longest task: the longest main-thread task of the first visit, whoever ran it (the',
  'Long Tasks API, which reports tasks over 50 ms), until the banner shows plus the same wait; the row',
  "with no consent manager is the page's own. Gated tags ran: from navigation start until the last of",
  'the three gated scripts ran, on the returning visit in the new tab. Bytes are gzip -9 sizes of',
  'everything the tool itself loads',
  "(scripts, styles, locales) plus its configuration, written in the page or fetched (consentry's manifest).",
  ...(LIGHTHOUSE_RUNS
    ? [
        `Lighthouse ${lighthouseVersion}, default mobile preset (simulated throttling), on each first-visit page,`,
        `median of ${LIGHTHOUSE_RUNS} runs: Largest Contentful Paint and Total Blocking Time.`,
      ]
    : []),
]

/** The medians' count line: how many runs each median is of. */
export const runsLine = () =>
  `Median of ${RUNS} page-load runs per tool${LIGHTHOUSE_RUNS ? ` and ${LIGHTHOUSE_RUNS} Lighthouse runs` : ''}.`
