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

/** The chance that a fair coin tossed `n` times shows heads `k` times or fewer. */
const binomialTail = (n, k) => {
  let term = 0.5 ** n
  let sum = term
  for (let i = 0; i < k; i++) sum += term *= (n - i) / (i + 1)
  return sum
}

/**
 * Run by run, `ours` as a multiple of `theirs`, and a 95% confidence interval of the median of
 * those ratios. Each run of the bench measures every tool one after the other, so a run's pair met
 * the same moment of a busy machine. The interval is the sign test's: from the k-th smallest ratio
 * to the k-th largest, k the largest rank that leaves at most 2.5% on each side for a fair coin
 * (for 9 runs the 2nd and the 8th ratio, 96%). It assumes nothing of the noise's shape, and needs 6
 * runs with a number in both: `undefined` below that, or when a ratio is not finite (0 ms against
 * 0 ms). An interval that holds 1.00× is a difference the run cannot tell from noise.
 * @param {{ run: number }[]} ours
 * @param {{ run: number }[]} theirs
 * @param {string} key
 * @returns {[number, number] | undefined}
 */
export const pairedInterval = (ours, theirs, key) => {
  const ratios = []
  for (const sample of ours) {
    const other = theirs.find((candidate) => candidate.run === sample.run)
    const [a, b] = [sample[key], other?.[key]]
    if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a + b)) continue
    if (!Number.isFinite(a / b)) return undefined
    ratios.push(a / b)
  }
  const n = ratios.length
  let k = 0
  while (binomialTail(n, k) <= 0.025) k++
  if (k === 0) return undefined
  ratios.sort((x, y) => x - y)
  return [ratios[k - 1], ratios[n - k]]
}

/** An interval as a cell's suffix: " [0.91–1.12]"; nothing without one. */
export const intervalText = (interval) => (interval ? ` [${interval[0].toFixed(2)}–${interval[1].toFixed(2)}]` : '')
