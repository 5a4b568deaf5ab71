// The decisions-per-day chart: stacked SVG bars, drawn here rather than by a chart library, with
// the same figures in a table for screen readers and for reading exact values (docs/reference.md §13).
import { h } from './preact.mjs'

/** The three kinds of decision, in the order they are stacked, with their labels. */
export const KINDS = [
  ['acceptedAll', 'Accepted all'],
  ['chose', 'Chose'],
  ['rejectedAll', 'Rejected all'],
]
const BAR = 10
const HEIGHT = 100

/** A round maximum for the axis: 1, 2 or 5 times a power of ten, at least `value`. */
const ceiling = (value) => {
  if (value <= 1) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  return [1, 2, 5, 10].map((step) => step * power).find((step) => step >= value)
}

const total = (day) => day.acceptedAll + day.rejectedAll + day.chose

/** One day's bar: its three parts stacked from the bottom. */
const bar = (day, index, max) => {
  let top = HEIGHT
  const parts = KINDS.filter(([kind]) => day[kind] > 0).map(([kind]) => {
    const height = (day[kind] / max) * HEIGHT
    top -= height
    return h('rect', { class: `kind-${kind}`, x: index * BAR + 1, y: top, width: BAR - 2, height })
  })
  const label = `${day.day}: ${KINDS.map(([kind, name]) => `${day[kind]} ${name.toLowerCase()}`).join(', ')}`
  return h('g', { key: day.day }, h('title', null, label), ...parts)
}

/** @param {{ days: { day: string, acceptedAll: number, rejectedAll: number, chose: number }[] }} props */
export const DayChart = ({ days }) => {
  const max = ceiling(Math.max(0, ...days.map(total)))
  const summary = `Decisions per day from ${days[0]?.day} to ${days[days.length - 1]?.day}; the highest day has ${Math.max(0, ...days.map(total))}.`
  return h(
    'figure',
    { class: 'chart' },
    h(
      'div',
      { class: 'chart-plot' },
      h('span', { class: 'axis-max', 'aria-hidden': 'true' }, String(max)),
      h(
        'svg',
        { viewBox: `0 0 ${Math.max(1, days.length) * BAR} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': summary },
        h('line', { class: 'axis', x1: 0, x2: days.length * BAR, y1: HEIGHT, y2: HEIGHT }),
        ...days.map((day, index) => bar(day, index, max)),
      ),
      h('span', { class: 'axis-days', 'aria-hidden': 'true' }, h('span', null, days[0]?.day), h('span', null, days[days.length - 1]?.day)),
    ),
    h(
      'figcaption',
      { class: 'legend' },
      ...KINDS.map(([kind, name]) => h('span', { key: kind }, h('span', { class: `swatch kind-${kind}`, 'aria-hidden': 'true' }), name)),
    ),
    h(
      'details',
      null,
      h('summary', null, 'Decisions per day as a table'),
      h(
        'div',
        { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': 'Decisions per day, table' },
        h(
          'table',
          null,
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Day'), ...KINDS.map(([kind, name]) => h('th', { scope: 'col', key: kind }, name)))),
          h(
            'tbody',
            null,
            ...days.map((day) =>
              h('tr', { key: day.day }, h('th', { scope: 'row' }, day.day), ...KINDS.map(([kind]) => h('td', { key: kind }, String(day[kind])))),
            ),
          ),
        ),
      ),
    ),
  )
}
