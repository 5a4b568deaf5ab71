/** Medians and the cells of the bench's tables. */

/** The median of the numbers in `values` (others ignored); NaN when there are none. */
export const median = (values) => {
  const sorted = values.filter((value) => typeof value === 'number' && !Number.isNaN(value)).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export const ms = (value) => (Number.isNaN(value) ? 'failed' : `${Math.round(value).toLocaleString('en')} ms`)
export const kb = (value) => (Number.isNaN(value) ? 'failed' : `${(value / 1000).toFixed(1)} KB`)

/** `value` against `base` as a change in percent, e.g. "+12%". */
export const percent = (value, base) =>
  Number.isNaN(value + base) ? '—' : `${value >= base ? '+' : ''}${Math.round((value / base - 1) * 100)}%`

/** `ours` as a multiple of `theirs`, e.g. "1.33×"; "—" when either failed. */
export const ratio = (ours, theirs) => {
  if (Number.isNaN(ours) || Number.isNaN(theirs)) return '—'
  if (theirs === 0) return ours === 0 ? 'equal' : `${Math.round(ours)} vs 0`
  return `${(ours / theirs).toFixed(2)}×`
}

/**
 * The `q` quantile (0 to 1) of sorted numbers, interpolated between the two nearest; NaN for none.
 * @param {number[]} sorted
 */
export const quantile = (sorted, q) => {
  if (!sorted.length) return NaN
  const at = (sorted.length - 1) * q
  const below = Math.floor(at)
  return sorted[below] + (sorted[Math.ceil(at)] - sorted[below]) * (at - below)
}

/**
 * Run by run, `ours` as a multiple of `theirs`: each run of the bench measures every tool one after
 * the other, so a run's pair met the same moment of a busy machine. The middle half of those
 * ratios (from the first to the third quartile), or `undefined` when fewer than three runs hold a
 * number in both or any ratio is not finite (a 0 ms against a 0 ms). A range that holds 1.00×
 * is not a difference the run can show.
 * @param {{ run: number }[]} ours
 * @param {{ run: number }[]} theirs
 * @param {string} key
 * @returns {[number, number] | undefined}
 */
export const pairedSpread = (ours, theirs, key) => {
  const ratios = []
  for (const sample of ours) {
    const other = theirs.find((candidate) => candidate.run === sample.run)
    const [a, b] = [sample[key], other?.[key]]
    if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a + b)) continue
    if (!Number.isFinite(a / b)) return undefined
    ratios.push(a / b)
  }
  if (ratios.length < 3) return undefined
  ratios.sort((x, y) => x - y)
  return [quantile(ratios, 0.25), quantile(ratios, 0.75)]
}

/** A spread as a cell's suffix: " [0.91–1.12]"; nothing without one. */
export const spreadText = (spread) => (spread ? ` [${spread[0].toFixed(2)}–${spread[1].toFixed(2)}]` : '')
