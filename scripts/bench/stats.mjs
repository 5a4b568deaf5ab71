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
