/** The rows of consentry's at-scale table, as Markdown lines. */
import { ACTIVATE, AGAINST, AGAINST_NAME, INSERT, THROTTLE } from './options.mjs'
import { INSERTED, SCALE_IMAGES, SCALE_SCRIPTS, SCALE_TEMPLATES } from './scale.mjs'
import { median, ms, percent } from './stats.mjs'

/** With `AGAINST`, which build a row is about. */
const buildLabel = (build) => (!AGAINST ? '' : build === 'dist' ? ' [this build]' : ` [AGAINST=${AGAINST_NAME}]`)

const insertRow = (scale, mode, label, build, failures) => {
  const [plain, observer, watched] = ['plain', 'observer', build].map((variant) =>
    median((scale.insert[variant] ?? []).map((result) => result[mode])),
  )
  const what = `a page inserting ${INSERTED.toLocaleString('en')} elements ${label}`
  const times = `${ms(plain)} → ${ms(observer)} (${percent(observer, plain)}) → ${ms(watched)} (${percent(watched, plain)}; ${percent(watched, observer)} over the empty observer)`
  return `| ${what}: nothing watching → an empty MutationObserver → consentry${buildLabel(build)}${failures} | ${times} | consentry at most +10% |`
}

const activateRow = (scale, build, failures) => {
  const what = `"accept all" activating 1,000 gated elements (${SCALE_SCRIPTS} inline scripts, ${SCALE_TEMPLATES} templates, ${SCALE_IMAGES} images), banner closing included`
  const of = (key, kind) => ms(median((scale.activate[key] ?? []).map((result) => result[kind])))
  const none = `${build}-none`
  const times = `${of(build, 'script')} (with no gated element: ${of(none, 'script')}); main thread ${of(build, 'task')} (${of(none, 'task')})`
  return `| ${what}${buildLabel(build)}${failures} | ${times} | at most 50 ms |`
}

const selfRow = (scale) => {
  const of = (kind) => ms(median((scale.activate.self ?? []).map((result) => result[kind])))
  return `| the same 1,000 elements activated by the page itself, in one task, with no consent manager | ${of('script')}; main thread ${of('task')} | (the least it can cost) |`
}

/**
 * The at-scale table and its notes.
 * @param {{ activate: object, insert: object }} scale
 * @param {string[]} builds
 * @param {(id: string, total: number) => string} failures
 * @param {number} runs
 */
export const scaleTable = (scale, builds, failures, runs) => [
  `| consentry at scale (script time, ${THROTTLE}x CPU) | median | target |`,
  '| --- | --- | --- |',
  ...(ACTIVATE
    ? [...builds.map((build) => activateRow(scale, build, failures('activate', (1 + 2 * builds.length) * runs))), selfRow(scale)]
    : []),
  ...(INSERT
    ? builds.flatMap((build) => {
        const failed = failures('insert', (1 + builds.length) * runs)
        return [
          insertRow(scale, 'one', 'one at a time (100 tasks of 100 appends)', build, failed),
          insertRow(scale, 'many', 'as 100 fragments of 100', build, failed),
        ]
      })
    : []),
  '',
  "Script time at scale is Chromium's ScriptDuration (Performance.getMetrics) over the work the bench",
  'starts from a page task. It leaves out promise callbacks, and consentry runs gated scripts one promise',
  "after another, so the activation row also gives the main thread's whole busy time (Chromium's",
  'TaskDuration: script and promise callbacks, style, layout, paint, garbage collection).',
]
